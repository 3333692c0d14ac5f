#include <string>
#include <string_view>
#include <vector>

#include "core/cli/commands.hpp"
#include "core/cli/mount_volume.hpp"
#include "core/cli/usage.hpp"

namespace booster::cli {

namespace {

void add_options(std::string& all, std::string_view more) {
    if (!all.empty()) all += ',';
    all += more;
}

// Reads "-o LIST" or "-oLIST" at args[i], advancing i past it. False if LIST is missing.
bool take_options(std::span<char* const> args, std::size_t& i, std::string& options) {
    const std::string_view arg = args[i];
    if (arg.size() > 2) {
        add_options(options, arg.substr(2));
        return true;
    }
    if (i + 1 >= args.size()) return false;
    add_options(options, args[++i]);
    return true;
}

}  // namespace

int mount_command(std::span<char* const> args) {
    MountRequest request;
    std::vector<std::string_view> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "-f") {
            request.foreground = true;
        } else if (arg.starts_with("-o")) {
            if (!take_options(args, i, request.options)) return usage_error("mount: -o needs a list of options");
        } else if (arg.starts_with("-") && arg != "-") {
            return usage_error(("mount: unknown flag " + std::string(arg)).c_str());
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 2) return usage_error("mount: expected VOLFILE and MOUNTPOINT");
    request.volfile = positional[0];
    request.mountpoint = positional[1];
    return mount_volume(request);
}

int mount_helper_command(std::span<char* const> args) {
    MountRequest request;
    request.volfile = args[0];
    request.mountpoint = args[1];
    for (std::size_t i = 2; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg.starts_with("-o")) {
            if (!take_options(args, i, request.options)) return usage_error("-o needs a list of options");
        } else if (arg == "-t" && i + 1 < args.size()) {
            ++i;  // fuse.booster: the only type that leads here
        } else if (arg != "-n" && arg != "-v" && arg != "-s") {
            // -n (no mtab), -v (verbose), -s (sloppy) are mount(8)'s own; anything else is not.
            return usage_error(("unknown mount helper argument " + std::string(arg)).c_str());
        }
    }
    return mount_volume(request);
}

}  // namespace booster::cli
