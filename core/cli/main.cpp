// booster: the command-line entry point. Dispatches to a subcommand (commands.hpp), or, when
// run by mount.fuse3 as `booster SOURCE MOUNTPOINT -o OPTIONS` (mount -t fuse.booster,
// /etc/fstab), mounts like `booster mount`.
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "core/cli/commands.hpp"
#include "core/cli/usage.hpp"

namespace {

using namespace booster::cli;

// mount.fuse3 puts the volfile where a command would be; a command name never contains '/'.
bool is_mount_helper_call(std::span<char* const> args) {
    return args.size() >= 2 && std::string_view(args[0]).find('/') != std::string_view::npos;
}

int dispatch(std::span<char* const> args) {
    if (args.empty()) return usage_error("no command given");
    const std::string_view command = args[0];
    const auto rest = args.subspan(1);
    if (command == "mount") return mount_command(rest);
    if (command == "umount" || command == "unmount") return umount_command(rest);
    if (command == "brick") return brick_command(rest);
    if (command == "check") return check_command(rest);
    if (command == "run") return run_command(rest);
    if (command == "volume") return volume_command(rest);
    if (command == "up") return up_command(rest);
    if (command == "down") return down_command(rest);
    if (command == "help" || command == "--help" || command == "-h") {
        print_usage(stdout);
        return kExitOk;
    }
    if (command == "--version" || command == "version") {
        std::printf("booster %s\n", BOOSTER_VERSION);
        return kExitOk;
    }
    if (is_mount_helper_call(args)) return mount_helper_command(args);
    return usage_error(("unknown command '" + std::string(command) + "'").c_str());
}

}  // namespace

int main(int argc, char** argv) { return dispatch(std::span<char* const>(argv + 1, argc - 1)); }
