// protocol/client splits a readv or writev larger than one frame (1 MiB of data by default):
// the data lands whole and in order, iovecs are cut where needed, a short read stops the
// split readv, an error on the first chunk is the call's error, and an appending writev
// lands contiguous after what was there.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/uio.h>

#include <fstream>
#include <iterator>
#include <random>

#include "core/xlators/protocol/wire/frame_header.hpp"
#include "tests/unit/xlators/protocol/protocol_fixture.hpp"

namespace booster::test {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;

std::string pattern(std::size_t size, unsigned seed) {
    std::mt19937 gen(seed);
    std::string data(size, '\0');
    for (char& c : data) c = static_cast<char>(gen());
    return data;
}

std::string brick_file(ProtocolPair& p, const char* name) {
    std::ifstream in(p.brick_dir() / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Three iovecs of uneven sizes, so that chunk boundaries fall inside them.
std::vector<iovec> three_parts(std::string& data) {
    const std::size_t a = data.size() / 3 + 5;
    const std::size_t b = data.size() / 4;
    return {{data.data(), a}, {data.data() + a, b}, {data.data() + a + b, data.size() - a - b}};
}

Result<std::size_t> write_at(ProtocolPair& p, Fd& fd, std::string& data, off_t at, unsigned flags = 0) {
    const std::vector<iovec> parts = three_parts(data);
    return sync_wait(p.top().writev(root_req(), fd, parts, at, flags));
}

Result<std::size_t> read_at(ProtocolPair& p, Fd& fd, std::string& into, off_t at) {
    const std::vector<iovec> parts = three_parts(into);
    return sync_wait(p.top().readv(root_req(), fd, parts, at, 0));
}

TEST_CASE("protocol: a readv or writev larger than one frame is split and lands whole, in order") {
    for (const Transport t : {Transport::kUnix, Transport::kTcp}) {
        ProtocolPair p(t);
        for (const std::size_t size : {3 * kMiB, 3 * kMiB + 1, kMiB + 1, 2 * kMiB + kMiB / 2 + 7}) {
            CAPTURE(size);
            FdRef fd = p.create_file("big");
            std::string data = pattern(size, static_cast<unsigned>(size));
            const off_t at = 4093;
            auto written = write_at(p, *fd, data, at);
            REQUIRE(written.has_value());
            CHECK(*written == size);
            CHECK(brick_file(p, "big") == std::string(at, '\0') + data);
            std::string back(size, 'x');
            auto got = read_at(p, *fd, back, at);
            REQUIRE(got.has_value());
            CHECK(*got == size);
            CHECK(back == data);
            fd = {};
            REQUIRE(sync_wait(p.top().unlink(root_req(), p.child(Gfid::root(), "big", false))).has_value());
        }
    }
}

TEST_CASE("protocol: a readv of 1 MiB and a byte (io-cache's end-of-file probe) is one request") {
    ProtocolPair p(Transport::kUnix);
    FdRef fd = p.create_file("probe");
    std::string data = pattern(2 * kMiB, 2);
    REQUIRE(write_at(p, *fd, data, 0).has_value());
    std::string back(kMiB + 1, 'x');
    const int before = p.probe().readvs.load();
    const std::uint64_t spliced_before = p.spliced_reads();
    auto got = read_at(p, *fd, back, 0);
    REQUIRE(got.has_value());
    CHECK(*got == kMiB + 1);
    CHECK(back == data.substr(0, kMiB + 1));
    CHECK(p.probe().readvs.load() - before == 0);
    CHECK(p.spliced_reads() - spliced_before == 1);
}

TEST_CASE("protocol: with the smallest frame both ends accept, a large readv and writev still land whole") {
    const std::string smallest = "  option max-message-size " + std::to_string(wire::kMinMaxMessageSize) + "\n";
    ProtocolPair p(Transport::kUnix, smallest, smallest);
    FdRef fd = p.create_file("small-frames");
    std::string data = pattern(300 * 1024 + 11, 3);
    auto written = write_at(p, *fd, data, 0);
    REQUIRE(written.has_value());
    CHECK(*written == data.size());
    std::string back(data.size(), 'x');
    const int before = p.probe().readvs.load();
    const std::uint64_t spliced_before = p.spliced_reads();
    auto got = read_at(p, *fd, back, 0);
    REQUIRE(got.has_value());
    CHECK(*got == data.size());
    CHECK(back == data);
    // Each chunk is a frame minus the reply's room: 3 chunks, none refused by the brick.
    CHECK((p.probe().readvs.load() - before) + (p.spliced_reads() - spliced_before) == 3);
}

TEST_CASE("protocol: a split readv stops at the first short read (end of file)") {
    ProtocolPair p(Transport::kUnix);
    FdRef fd = p.create_file("short");
    std::string data = pattern(kMiB + kMiB / 2 + 3, 1);
    REQUIRE(write_at(p, *fd, data, 0).has_value());
    std::string back(3 * kMiB, 'x');
    auto got = read_at(p, *fd, back, 0);
    REQUIRE(got.has_value());
    CHECK(*got == data.size());
    CHECK(back.substr(0, data.size()) == data);
    CHECK(back.substr(data.size()) == std::string(back.size() - data.size(), 'x'));
}

TEST_CASE("protocol: a split writev that fails on its first chunk returns the error") {
    ProtocolPair p(Transport::kUnix);
    { FdRef made = p.create_file("ro"); }
    FdRef ro = p.new_fd(O_RDONLY);
    REQUIRE(sync_wait(p.top().open(root_req(), p.child(Gfid::root(), "ro", false), O_RDONLY, *ro)).has_value());
    std::string data = pattern(3 * kMiB, 2);
    auto written = write_at(p, *ro, data, 0);
    REQUIRE(!written.has_value());
    CHECK(written.error().errnum == EBADF);
    CHECK(brick_file(p, "ro").empty());
}

TEST_CASE("protocol: a split appending writev lands after what was there, in order") {
    ProtocolPair p(Transport::kUnix);
    FdRef fd = p.create_file("log", O_WRONLY | O_APPEND);
    std::string head = "first line\n";
    REQUIRE(write_at(p, *fd, head, 0, RWF_APPEND).has_value());
    std::string data = pattern(3 * kMiB + 11, 3);
    auto written = write_at(p, *fd, data, 0, RWF_APPEND);
    REQUIRE(written.has_value());
    CHECK(*written == data.size());
    CHECK(brick_file(p, "log") == head + data);
}

}  // namespace
}  // namespace booster::test
