// PagePool: makes pages, recycling the buffers of pages that left the cache. A page (128 KiB by
// default) is above glibc's mmap threshold, so a fresh buffer per page would cost an mmap, a
// fault per 4 KiB at its fill and a munmap when it goes: every page of a stream through the
// cache would pay that. A buffer is reused only once the last PageRef to its page is gone, and
// a fill overwrites it before any byte of it is served (a page serves only its first `size`
// bytes), so reuse never shows a previous page's bytes.
// Bound: the pool holds a freed buffer only while its buffers (in pages and free together) are
// at most `max_buffers`; beyond that a freed buffer goes back to the allocator.
// Ownership: shared (shared_ptr) by the PageCache; each page's deleter holds it weakly, so a
// page outliving the pool frees its own buffer.
// Thread-safety: any thread; one mutex, held only around the free list.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "core/xlators/performance/io-cache/page.hpp"

namespace booster {

class PagePool : public std::enable_shared_from_this<PagePool> {
public:
    static std::shared_ptr<PagePool> create(std::size_t page_size, std::size_t max_buffers);
    PagePool(const PagePool&) = delete;
    PagePool& operator=(const PagePool&) = delete;

    // An empty page (size 0) with a buffer of page-size, reused when one is free.
    std::shared_ptr<Page> make_page();
    std::size_t free_buffers() const;

private:
    PagePool(std::size_t page_size, std::size_t max_buffers) : page_size_(page_size), max_buffers_(max_buffers) {}
    std::unique_ptr<char[]> take_buffer();
    void give_back(std::unique_ptr<char[]> buffer);

    const std::size_t page_size_;
    const std::size_t max_buffers_;
    mutable std::mutex mu_;
    std::vector<std::unique_ptr<char[]>> free_;
    std::size_t in_pages_ = 0;  // buffers held by live pages
};

}  // namespace booster
