// protocol/server's spliced reads (spliced_read.hpp): a large read leaves the brick through a
// pipe, its bytes whole and in order at any offset, short at end of file, over unix sockets
// and TCP; a read one pipe cannot take continues in the second; small reads are copied as
// before; a translator that does not pass reads through
// (the default Xlator::read_to_pipe) makes the server read with readv.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/uio.h>

#include <random>
#include <string>

#include "core/xlators/protocol/transport/splice_pipe.hpp"
#include "tests/unit/xlators/protocol/protocol_fixture.hpp"

namespace booster::test {
namespace {

constexpr std::size_t kKiB = 1024;

std::string pattern(std::size_t size, unsigned seed) {
    std::mt19937 gen(seed);
    std::string data(size, '\0');
    for (char& c : data) c = static_cast<char>(gen());
    return data;
}

std::string read_back(ProtocolPair& p, Fd& fd, std::size_t length, off_t at) {
    std::string into(length, 'x');
    const iovec iov{into.data(), into.size()};
    auto got = sync_wait(p.top().readv(root_req(), fd, IoVecs(&iov, 1), at, 0));
    REQUIRE(got.has_value());
    into.resize(*got);
    return into;
}

}  // namespace

TEST_CASE("protocol: a large read is spliced from the brick's file, whole and in order, at any offset") {
    for (const Transport t : {Transport::kUnix, Transport::kTcp}) {
        CAPTURE(static_cast<int>(t));
        ProtocolPair p(t);
        FdRef fd = p.create_file("big");
        std::string data = pattern(900 * kKiB + 7, 5);
        const iovec iov{data.data(), data.size()};
        REQUIRE(sync_wait(p.top().writev(root_req(), *fd, IoVecs(&iov, 1), 0, 0)).has_value());
        const std::uint64_t before = p.spliced_reads();
        CHECK(read_back(p, *fd, 64 * kKiB, 0) == data.substr(0, 64 * kKiB));
        CHECK(read_back(p, *fd, 300 * kKiB, 4093) == data.substr(4093, 300 * kKiB));
        CHECK(read_back(p, *fd, 512 * kKiB, 100 * kKiB + 1) == data.substr(100 * kKiB + 1, 512 * kKiB));
        CHECK(read_back(p, *fd, 256 * kKiB, 800 * kKiB) == data.substr(800 * kKiB));  // short: end of file
        CHECK(read_back(p, *fd, 128 * kKiB, 2000 * kKiB).empty());                     // beyond it
        CHECK(p.spliced_reads() - before == 5);
    }
}

TEST_CASE("protocol: a read one pipe cannot take is spliced through two") {
    // The server's pipes are as large as this process may make one.
    auto probe = transport::SplicePipe::open();
    REQUIRE(probe.has_value());
    const std::size_t pipe = probe->capacity();
    ProtocolPair p(Transport::kUnix);
    FdRef fd = p.create_file("larger");
    std::string data = pattern(pipe + 64 * kKiB, 7);
    const iovec iov{data.data(), data.size()};
    REQUIRE(sync_wait(p.top().writev(root_req(), *fd, IoVecs(&iov, 1), 0, 0)).has_value());
    const std::uint64_t before = p.spliced_reads();
    // io-cache's stream read of a whole file: one byte more than a pipe.
    CHECK(read_back(p, *fd, pipe + 1, 0) == data.substr(0, pipe + 1));
    // A pipe's worth that does not start on a page spans one page more than the pipe has.
    CHECK(read_back(p, *fd, pipe, 4093) == data.substr(4093, pipe));
    // The end of the file comes in the first pipe: the second stays empty.
    CHECK(read_back(p, *fd, pipe + 1, static_cast<off_t>(data.size() - 100)) == data.substr(data.size() - 100));
    CHECK(p.spliced_reads() - before == 3);
}

TEST_CASE("protocol: a small read is copied, not spliced") {
    ProtocolPair p(Transport::kUnix);
    FdRef fd = p.create_file("small");
    std::string data = pattern(64 * kKiB, 6);
    const iovec iov{data.data(), data.size()};
    REQUIRE(sync_wait(p.top().writev(root_req(), *fd, IoVecs(&iov, 1), 0, 0)).has_value());
    const std::uint64_t before = p.spliced_reads();
    CHECK(read_back(p, *fd, 4 * kKiB, 10) == data.substr(10, 4 * kKiB));
    CHECK(read_back(p, *fd, 64 * kKiB - 1, 0) == data.substr(0, 64 * kKiB - 1));
    CHECK(p.spliced_reads() == before);
}

TEST_CASE("protocol: a translator that does not pass reads through answers read_to_pipe ENOTSUP") {
    ProtocolPair p(Transport::kUnix);
    Xlator plain;  // overrides nothing
    FdRef fd = p.new_fd(O_RDONLY);
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    auto r = plain.read_to_pipe(root_req(), *fd, ends[1], 64 * kKiB, 0);
    ::close(ends[0]);
    ::close(ends[1]);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().errnum == ENOTSUP);
}

}  // namespace booster::test
