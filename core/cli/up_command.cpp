// `booster up DIR`: the one-command embedded default (local_volume.hpp): creates the volume if
// it does not exist, starts its brick, mounts it, and says how to use it. Each step is skipped
// when already done, so running it twice is safe.
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/cli/child_process.hpp"
#include "core/cli/command_args.hpp"
#include "core/cli/commands.hpp"
#include "core/cli/local_volume.hpp"
#include "core/cli/preload_library.hpp"
#include "core/cli/self_binary.hpp"
#include "core/cli/usage.hpp"
#include "core/cli/volume_control.hpp"
#include "core/cli/volume_create.hpp"

namespace booster::cli {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kValues[] = {"--state-dir", "--transport", "--name"};

int fail(const std::string& message) {
    std::fprintf(stderr, "booster up: %s\n", message.c_str());
    return kExitFailure;
}

std::expected<VolumeInfo, std::string> find_or_create(const VolumeStore& store, const LocalVolume& local,
                                                      const std::optional<std::string>& transport) {
    auto existing = local.find(store);
    if (!existing) return std::unexpected(existing.error());
    if (*existing) {
        if (transport && *transport != transport_name((*existing)->transport))
            return std::unexpected("volume '" + local.name + "' exists with transport " +
                                   std::string(transport_name((*existing)->transport)) + ", not " + *transport);
        return **existing;
    }
    const auto chosen = parse_transport_flag(transport);
    if (!chosen) return std::unexpected(chosen.error());
    std::error_code ec;
    fs::create_directories(local.brick, ec);
    if (!ec) fs::create_directories(local.mountpoint, ec);
    if (ec) return std::unexpected("cannot create " + local.brick + " and " + local.mountpoint + ": " + ec.message());
    CreateRequest request;
    request.name = local.name;
    request.transport = *chosen;
    // One user's volume on this machine: lending that user the brick's descriptors trusts no one new.
    request.short_circuit = *chosen == Transport::kUnix;
    request.bricks = {local.brick};
    auto created = create_volume(store, request);
    if (created) std::printf("volume %s created in %s\n", local.name.c_str(), store.volume_dir(local.name).c_str());
    return created;
}

std::expected<void, std::string> mount(const VolumeStore& store, const LocalVolume& local) {
    auto status = run_booster_subcommand({"mount", "-o", "log-file=" + store.mount_log_file(local.name).string(),
                                          store.client_volfile(local.name).string(), local.mountpoint});
    if (!status) return std::unexpected(status.error());
    if (*status != 0) return std::unexpected("mounting " + local.mountpoint + " failed");
    return {};
}

void print_next_steps(const LocalVolume& local) {
    const std::string self = booster_binary();
    const std::string library = find_preload_library();
    std::printf(
        "\nvolume %s is up: brick %s, mounted at %s\n"
        "run a program through the booster (its file I/O on the mount bypasses FUSE):\n"
        "  %s run -- sqlite3 %s/db.sqlite\n"
        "  LD_PRELOAD=%s PROGRAM ARGS...\n"
        "  BOOSTER_STATS=1 %s run -- PROGRAM ARGS...   # prints what the booster served, at exit\n"
        "take it down (the data stays in %s):\n"
        "  %s down %s            # --delete also forgets the volume definition\n",
        local.name.c_str(), local.brick.c_str(), local.mountpoint.c_str(), self.c_str(), local.mountpoint.c_str(),
        library.empty() ? "<libbooster.so: not found>" : library.c_str(), self.c_str(), local.brick.c_str(),
        self.c_str(), local.dir.c_str());
}

}  // namespace

int up_command(std::span<char* const> args) {
    auto parsed = CommandArgs::parse("up", args, {kValues, {}});
    if (!parsed) return usage_error(parsed.error().c_str());
    if (parsed->positional().size() != 1) return usage_error("up: expected DIR");
    const VolumeStore store(parsed->value("--state-dir"));
    const LocalVolume local = LocalVolume::at(parsed->positional()[0], parsed->value("--name"));
    auto info = find_or_create(store, local, parsed->value("--transport"));
    if (!info) return fail(info.error());
    if (auto started = start_volume(store, *info); !started) return fail(started.error());
    if (local.mounted()) {
        std::printf("%s is already mounted: %s is already up\n", local.mountpoint.c_str(), local.dir.c_str());
        return kExitOk;
    }
    if (auto mounted = mount(store, local); !mounted) {
        (void)stop_volume(store, *info);
        return fail(mounted.error() + "; its log: " + store.mount_log_file(local.name).string());
    }
    print_next_steps(local);
    return kExitOk;
}

}  // namespace booster::cli
