// WriteProbe: a test translator that watches the writev calls passing through it: how many are
// in flight (wound, no reply yet) at most, and how many were wound while an overlapping one was
// still in flight. Everything passes through unchanged.
// Thread-safety: fops from any thread (one mutex); the accessors too.
#pragma once

#include <sys/uio.h>

#include <algorithm>
#include <list>
#include <mutex>
#include <utility>

#include "core/engine/xlator.hpp"

namespace booster::test {

class WriteProbe final : public Xlator {
public:
    Task<Result<std::size_t>> writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) override {
        const auto mine = enter(offset, static_cast<off_t>(total_size(src)));
        Result<std::size_t> r = co_await first_child().writev(req, fd, src, offset, flags);
        leave(mine);
        co_return r;
    }

    int overlapping_in_flight() const {
        std::lock_guard lock(mu_);
        return overlaps_;
    }
    std::size_t most_in_flight() const {
        std::lock_guard lock(mu_);
        return most_;
    }

private:
    using Span = std::pair<off_t, off_t>;  // [first, second)

    std::list<Span>::iterator enter(off_t offset, off_t size) {
        std::lock_guard lock(mu_);
        for (const Span& s : in_flight_)
            if (s.first < offset + size && offset < s.second) ++overlaps_;
        in_flight_.emplace_back(offset, offset + size);
        most_ = std::max(most_, in_flight_.size());
        return std::prev(in_flight_.end());
    }
    void leave(std::list<Span>::iterator it) {
        std::lock_guard lock(mu_);
        in_flight_.erase(it);
    }

    mutable std::mutex mu_;
    std::list<Span> in_flight_;
    int overlaps_ = 0;
    std::size_t most_ = 0;
};

}  // namespace booster::test
