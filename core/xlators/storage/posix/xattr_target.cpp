#include "core/xlators/storage/posix/xattr_target.hpp"

#include <sys/xattr.h>

namespace booster {

namespace {

// Sizes, then reads; ERANGE means the value grew in between, so size again.
template <class Query>
Result<std::string> read_sized(Query query) {
    for (;;) {
        const long size = query(nullptr, 0);
        if (size < 0) return fail_errno();
        std::string out(static_cast<std::size_t>(size), '\0');
        const long got = query(out.data(), out.size());
        if (got >= 0) {
            out.resize(static_cast<std::size_t>(got));
            return out;
        }
        if (errno != ERANGE) return fail_errno();
    }
}

}  // namespace

bool is_internal_xattr(std::string_view name) { return name.starts_with(kInternalXattrPrefix); }

long XattrTarget::query_value(const char* name, char* buf, std::size_t size) const {
    if (fd_ >= 0) return ::fgetxattr(fd_, name, buf, size);
    return ::lgetxattr(path_.c_str(), name, buf, size);
}

long XattrTarget::query_names(char* buf, std::size_t size) const {
    if (fd_ >= 0) return ::flistxattr(fd_, buf, size);
    return ::llistxattr(path_.c_str(), buf, size);
}

Result<std::string> XattrTarget::get(const std::string& name) const {
    return read_sized([&](char* buf, std::size_t size) { return query_value(name.c_str(), buf, size); });
}

Result<std::size_t> XattrTarget::get_into(const char* name, std::span<char> buf) const {
    const long n = query_value(name, buf.data(), buf.size());
    if (n < 0) return fail_errno();
    return static_cast<std::size_t>(n);
}

Status XattrTarget::set(const std::string& name, std::string_view value, int flags) const {
    const int rc = fd_ >= 0 ? ::fsetxattr(fd_, name.c_str(), value.data(), value.size(), flags)
                            : ::lsetxattr(path_.c_str(), name.c_str(), value.data(), value.size(), flags);
    if (rc != 0) return fail_errno();
    return ok();
}

Status XattrTarget::remove(const std::string& name) const {
    const int rc = fd_ >= 0 ? ::fremovexattr(fd_, name.c_str()) : ::lremovexattr(path_.c_str(), name.c_str());
    if (rc != 0) return fail_errno();
    return ok();
}

Result<std::vector<std::string>> XattrTarget::list() const {
    auto raw = read_sized([&](char* buf, std::size_t size) { return query_names(buf, size); });
    if (!raw) return std::unexpected(raw.error());
    std::vector<std::string> names;
    std::string_view rest = *raw;
    while (!rest.empty()) {
        const std::size_t end = rest.find('\0');
        names.emplace_back(rest.substr(0, end));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return names;
}

}  // namespace booster
