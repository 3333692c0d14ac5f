// write_in_pieces (write_pieces.hpp): a write goes down in pieces of at most the piece size, at
// the right offsets, its bytes in order across the caller's buffers; it answers as one write(2)
// would when a piece is written short or fails.
#include "core/xlators/storage/posix/write_pieces.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace booster {
namespace {

constexpr std::size_t kKiB = 1024;

struct Call {
    off_t offset;
    std::string bytes;
};

// Records each piece; `answers` (consumed in order, then the piece's whole size) say what each
// call returns.
struct Recorder {
    std::vector<Call> calls;
    std::vector<Result<std::size_t>> answers;

    PieceWriter writer() {
        return [this](IoVecs piece, off_t offset) -> Result<std::size_t> {
            std::string bytes;
            for (const iovec& v : piece) bytes.append(static_cast<const char*>(v.iov_base), v.iov_len);
            calls.push_back({offset, bytes});
            if (calls.size() <= answers.size()) return answers[calls.size() - 1];
            return bytes.size();
        };
    }
};

std::string text(std::size_t size, char first) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>(first + i % 23);
    return s;
}

iovec of(std::string& s) { return {s.data(), s.size()}; }

}  // namespace

TEST_CASE("write_in_pieces: pieces of the piece size at consecutive offsets, crossing the caller's buffers") {
    std::string a = text(10 * kKiB, 'a'), b = text(100 * kKiB, 'b'), c = text(50 * kKiB, 'c');
    const iovec src[] = {of(a), {nullptr, 0}, of(b), of(c)};
    Recorder r;
    auto n = write_in_pieces(src, 1000, 64 * kKiB, r.writer());
    REQUIRE(n.has_value());
    CHECK(*n == 160 * kKiB);
    REQUIRE(r.calls.size() == 3);
    CHECK(r.calls[0].offset == 1000);
    CHECK(r.calls[1].offset == 1000 + 64 * kKiB);
    CHECK(r.calls[2].offset == 1000 + 128 * kKiB);
    CHECK(r.calls[0].bytes.size() == 64 * kKiB);
    CHECK(r.calls[1].bytes.size() == 64 * kKiB);
    CHECK(r.calls[2].bytes.size() == 32 * kKiB);
    CHECK(r.calls[0].bytes + r.calls[1].bytes + r.calls[2].bytes == a + b + c);
}

TEST_CASE("write_in_pieces: a write of an exact number of pieces, and one smaller than a piece") {
    std::string whole = text(128 * kKiB, 'w');
    const iovec two[] = {of(whole)};
    Recorder r;
    CHECK(write_in_pieces(two, 0, 64 * kKiB, r.writer()).value() == 128 * kKiB);
    CHECK(r.calls.size() == 2);
    std::string small = text(100, 's');
    const iovec one[] = {of(small)};
    Recorder s;
    CHECK(write_in_pieces(one, 7, 64 * kKiB, s.writer()).value() == 100);
    REQUIRE(s.calls.size() == 1);
    CHECK(s.calls[0].offset == 7);
}

TEST_CASE("write_in_pieces: a piece written short ends the write with the count so far") {
    std::string data = text(200 * kKiB, 'd');
    const iovec src[] = {of(data)};
    Recorder r;
    r.answers = {64 * kKiB, 1000};
    auto n = write_in_pieces(src, 0, 64 * kKiB, r.writer());
    REQUIRE(n.has_value());
    CHECK(*n == 64 * kKiB + 1000);
    CHECK(r.calls.size() == 2);
}

TEST_CASE("write_in_pieces: a failure after written pieces is a short write; a first piece's failure is the error") {
    std::string data = text(200 * kKiB, 'e');
    const iovec src[] = {of(data)};
    Recorder later;
    later.answers = {64 * kKiB, fail(ENOSPC)};
    auto n = write_in_pieces(src, 0, 64 * kKiB, later.writer());
    REQUIRE(n.has_value());
    CHECK(*n == 64 * kKiB);
    CHECK(later.calls.size() == 2);

    Recorder first;
    first.answers = {fail(EIO)};
    auto e = write_in_pieces(src, 0, 64 * kKiB, first.writer());
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().errnum == EIO);
    CHECK(first.calls.size() == 1);
}

}  // namespace booster
