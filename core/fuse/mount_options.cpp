#include "core/fuse/mount_options.hpp"

#include <array>
#include <cmath>

#include "core/engine/options.hpp"

namespace booster::fuse {

namespace {

// Options libfuse (lib/mount.c) knows how to hand to the kernel or to fusermount3.
constexpr std::array kFuseFlags = {
    "allow_other", "auto_unmount", "default_permissions", "blkdev", "ro", "rw", "suid", "nosuid",
    "dev", "nodev", "exec", "noexec", "async", "sync", "dirsync", "atime", "noatime", "diratime",
    "nodiratime", "relatime", "norelatime", "strictatime", "nostrictatime", "lazytime", "nolazytime",
};
constexpr std::array kFuseValued = {
    "fsname", "subtype", "max_read", "blksize", "context", "fscontext", "defcontext", "rootcontext",
};
// Words fstab and mount(8) use for themselves; they configure nothing in the mount.
constexpr std::array kFstabOnly = {"defaults", "auto", "noauto", "user", "nouser", "users", "nofail", "_netdev"};

template <std::size_t N>
bool listed(const std::array<const char*, N>& list, std::string_view word) {
    for (const char* w : list)
        if (word == w) return true;
    return false;
}

struct Item {
    std::string_view key;
    std::optional<std::string_view> value;
};

Item split_item(std::string_view item) {
    auto eq = item.find('=');
    if (eq == std::string_view::npos) return {item, std::nullopt};
    return {item.substr(0, eq), item.substr(eq + 1)};
}

std::string bad(std::string_view item, std::string_view why) {
    return "mount option '" + std::string(item) + "': " + std::string(why);
}

std::expected<double, std::string> seconds(std::string_view item, std::optional<std::string_view> value) {
    auto v = value ? Options::parse_double(*value) : std::nullopt;
    if (!v || !std::isfinite(*v) || *v < 0) return std::unexpected(bad(item, "expected a number of seconds >= 0"));
    return *v;
}

class Parser {
public:
    std::expected<void, std::string> apply(std::string_view item) {
        auto [key, value] = split_item(item);
        if (key == "attr_timeout") return set_seconds(item, value, out_.attr_timeout);
        if (key == "entry_timeout") return set_seconds(item, value, out_.entry_timeout);
        if (key == "negative_timeout") return set_seconds(item, value, out_.negative_timeout);
        if (key == "no_readdirplus") return set_flag(item, value, out_.readdirplus, false);
        if (key == "threads") return set_threads(item, value);
        if (key == "log-file") return set_log_file(item, value);
        if (key == "log-level") return set_log_level(item, value);
        if (listed(kFuseFlags, key) && !value) return pass(item);
        if (listed(kFuseValued, key) && value && !value->empty()) return pass(item);
        if (listed(kFuseValued, key)) return std::unexpected(bad(item, "needs a value (" + std::string(key) + "=...)"));
        if (listed(kFstabOnly, key) || key.starts_with("x-") || key.starts_with("comment=")) return {};
        return std::unexpected("unknown mount option '" + std::string(item) + "'");
    }
    MountOptions take() { return std::move(out_); }

private:
    std::expected<void, std::string> set_seconds(std::string_view item, std::optional<std::string_view> value,
                                                 double& field) {
        auto s = seconds(item, value);
        if (!s) return std::unexpected(s.error());
        field = *s;
        return {};
    }
    std::expected<void, std::string> set_flag(std::string_view item, std::optional<std::string_view> value,
                                              bool& field, bool to) {
        if (value) return std::unexpected(bad(item, "takes no value"));
        field = to;
        return {};
    }
    std::expected<void, std::string> set_threads(std::string_view item, std::optional<std::string_view> value) {
        auto n = value ? Options::parse_int(*value) : std::nullopt;
        if (!n || *n < 1 || *n > 1024) return std::unexpected(bad(item, "expected a thread count from 1 to 1024"));
        out_.threads = static_cast<unsigned>(*n);
        return {};
    }
    std::expected<void, std::string> set_log_file(std::string_view item, std::optional<std::string_view> value) {
        if (!value || value->empty()) return std::unexpected(bad(item, "expected a file path (or - for stderr)"));
        out_.log_file = std::string(*value);
        return {};
    }
    std::expected<void, std::string> set_log_level(std::string_view item, std::optional<std::string_view> value) {
        auto level = value ? log::parse_level(*value) : std::nullopt;
        if (!level)
            return std::unexpected(bad(item, "expected trace, debug, info, warning, error, critical or none"));
        out_.log_level = level;
        return {};
    }
    std::expected<void, std::string> pass(std::string_view item) {
        out_.fuse_options.emplace_back(item);
        return {};
    }

    MountOptions out_;
};

// libfuse splits -o on commas and strips backslashes, so a path goes through escaped.
std::string escape_option_value(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == ',' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

bool has_key(const std::vector<std::string>& options, std::string_view key) {
    for (const auto& o : options)
        if (split_item(o).key == key) return true;
    return false;
}

}  // namespace

std::expected<MountOptions, std::string> MountOptions::parse(std::string_view list) {
    Parser parser;
    while (!list.empty()) {
        auto comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (item.empty()) continue;
        if (auto r = parser.apply(item); !r) return std::unexpected(r.error());
    }
    return parser.take();
}

std::string MountOptions::fuse_option_string(std::string_view source, bool mounted_by_root) const {
    // default_permissions: the kernel checks modes and owners, as GlusterFS's mount does,
    // because no translator of the stack checks permissions on the mount's behalf.
    std::string out = "default_permissions";
    // A volume mounted by root is a shared file system, open to every user as GlusterFS's
    // mounts are; FUSE's default would refuse everyone but root.
    if (mounted_by_root && !has_key(fuse_options, "allow_other")) out += ",allow_other";
    if (!has_key(fuse_options, "subtype")) out += ",subtype=booster";
    if (!has_key(fuse_options, "fsname")) {
        out += ",fsname=";
        out += escape_option_value(source);
    }
    for (const auto& o : fuse_options) {
        out += ',';
        out += o;
    }
    return out;
}

}  // namespace booster::fuse
