#include "core/cli/volume_volfiles.hpp"

#include <string_view>
#include <utility>
#include <vector>

namespace booster::cli {

namespace {

using OptionList = std::vector<std::pair<std::string_view, std::string>>;

// The volfile grammar's quoting: a value with blanks, quotes, backslashes or '#' is quoted.
std::string quoted(const std::string& value) {
    if (!value.empty() && value.find_first_of(" \t\"\\#") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string volume(const std::string& name, std::string_view type, const OptionList& options,
                   const std::vector<std::string>& subvolumes) {
    std::string out = "volume " + name + "\n  type " + std::string(type) + "\n";
    for (const auto& [key, value] : options) out += "  option " + std::string(key) + " " + quoted(value) + "\n";
    if (!subvolumes.empty()) {
        out += "  subvolumes";
        for (const auto& s : subvolumes) out += " " + s;
        out += "\n";
    }
    return out + "end-volume\n\n";
}

OptionList server_options(const VolumeInfo& info, const BrickInfo& brick) {
    OptionList options{{"transport", std::string(transport_name(info.transport))}};
    if (info.transport == Transport::kUnix) {
        options.emplace_back("listen-path", brick.socket);
        if (!info.allow_uid.empty()) options.emplace_back("auth-allow-uid", info.allow_uid);
    } else {
        options.emplace_back("listen-port", std::to_string(brick.port));
        options.emplace_back("auth-allow", info.allow);
    }
    if (!info.secret_file.empty()) options.emplace_back("auth-secret-file", info.secret_file);
    if (info.busy_poll_usec != 0) options.emplace_back("busy-poll-usec", std::to_string(info.busy_poll_usec));
    if (info.short_circuit) options.emplace_back("short-circuit", "on");
    return options;
}

OptionList client_options(const VolumeInfo& info, const BrickInfo& brick) {
    OptionList options{{"transport", std::string(transport_name(info.transport))}};
    if (info.transport == Transport::kUnix) {
        options.emplace_back("remote-path", brick.socket);
    } else {
        options.emplace_back("remote-host", brick.host == "localhost" ? "127.0.0.1" : brick.host);
        options.emplace_back("remote-port", std::to_string(brick.port));
    }
    if (!info.secret_file.empty()) options.emplace_back("secret-file", info.secret_file);
    if (info.short_circuit) options.emplace_back("short-circuit", "on");
    return options;
}

std::string header(const VolumeInfo& info, const std::string& what) {
    return "# " + what + " of volume " + info.name + ", written by `booster volume create`.\n\n";
}

}  // namespace

std::string brick_volfile_text(const VolumeInfo& info, std::size_t index) {
    const BrickInfo& brick = info.bricks[index];
    return header(info, "Brick " + std::to_string(index) + " (" + brick.host + ":" + brick.dir + ")") +
           volume("posix", "storage/posix", {{"directory", brick.dir}}, {}) +
           volume("locks", "features/locks", {}, {"posix"}) +
           volume("server", "protocol/server", server_options(info, brick), {"locks"});
}

std::string client_volfile_text(const VolumeInfo& info) {
    std::string out = header(info, "The client graph");
    std::vector<std::string> clients;
    for (std::size_t i = 0; i < info.bricks.size(); ++i) {
        clients.push_back(info.name + "-client-" + std::to_string(i));
        out += volume(clients.back(), "protocol/client", client_options(info, info.bricks[i]), {});
    }
    std::string below = clients.front();
    auto stack = [&](const std::string& name, std::string_view type, const std::vector<std::string>& subvolumes,
                     const OptionList& options = {}) {
        out += volume(name, type, options, subvolumes);
        below = name;
    };
    if (clients.size() > 1) stack(info.name + "-dht", "cluster/distribute", clients);
    if (info.performance) {
        // With the brick's descriptor in hand after the open, a read costs no round trip: an
        // anonymous read would carry the file's bytes over the socket instead.
        const OptionList open_behind = info.short_circuit ? OptionList{{"use-anonymous-fd", "off"}} : OptionList{};
        stack(info.name + "-open-behind", "performance/open-behind", {below}, open_behind);
        stack(info.name + "-write-behind", "performance/write-behind", {below});
        stack(info.name + "-io-cache", "performance/io-cache", {below});
        stack(info.name + "-md-cache", "performance/md-cache", {below});
        stack(info.name + "-stat-prefetch", "performance/stat-prefetch", {below});
    }
    stack(info.name, "debug/io-stats", {below});
    return out;
}

}  // namespace booster::cli
