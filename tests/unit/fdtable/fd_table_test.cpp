// FdTable: mapping, dup sharing, close-on-exec per number, growth, and concurrent races
// (run under ThreadSanitizer by scripts/test).
#include "fdtable/fd_table.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using booster::fdtable::FdTable;
using booster::fdtable::Handle;
using booster::fdtable::Pin;

namespace {

struct OpenFile {
    explicit OpenFile(int id, std::atomic<int>* destroyed = nullptr) : id(id), destroyed(destroyed) {}
    ~OpenFile() {
        if (destroyed != nullptr) destroyed->fetch_add(1);
    }
    int id;
    std::atomic<int>* destroyed;
    std::atomic<long> offset{0};
};

}  // namespace

TEST_CASE("an fd maps to its entry until removed; other fds are empty") {
    FdTable<OpenFile> t(4096);
    CHECK_FALSE(t.lookup(5));
    auto h = Handle<OpenFile>::make(1);
    REQUIRE(t.install(5, h, false));
    CHECK(t.lookup(5)->id == 1);
    CHECK_FALSE(t.lookup(6));
    CHECK_FALSE(t.lookup(-1));
    CHECK_FALSE(t.lookup(4096));
    CHECK(t.remove(5) == h);
    CHECK_FALSE(t.contains(5));
}

TEST_CASE("dup'd fds share one entry (and its offset); the entry dies with the last reference") {
    std::atomic<int> destroyed{0};
    FdTable<OpenFile> t(4096);
    {
        auto h = Handle<OpenFile>::make(7, &destroyed);
        t.install(3, h, false);
    }
    t.dup(3, 10, true);
    t.lookup(3)->offset += 100;
    CHECK(t.lookup(10)->offset == 100);
    CHECK(t.lookup(10)->id == 7);
    CHECK_FALSE(t.cloexec(3));
    CHECK(t.cloexec(10));
    CHECK(t.lookup(3).use_count() == 3);  // two slots + this temporary
    (void)t.remove(3);
    CHECK(destroyed == 0);
    (void)t.remove(10);
    CHECK(destroyed == 1);
}

TEST_CASE("dup2 onto an occupied fd returns the replaced entry; dup of an empty fd clears the target") {
    FdTable<OpenFile> t(4096);
    t.install(4, Handle<OpenFile>::make(1), false);
    t.install(5, Handle<OpenFile>::make(2), false);
    auto replaced = t.dup(4, 5, false);
    REQUIRE(replaced);
    CHECK(replaced->id == 2);
    CHECK(t.lookup(5)->id == 1);
    auto cleared = t.dup(99, 5, false);
    CHECK(cleared->id == 1);
    CHECK_FALSE(t.contains(5));
}

TEST_CASE("the table grows across chunks up to its limit and for_each visits exactly the occupied fds") {
    FdTable<OpenFile> t(5000);
    for (int fd : {0, 1023, 1024, 4999}) REQUIRE(t.install(fd, Handle<OpenFile>::make(fd), fd == 1024));
    CHECK_FALSE(t.install(5000, Handle<OpenFile>::make(0), false));
    std::vector<int> seen;
    t.for_each(0, 1 << 30, [&](int fd, const Handle<OpenFile>& h) {
        CHECK(h->id == fd);
        seen.push_back(fd);
    });
    CHECK(seen == std::vector<int>{0, 1023, 1024, 4999});
    CHECK(t.cloexec(1024));
    t.set_cloexec(1024, false);
    CHECK_FALSE(t.cloexec(1024));
}

TEST_CASE("for_each_held holds each visited number: a remove there waits until the call returns") {
    FdTable<OpenFile> t(4096);
    t.install(5, Handle<OpenFile>::make(5), false);
    std::atomic<bool> inside{false};
    std::atomic<bool> removed{false};
    std::jthread closer;
    t.for_each_held(0, 100, [&](int fd, const Handle<OpenFile>& h) {
        CHECK(fd == 5);
        CHECK(h->id == 5);
        closer = std::jthread([&] {
            while (!inside.load()) std::this_thread::yield();
            (void)t.remove(5);
            removed.store(true);
        });
        inside.store(true);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK_FALSE(removed.load());  // still the entry at 5 while this call runs
    });
    closer.join();
    CHECK(removed.load());
    CHECK_FALSE(t.lookup(5));
}

TEST_CASE("default limit follows RLIMIT_NOFILE") {
    FdTable<OpenFile> t;
    CHECK(t.max_fds() >= 1024);
}

TEST_CASE("a pinned entry outlives the close of its fd and dies when the pin ends") {
    std::atomic<int> destroyed{0};
    FdTable<OpenFile> t(64);
    t.install(3, Handle<OpenFile>::make(7, &destroyed), false);
    CHECK_FALSE(t.pin(4));
    {
        Pin<OpenFile> p = t.pin(3);
        REQUIRE(p);
        (void)t.remove(3);
        CHECK_FALSE(t.pin(3));
        CHECK(destroyed.load() == 0);
        CHECK(p->id == 7);
    }
    CHECK(destroyed.load() == 1);
}

TEST_CASE("a nested pin on one thread holds its entry by reference; each dies with its own pin") {
    std::atomic<int> destroyed{0};
    FdTable<OpenFile> t(64);
    t.install(1, Handle<OpenFile>::make(1, &destroyed), false);
    t.install(2, Handle<OpenFile>::make(2, &destroyed), false);
    {
        Pin<OpenFile> outer = t.pin(1);
        {
            Pin<OpenFile> inner = t.pin(2);
            (void)t.remove(1);
            (void)t.remove(2);
            CHECK(outer->id == 1);
            CHECK(inner->id == 2);
            CHECK(destroyed.load() == 0);
        }
        CHECK(destroyed.load() == 1);
    }
    CHECK(destroyed.load() == 2);
}

TEST_CASE("an entry closed by another thread while pinned is destroyed by the pinning thread's release") {
    std::atomic<int> destroyed{0};
    FdTable<OpenFile> t(64);
    t.install(9, Handle<OpenFile>::make(9, &destroyed), false);
    std::atomic<int> step{0};
    std::thread reader([&] {
        Pin<OpenFile> p = t.pin(9);
        step = 1;
        while (step.load() != 2) std::this_thread::yield();
        CHECK(p->id == 9);
        CHECK(destroyed.load() == 0);
    });
    while (step.load() != 1) std::this_thread::yield();
    (void)t.remove(9);
    CHECK(destroyed.load() == 0);
    step = 2;
    reader.join();
    CHECK(destroyed.load() == 1);
}

TEST_CASE("concurrent dup2, close, lookup and pin never see a torn or freed entry") {
    std::atomic<int> destroyed{0};
    std::atomic<int> created{0};
    FdTable<OpenFile> t(2048);
    std::atomic<bool> stop{false};
    constexpr int kFds = 16;
    for (int fd = 0; fd < kFds; ++fd) {
        t.install(fd, Handle<OpenFile>::make(fd, &destroyed), false);
        ++created;
    }
    std::vector<std::thread> threads;
    for (int w = 0; w < 2; ++w) {
        threads.emplace_back([&, w] {
            unsigned x = 12345u + static_cast<unsigned>(w);
            for (int i = 0; i < 20000; ++i) {
                x = x * 1103515245u + 12345u;
                const int a = static_cast<int>((x >> 8) % kFds);
                const int b = static_cast<int>((x >> 16) % kFds);
                switch ((x >> 24) % 3) {
                    case 0: t.dup(a, b, (x & 1) != 0); break;
                    case 1: (void)t.remove(a); break;
                    default:
                        t.install(a, Handle<OpenFile>::make(a, &destroyed), false);
                        ++created;
                }
            }
        });
    }
    // One reader takes counted handles, the other pins.
    auto reader = [&](auto find) {
        return [&, find] {
            long sum = 0;
            while (!stop.load()) {
                for (int fd = 0; fd < kFds; ++fd)
                    if (auto f = find(fd)) sum += f->offset.fetch_add(1) >= 0 ? f->id : 0;
            }
            CHECK(sum >= 0);
        };
    };
    threads.emplace_back(reader([&](int fd) { return t.lookup(fd); }));
    threads.emplace_back(reader([&](int fd) { return t.pin(fd); }));
    for (int i = 0; i < 2; ++i) threads[static_cast<std::size_t>(i)].join();
    stop = true;
    for (std::size_t i = 2; i < threads.size(); ++i) threads[i].join();
    for (int fd = 0; fd < kFds; ++fd) (void)t.remove(fd);
    CHECK(destroyed.load() == created.load());
}
