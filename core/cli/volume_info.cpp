#include "core/cli/volume_info.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <map>

#include "core/engine/options.hpp"

namespace booster::cli {

namespace {

using Fields = std::map<std::string, std::string, std::less<>>;

std::expected<Fields, std::string> split_lines(std::string_view text, std::string_view file) {
    Fields fields;
    int line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.empty()) continue;
        const auto eq = line.find('=');
        const std::string where = std::string(file) + ":" + std::to_string(line_number) + ": ";
        if (eq == std::string_view::npos || eq == 0) return std::unexpected(where + "expected key=value");
        if (!fields.emplace(line.substr(0, eq), line.substr(eq + 1)).second)
            return std::unexpected(where + "'" + std::string(line.substr(0, eq)) + "' is given twice");
    }
    return fields;
}

std::string take(Fields& fields, const std::string& key) {
    auto node = fields.extract(key);
    return node.empty() ? std::string() : std::move(node.mapped());
}

std::expected<BrickInfo, std::string> take_brick(Fields& fields, Transport transport, const std::string& prefix) {
    BrickInfo brick{take(fields, prefix + "host"), take(fields, prefix + "dir"), {}, 0};
    if (brick.dir.empty()) return std::unexpected(prefix + "dir is missing");
    if (transport == Transport::kUnix) {
        brick.socket = take(fields, prefix + "socket");
        if (brick.socket.empty()) return std::unexpected(prefix + "socket is missing");
        return brick;
    }
    const std::string port = take(fields, prefix + "port");
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), brick.port);
    if (ec != std::errc() || end != port.data() + port.size() || brick.port <= 0 || brick.port > 65535)
        return std::unexpected(prefix + "port '" + port + "' is not a port number");
    return brick;
}

}  // namespace

std::string_view transport_name(Transport t) { return t == Transport::kUnix ? "unix" : "tcp"; }

std::optional<Transport> transport_named(std::string_view name) {
    for (const Transport t : {Transport::kUnix, Transport::kTcp})
        if (name == transport_name(t)) return t;
    return std::nullopt;
}

std::string VolumeInfo::to_text() const {
    std::string out = "name=" + name + "\ntransport=" + std::string(transport_name(transport)) +
                      "\nperformance=" + (performance ? "on" : "off") + "\n";
    if (!secret_file.empty()) out += "secret-file=" + secret_file + "\n";
    if (!allow.empty()) out += "allow=" + allow + "\n";
    if (!allow_uid.empty()) out += "allow-uid=" + allow_uid + "\n";
    if (busy_poll_usec != 0) out += "busy-poll-usec=" + std::to_string(busy_poll_usec) + "\n";
    if (short_circuit) out += "short-circuit=on\n";
    for (std::size_t i = 0; i < bricks.size(); ++i) {
        const std::string prefix = "brick" + std::to_string(i) + ".";
        out += prefix + "host=" + bricks[i].host + "\n" + prefix + "dir=" + bricks[i].dir + "\n";
        out += transport == Transport::kUnix ? prefix + "socket=" + bricks[i].socket + "\n"
                                             : prefix + "port=" + std::to_string(bricks[i].port) + "\n";
    }
    return out;
}

std::expected<VolumeInfo, std::string> VolumeInfo::parse(std::string_view text, std::string_view file) {
    auto fields = split_lines(text, file);
    if (!fields) return std::unexpected(fields.error());
    const std::string where = std::string(file) + ": ";
    VolumeInfo info;
    info.name = take(*fields, "name");
    const std::string transport = take(*fields, "transport");
    const auto named = transport_named(transport);
    if (!named) return std::unexpected(where + "transport '" + transport + "' is neither unix nor tcp");
    info.transport = *named;
    info.performance = take(*fields, "performance") != "off";
    info.secret_file = take(*fields, "secret-file");
    info.allow = take(*fields, "allow");
    info.allow_uid = take(*fields, "allow-uid");
    if (const std::string poll = take(*fields, "busy-poll-usec"); !poll.empty()) {
        const std::optional<std::int64_t> usec = Options::parse_int(poll);
        if (!usec || *usec < 0 || *usec > std::numeric_limits<int>::max())
            return std::unexpected(where + "busy-poll-usec '" + poll + "' is not a number of microseconds");
        info.busy_poll_usec = static_cast<int>(*usec);
    }
    if (const std::string lend = take(*fields, "short-circuit"); !lend.empty()) {
        if (lend != "on") return std::unexpected(where + "short-circuit '" + lend + "' is not on");
        if (info.transport != Transport::kUnix) return std::unexpected(where + "short-circuit needs transport unix");
        info.short_circuit = true;
    }
    while (fields->contains("brick" + std::to_string(info.bricks.size()) + ".dir")) {
        auto brick = take_brick(*fields, info.transport, "brick" + std::to_string(info.bricks.size()) + ".");
        if (!brick) return std::unexpected(where + brick.error());
        info.bricks.push_back(std::move(*brick));
    }
    if (info.name.empty()) return std::unexpected(where + "name is missing");
    if (info.bricks.empty()) return std::unexpected(where + "no brick0.dir: a volume has at least one brick");
    if (!fields->empty()) return std::unexpected(where + "unknown key '" + fields->begin()->first + "'");
    return info;
}

}  // namespace booster::cli
