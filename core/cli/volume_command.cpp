// `booster volume SUBCOMMAND`: the command line of the volume store (volume_create.hpp,
// volume_control.hpp). Every subcommand takes --state-dir DIR.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/cli/command_args.hpp"
#include "core/cli/commands.hpp"
#include "core/cli/usage.hpp"
#include "core/cli/volume_control.hpp"
#include "core/cli/volume_create.hpp"
#include "core/xlators/protocol/server/options.hpp"

namespace booster::cli {

namespace {

constexpr std::string_view kStateDirOnly[] = {"--state-dir"};
constexpr std::string_view kCreateValues[] = {"--state-dir", "--transport", "--port",
                                              "--allow",     "--allow-uid", "--busy-poll-usec"};

// The most protocol/server accepts for busy-poll-usec.
constexpr int max_busy_poll_usec() {
    for (const OptionSpec& o : kProtocolServerOptions)
        if (o.key == "busy-poll-usec") return static_cast<int>(o.max);
    return 0;
}
constexpr std::string_view kCreateSwitches[] = {"--secret", "--no-performance", "--short-circuit"};

int fail(std::string_view subcommand, const std::string& message) {
    std::fprintf(stderr, "booster volume %s: %s\n", std::string(subcommand).c_str(), message.c_str());
    return kExitFailure;
}

std::expected<std::optional<int>, std::string> parse_port(const std::optional<std::string>& value) {
    if (!value) return std::nullopt;
    int port = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), port);
    if (ec != std::errc() || end != value->data() + value->size() || port < 1 || port > 65535)
        return std::unexpected("--port '" + *value + "': expected a TCP port number (1-65535)");
    return port;
}

std::expected<int, std::string> parse_busy_poll(const std::optional<std::string>& value) {
    if (!value) return kDefaultBusyPollUsec;
    const std::optional<std::int64_t> usec = Options::parse_int(*value);
    if (!usec || *usec < 0 || *usec > max_busy_poll_usec())
        return std::unexpected("--busy-poll-usec '" + *value + "': expected microseconds (0-" +
                               std::to_string(max_busy_poll_usec()) + ")");
    return static_cast<int>(*usec);
}

int create(std::span<char* const> args) {
    auto parsed = CommandArgs::parse("volume create", args, {kCreateValues, kCreateSwitches});
    if (!parsed) return usage_error(parsed.error().c_str());
    const auto& positional = parsed->positional();
    if (positional.empty()) return usage_error("volume create: expected NAME BRICK...");
    auto transport = parse_transport_flag(parsed->value("--transport"));
    if (!transport) return fail("create", transport.error());
    auto port = parse_port(parsed->value("--port"));
    if (!port) return fail("create", port.error());
    auto busy_poll = parse_busy_poll(parsed->value("--busy-poll-usec"));
    if (!busy_poll) return fail("create", busy_poll.error());
    CreateRequest request{.name = positional[0],
                          .transport = *transport,
                          .port = *port,
                          .secret = parsed->has("--secret"),
                          .allow = parsed->value("--allow").value_or(""),
                          .allow_uid = parsed->value("--allow-uid").value_or(""),
                          .performance = !parsed->has("--no-performance"),
                          .busy_poll_usec = *busy_poll,
                          .short_circuit = parsed->has("--short-circuit"),
                          .bricks = {positional.begin() + 1, positional.end()}};
    const VolumeStore store(parsed->value("--state-dir"));
    auto info = create_volume(store, request);
    if (!info) return fail("create", info.error());
    std::printf("volume %s created in %s\n  client volfile: %s\n", info->name.c_str(),
                store.volume_dir(info->name).c_str(), store.client_volfile(info->name).c_str());
    return kExitOk;
}

int list(std::span<char* const> args) {
    auto parsed = CommandArgs::parse("volume list", args, {kStateDirOnly, {}});
    if (!parsed) return usage_error(parsed.error().c_str());
    if (!parsed->positional().empty()) return usage_error("volume list: takes no arguments");
    const VolumeStore store(parsed->value("--state-dir"));
    for (const auto& info : store.all())
        std::printf("%s\t%s\t%zu brick%s\t%s\n", info.name.c_str(), std::string(transport_name(info.transport)).c_str(),
                    info.bricks.size(), info.bricks.size() == 1 ? "" : "s", store.client_volfile(info.name).c_str());
    return kExitOk;
}

// start, stop, status, delete: NAME and --state-dir.
int on_volume(std::string_view subcommand, std::span<char* const> args) {
    const std::string command = "volume " + std::string(subcommand);
    auto parsed = CommandArgs::parse(command, args, {kStateDirOnly, {}});
    if (!parsed) return usage_error(parsed.error().c_str());
    if (parsed->positional().size() != 1) return usage_error((command + ": expected NAME").c_str());
    const VolumeStore store(parsed->value("--state-dir"));
    auto info = store.load(parsed->positional()[0]);
    if (!info) return fail(subcommand, info.error());
    if (subcommand == "status") return print_volume_status(store, *info) == 0 ? kExitOk : kExitFailure;
    auto done = subcommand == "start"  ? start_volume(store, *info)
                : subcommand == "stop" ? stop_volume(store, *info)
                                       : delete_volume(store, *info);
    if (!done) return fail(subcommand, done.error());
    if (subcommand == "delete") std::printf("volume %s deleted (its bricks' data stays)\n", info->name.c_str());
    return kExitOk;
}

}  // namespace

int volume_command(std::span<char* const> args) {
    if (args.empty()) return usage_error("volume: expected create, start, stop, status, list or delete");
    const std::string_view subcommand = args[0];
    const auto rest = args.subspan(1);
    if (subcommand == "create") return create(rest);
    if (subcommand == "list") return list(rest);
    if (subcommand == "start" || subcommand == "stop" || subcommand == "status" || subcommand == "delete")
        return on_volume(subcommand, rest);
    return usage_error(("volume: unknown subcommand '" + std::string(subcommand) + "'").c_str());
}

}  // namespace booster::cli
