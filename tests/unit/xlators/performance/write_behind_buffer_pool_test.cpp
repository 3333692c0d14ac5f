// write-behind's BufferPool: aggregate-size buffers come back for appends; copies larger than
// that come back for the next write of their size, within keep x aggregate-size bytes; smaller
// copies are malloc's. Write-behind itself keeps a fixed-size writer's copies (its dump's
// pooled-bytes).
#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "core/xlators/performance/write-behind/buffer_pool.hpp"
#include "tests/unit/xlators/performance/write_behind_support.hpp"

namespace {

using booster::BufferPool;

constexpr std::size_t kBuffer = 4096;

TEST_CASE("write-behind buffers: only take()'s buffers are appendable, and both kinds come back") {
    auto pool = std::make_shared<BufferPool>(kBuffer, 4);
    BufferPool::Buffer appendable = BufferPool::take(pool);
    BufferPool::Buffer large = BufferPool::copy_buffer(pool, 3 * kBuffer);
    BufferPool::Buffer small = BufferPool::copy_buffer(pool, kBuffer);
    CHECK(pool->appendable(appendable));
    CHECK_FALSE(pool->appendable(large));
    CHECK_FALSE(pool->appendable(small));
    appendable.reset();
    CHECK(pool->free_bytes() == kBuffer);
    large.reset();
    CHECK(pool->free_bytes() == 4 * kBuffer);
    small.reset();
    CHECK(pool->free_bytes() == 4 * kBuffer);  // malloc's
}

TEST_CASE("write-behind buffers: a large copy given back serves the next write of its size only") {
    auto pool = std::make_shared<BufferPool>(kBuffer, 8);
    char* first = nullptr;
    {
        BufferPool::Buffer b = BufferPool::copy_buffer(pool, 2 * kBuffer);
        first = b.get();
    }
    CHECK(pool->free_bytes() == 2 * kBuffer);
    BufferPool::Buffer other_size = BufferPool::copy_buffer(pool, 3 * kBuffer);
    CHECK(pool->free_bytes() == 2 * kBuffer);
    BufferPool::Buffer same_size = BufferPool::copy_buffer(pool, 2 * kBuffer);
    CHECK(same_size.get() == first);
    CHECK(pool->free_bytes() == 0);
}

TEST_CASE("write-behind buffers: free large copies stay within keep x buffer size") {
    auto pool = std::make_shared<BufferPool>(kBuffer, 4);
    std::vector<BufferPool::Buffer> copies;
    for (int i = 0; i < 3; ++i) copies.push_back(BufferPool::copy_buffer(pool, 2 * kBuffer));
    copies.clear();
    CHECK(pool->free_bytes() == 4 * kBuffer);  // two of the three: a third would be 6
}

TEST_CASE("write-behind buffers: a buffer outlives its pool's owner") {
    auto pool = std::make_shared<BufferPool>(kBuffer, 2);
    BufferPool::Buffer b = BufferPool::copy_buffer(pool, 2 * kBuffer);
    pool.reset();
    b.get()[2 * kBuffer - 1] = 'x';
    b.reset();  // given back to the pool the deleter still holds, which then goes
}

TEST_CASE("write-behind: a writer of one block size larger than aggregate-size gets its copies back") {
    using namespace booster;
    test::Volume v({{"valve", "test/valve", ""}, test::write_behind("aggregate-size 8KB\n")});
    FdRef fd = v.open();
    const std::string block(64 * 1024, 'b');
    for (int i = 0; i < 8; ++i) CHECK(v.write(*fd, i * 65536, block) == block.size());
    CHECK(v.top.dump().ends_with(" pooled-bytes=0\n"));
    v.layer<test::Valve>("valve").open();
    CHECK(v.leaf.data() == std::string(8 * block.size(), 'b'));
    CHECK(v.top.dump().ends_with(" pooled-bytes=524288\n"));
    // The next write takes one of them and gives it back (9 x 64 KiB if it had been a new one).
    CHECK(v.write(*fd, 0, std::string(block.size(), 'c')) == block.size());
    CHECK(v.leaf.data().starts_with(std::string(block.size(), 'c')));
    CHECK(v.top.dump().ends_with(" pooled-bytes=524288\n"));
}

}  // namespace
