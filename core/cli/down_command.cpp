// `booster down DIR`: undoes `booster up DIR` (local_volume.hpp): unmounts DIR/mnt, stops the
// brick, and with --delete forgets the volume definition. The brick's data always stays.
#include <cstdio>
#include <string>

#include "core/cli/child_process.hpp"
#include "core/cli/command_args.hpp"
#include "core/cli/commands.hpp"
#include "core/cli/local_volume.hpp"
#include "core/cli/usage.hpp"
#include "core/cli/volume_control.hpp"

namespace booster::cli {

namespace {

constexpr std::string_view kValues[] = {"--state-dir", "--name"};
constexpr std::string_view kSwitches[] = {"--delete"};

int fail(const std::string& message) {
    std::fprintf(stderr, "booster down: %s\n", message.c_str());
    return kExitFailure;
}

}  // namespace

int down_command(std::span<char* const> args) {
    auto parsed = CommandArgs::parse("down", args, {kValues, kSwitches});
    if (!parsed) return usage_error(parsed.error().c_str());
    if (parsed->positional().size() != 1) return usage_error("down: expected DIR");
    const VolumeStore store(parsed->value("--state-dir"));
    const LocalVolume local = LocalVolume::at(parsed->positional()[0], parsed->value("--name"));
    auto info = local.find(store);
    if (!info) return fail(info.error());
    const bool was_mounted = local.mounted();
    if (!*info && !was_mounted) return fail("nothing is up at " + local.dir + " (no volume '" + local.name + "')");
    if (was_mounted) {
        auto status = run_booster_subcommand({"umount", local.mountpoint});
        if (!status || *status != 0) return fail("cannot unmount " + local.mountpoint);
        std::printf("%s unmounted\n", local.mountpoint.c_str());
    }
    if (!*info) return kExitOk;
    if (auto stopped = stop_volume(store, **info); !stopped) return fail(stopped.error());
    if (parsed->has("--delete")) {
        if (auto deleted = delete_volume(store, **info); !deleted) return fail(deleted.error());
        std::printf("volume %s deleted; the data stays in %s\n", local.name.c_str(), local.brick.c_str());
    }
    return kExitOk;
}

}  // namespace booster::cli
