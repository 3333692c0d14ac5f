// XattrTarget: where an extended-attribute call acts, either an open descriptor (f*xattr) or a
// path whose last component is never followed (l*xattr). Reads return whole values; there is
// no "buffer too small" here, a value that grows between sizing and reading is read again.
// Also the rule for the brick's internal names (trusted.booster.*), which clients never see
// in a listing and can never set or remove.
// Value type; the descriptor or path must stay valid while the target is used. Any thread.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/result.hpp"

namespace booster {

inline constexpr std::string_view kInternalXattrPrefix = "trusted.booster.";

bool is_internal_xattr(std::string_view name);

class XattrTarget {
public:
    static XattrTarget descriptor(int fd) { return XattrTarget(fd, {}); }
    static XattrTarget path(std::string path) { return XattrTarget(-1, std::move(path)); }

    // ENODATA when absent.
    Result<std::string> get(const std::string& name) const;
    // A value known to fit `buf` in one call (a gfid): its length; ERANGE when it is longer.
    // The name is a C string: this runs on every open and lookup, and builds no std::string.
    Result<std::size_t> get_into(const char* name, std::span<char> buf) const;
    Status set(const std::string& name, std::string_view value, int flags) const;
    Status remove(const std::string& name) const;
    // Every name, internal ones included.
    Result<std::vector<std::string>> list() const;

private:
    XattrTarget(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    long query_value(const char* name, char* buf, std::size_t size) const;
    long query_names(char* buf, std::size_t size) const;

    int fd_;
    std::string path_;
};

}  // namespace booster
