// The registry of the engine's own descriptors: moved_high() marks a number, the UniqueFd that
// closes it unmarks it first; first_engine_descriptor finds the lowest marked number in a range
// (across words of the bitmap, bounds included); numbers beyond the tracked range are ignored.
// An engine change and a program's close never overlap across threads: each waits for the
// other to end; on one thread they nest without waiting.
#include "core/xlators/storage/posix/engine_descriptors.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "core/xlators/storage/posix/high_descriptor.hpp"

using namespace booster;

TEST_CASE("engine descriptors: moved_high marks the number; closing its UniqueFd unmarks it") {
    int number = -1;
    {
        UniqueFd fd = moved_high(UniqueFd(::open("/dev/null", O_RDONLY)));
        REQUIRE(fd);
        number = fd.get();
        CHECK(is_engine_descriptor(number));
        CHECK(first_engine_descriptor(number, number) == number);
    }
    CHECK_FALSE(is_engine_descriptor(number));
}

TEST_CASE("engine descriptors: the lowest marked number in a range, across words") {
    // Numbers far above anything this test process opens.
    const int base = 40000;
    mark_engine_descriptor(base + 3);
    mark_engine_descriptor(base + 130);
    CHECK(first_engine_descriptor(base, base + 200) == base + 3);
    CHECK(first_engine_descriptor(base + 3, base + 3) == base + 3);
    CHECK(first_engine_descriptor(base + 4, base + 200) == base + 130);
    CHECK(first_engine_descriptor(base + 4, base + 129) == -1);
    CHECK(first_engine_descriptor(base + 131, kTrackedEngineDescriptors + 10) == -1);
    unmark_engine_descriptor(base + 3);
    unmark_engine_descriptor(base + 130);
    CHECK(first_engine_descriptor(base, base + 200) == -1);
}

TEST_CASE("engine descriptors: numbers outside the tracked range are never engine descriptors") {
    mark_engine_descriptor(kTrackedEngineDescriptors + 5);
    mark_engine_descriptor(-1);
    CHECK_FALSE(is_engine_descriptor(kTrackedEngineDescriptors + 5));
    CHECK_FALSE(is_engine_descriptor(-1));
}

namespace {

// Starts `Entered` on another thread while this thread holds `Held`; true when it entered
// only after `Held` went (it was still waiting 20 ms in).
template <class Held, class Entered>
bool waits_for_the_other_side() {
    std::optional<Held> held(std::in_place);
    std::atomic<bool> entered{false};
    std::jthread other([&] {
        const Entered inside;
        entered.store(true);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const bool waited = !entered.load();
    held.reset();
    other.join();
    return waited && entered.load();
}

}  // namespace

TEST_CASE("descriptor changes: a program's close waits while the engine changes descriptors") {
    CHECK(waits_for_the_other_side<EngineDescriptorChange, ProgramDescriptorClose>());
}

TEST_CASE("descriptor changes: an engine change waits while a program's close runs") {
    CHECK(waits_for_the_other_side<ProgramDescriptorClose, EngineDescriptorChange>());
}

TEST_CASE("descriptor changes: on one thread each nests inside the other without waiting") {
    {
        const EngineDescriptorChange change;
        const ProgramDescriptorClose close_inside;  // the engine's own close of a number it moved
    }
    {
        const ProgramDescriptorClose close;
        const EngineDescriptorChange change_inside;  // a signal handler's I/O during the close
    }
    CHECK(waits_for_the_other_side<EngineDescriptorChange, ProgramDescriptorClose>());
}

TEST_CASE("descriptor changes: a forked child's closes do not wait for the parent's other threads") {
    std::atomic<bool> holding{false};
    std::atomic<bool> release{false};
    std::jthread engine([&] {
        const EngineDescriptorChange change;
        holding.store(true);
        while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    while (!holding.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const pid_t child = ::fork();
    if (child == 0) {
        ::alarm(5);  // a close that waits for the parent's thread would wait for ever
        descriptor_changes_after_fork();
        { const ProgramDescriptorClose close; }
        { const EngineDescriptorChange change; }
        ::_exit(0);
    }
    release.store(true);
    REQUIRE(child > 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
