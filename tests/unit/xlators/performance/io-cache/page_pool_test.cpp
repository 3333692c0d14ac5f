// performance/io-cache's PagePool: a page's buffer is reused only after its last reference is
// gone, and the pool keeps no more buffers than its bound (page_pool.hpp).
#include "core/xlators/performance/io-cache/page_pool.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace {

using namespace booster;

}  // namespace

TEST_CASE("a page's buffer is reused once its last reference is gone, not before") {
    std::shared_ptr<PagePool> pool = PagePool::create(4096, 8);
    std::shared_ptr<Page> first = pool->make_page();
    const char* buffer = first->bytes.get();
    PageRef reader = first;
    first.reset();
    std::shared_ptr<Page> while_read = pool->make_page();
    CHECK(while_read->bytes.get() != buffer);
    CHECK(reader->bytes.get() == buffer);
    reader.reset();
    CHECK(pool->free_buffers() == 1);
    std::shared_ptr<Page> after = pool->make_page();
    CHECK(after->bytes.get() == buffer);
    CHECK(after->size == 0);
    CHECK(pool->free_buffers() == 0);
}

TEST_CASE("the pool holds freed buffers only while its buffers number fewer than its bound") {
    std::shared_ptr<PagePool> pool = PagePool::create(4096, 2);
    std::vector<std::shared_ptr<Page>> pages;
    for (int i = 0; i < 3; ++i) pages.push_back(pool->make_page());
    pages.clear();
    CHECK(pool->free_buffers() == 2);
}

TEST_CASE("a page that outlives its pool frees its own buffer") {
    std::shared_ptr<PagePool> pool = PagePool::create(4096, 2);
    std::shared_ptr<Page> page = pool->make_page();
    pool.reset();
    page.reset();  // no use of the gone pool (asan and tsan builds would tell)
    CHECK(page == nullptr);
}
