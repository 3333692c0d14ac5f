// UniqueFd: sole owner of a kernel file descriptor, closed when the owner goes (its number no
// longer an engine descriptor first, both inside an EngineDescriptorChange: engine_descriptors.hpp).
// Move-only value; not shared between threads without outside synchronisation.
#pragma once

#include <unistd.h>

#include <utility>

#include "core/xlators/storage/posix/engine_descriptors.hpp"

namespace booster {

class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept : fd_(fd) {}
    UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }

private:
    void reset() noexcept {
        // close() errors on a descriptor we only read from or already synced carry no news.
        if (fd_ >= 0) {
            const EngineDescriptorChange change;
            unmark_engine_descriptor(fd_);
            (void)::close(fd_);
        }
        fd_ = -1;
    }
    int fd_ = -1;
};

}  // namespace booster
