#include "core/xlators/protocol/transport/splice_pipe.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace booster::transport {

namespace {

constexpr int kWantedBytes = 2 * 1024 * 1024;
constexpr std::size_t kPage = 4096;

// What an unprivileged process may make a pipe (fs.pipe-max-size); 0 if unknown.
int pipe_max_size() {
    int max = 0;
    if (FILE* f = std::fopen("/proc/sys/fs/pipe-max-size", "re")) {
        if (std::fscanf(f, "%d", &max) != 1) max = 0;
        std::fclose(f);
    }
    return max;
}

}  // namespace

std::optional<SplicePipe> SplicePipe::open() {
    SplicePipe p;
    if (!p.clear()) return std::nullopt;
    return p;
}

bool SplicePipe::clear() {
    read_ = UniqueFd();
    write_ = UniqueFd();
    capacity_ = 0;
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC | O_NONBLOCK) != 0) return false;
    read_ = UniqueFd(ends[0]);
    write_ = UniqueFd(ends[1]);
    // Beyond pipe-max-size only CAP_SYS_RESOURCE may go: try the wish, then the limit.
    int size = ::fcntl(write_.get(), F_SETPIPE_SZ, kWantedBytes);
    if (size < 0 && pipe_max_size() > 0) size = ::fcntl(write_.get(), F_SETPIPE_SZ, pipe_max_size());
    if (size < 0) size = ::fcntl(write_.get(), F_GETPIPE_SZ);
    capacity_ = size > 0 ? static_cast<std::size_t>(size) : 0;
    return true;
}

std::size_t SplicePipe::room(off_t offset) const {
    const std::size_t lead = static_cast<std::size_t>(offset) % kPage;
    const std::size_t whole = capacity_ / kPage * kPage;
    return whole > lead ? whole - lead : 0;
}

}  // namespace booster::transport
