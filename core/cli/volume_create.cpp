#include "core/cli/volume_create.hpp"

#include <sys/random.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/cli/brick_argument.hpp"
#include "core/cli/brick_endpoints.hpp"
#include "core/cli/volume_name.hpp"
#include "core/cli/volume_volfiles.hpp"
#include "core/engine/graph.hpp"
#include "core/engine/registry.hpp"

namespace booster::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultAllow = "127.0.0.0/8";  // tcp without --allow: this machine only
constexpr std::size_t kSecretBytes = 32;

using Outcome = std::expected<void, std::string>;

bool inside(const std::string& dir, const std::string& other) { return dir == other || dir.starts_with(other + "/"); }

// A directory serves one brick of one volume: not the same as, inside, or around another.
Outcome check_brick_overlap(const BrickInfo& brick, const std::vector<BrickInfo>& others, const std::string& owner) {
    for (const auto& other : others) {
        if (brick.dir == other.dir) return std::unexpected("brick " + brick.dir + " is already a brick of " + owner);
        if (inside(brick.dir, other.dir) || inside(other.dir, brick.dir))
            return std::unexpected("brick " + brick.dir + " overlaps brick " + other.dir + " of " + owner);
    }
    return {};
}

std::expected<std::vector<BrickInfo>, std::string> parse_bricks(const VolumeStore& store, const CreateRequest& request) {
    if (request.bricks.empty()) return std::unexpected("give at least one BRICK directory");
    const auto volumes = store.all();
    std::vector<BrickInfo> bricks;
    for (const auto& argument : request.bricks) {
        auto brick = parse_brick_argument(argument);
        if (!brick) return std::unexpected(brick.error());
        if (auto ok = check_brick_overlap(*brick, bricks, "this volume"); !ok) return std::unexpected(ok.error());
        for (const auto& volume : volumes)
            if (auto ok = check_brick_overlap(*brick, volume.bricks, "volume '" + volume.name + "'"); !ok)
                return std::unexpected(ok.error());
        bricks.push_back(std::move(*brick));
    }
    if (bricks.size() > 1 && find_xlator_type("cluster/distribute") == nullptr)
        return std::unexpected(std::to_string(bricks.size()) +
                               " bricks need cluster/distribute, which this build does not have yet; give one brick");
    return bricks;
}

Outcome check_transport_flags(const CreateRequest& request) {
    if (request.transport == Transport::kUnix && request.port)
        return std::unexpected("--port applies to --transport tcp only");
    if (request.transport == Transport::kUnix && !request.allow.empty())
        return std::unexpected("--allow (addresses) applies to --transport tcp; a unix socket admits by uid (--allow-uid)");
    if (request.transport == Transport::kTcp && request.short_circuit)
        return std::unexpected("--short-circuit applies to --transport unix only (descriptors travel over unix sockets)");
    if (request.transport == Transport::kTcp && !request.allow_uid.empty())
        return std::unexpected("--allow-uid applies to --transport unix; tcp admits by address (--allow)");
    return {};
}

std::set<int> ports_of_other_volumes(const VolumeStore& store) {
    std::set<int> ports;
    for (const auto& volume : store.all())
        for (const auto& brick : volume.bricks)
            if (brick.port != 0) ports.insert(brick.port);
    return ports;
}

std::expected<VolumeInfo, std::string> plan(const VolumeStore& store, const CreateRequest& request) {
    if (auto problem = volume_name_error(request.name)) return std::unexpected(*problem);
    if (store.exists(request.name))
        return std::unexpected("volume '" + request.name + "' already exists in " + store.root().string());
    if (auto ok = check_transport_flags(request); !ok) return std::unexpected(ok.error());
    auto bricks = parse_bricks(store, request);
    if (!bricks) return std::unexpected(bricks.error());
    VolumeInfo info{.name = request.name,
                    .transport = request.transport,
                    .performance = request.performance,
                    .allow_uid = request.allow_uid,
                    .busy_poll_usec = request.busy_poll_usec,
                    .short_circuit = request.short_circuit,
                    .bricks = std::move(*bricks)};
    if (request.secret) info.secret_file = store.secret_file(request.name).string();
    if (request.transport == Transport::kTcp) {
        info.allow = request.allow.empty() ? kDefaultAllow : request.allow;
        if (auto ok = allocate_ports(info, request.port, ports_of_other_volumes(store)); !ok)
            return std::unexpected(ok.error());
    } else {
        for (std::size_t i = 0; i < info.bricks.size(); ++i)
            info.bricks[i].socket = unix_socket_path(store.volume_dir(request.name).string(), i);
    }
    return info;
}

// Every generated volfile goes through the same validation as `booster check`.
Outcome validate(const std::string& text, const std::string& filename) {
    auto graph = Graph::from_text(text, filename);
    if (!graph) return std::unexpected("the generated volfile does not validate: " + graph.error());
    return {};
}

Outcome write_file(const fs::path& path, const std::string& text, mode_t mode) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
    out.close();
    if (!out) return std::unexpected("cannot write " + path.string());
    if (::chmod(path.c_str(), mode) != 0) return std::unexpected(path.string() + ": chmod: " + std::strerror(errno));
    return {};
}

std::expected<std::string, std::string> random_secret() {
    unsigned char bytes[kSecretBytes];
    if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
        return std::unexpected(std::string("getrandom: ") + std::strerror(errno));
    std::string hex;
    for (unsigned char b : bytes) {
        char two[3];
        std::snprintf(two, sizeof two, "%02x", b);
        hex += two;
    }
    return hex + "\n";
}

// The files of `info`, named as in the store, written into `dir`.
Outcome write_volume(const VolumeStore& store, const VolumeInfo& info, const fs::path& dir) {
    auto in_dir = [&](const fs::path& final_path) { return dir / final_path.filename(); };
    for (std::size_t i = 0; i < info.bricks.size(); ++i) {
        const fs::path path = store.brick_volfile(info.name, i);
        const std::string text = brick_volfile_text(info, i);
        if (auto ok = validate(text, path.filename()); !ok) return ok;
        if (auto ok = write_file(in_dir(path), text, 0644); !ok) return ok;
    }
    const fs::path client = store.client_volfile(info.name);
    const std::string text = client_volfile_text(info);
    if (auto ok = validate(text, client.filename()); !ok) return ok;
    if (auto ok = write_file(in_dir(client), text, 0644); !ok) return ok;
    if (!info.secret_file.empty()) {
        auto secret = random_secret();
        if (!secret) return std::unexpected(secret.error());
        if (auto ok = write_file(in_dir(info.secret_file), *secret, 0600); !ok) return ok;
    }
    return write_file(in_dir(store.info_file(info.name)), info.to_text(), 0644);
}

Outcome commit(const VolumeStore& store, const VolumeInfo& info) {
    std::error_code ec;
    fs::create_directories(store.root(), ec);
    if (ec) return std::unexpected("cannot create the volume store " + store.root().string() + ": " + ec.message());
    std::string pending = (store.root() / ("." + info.name + ".XXXXXX")).string();
    if (::mkdtemp(pending.data()) == nullptr)
        return std::unexpected("cannot create a folder in " + store.root().string() + ": " + std::strerror(errno));
    auto written = write_volume(store, info, pending);
    if (written && ::rename(pending.c_str(), store.volume_dir(info.name).c_str()) != 0)
        written = std::unexpected(store.volume_dir(info.name).string() + ": " + std::strerror(errno));
    if (!written) fs::remove_all(pending, ec);
    return written;
}

}  // namespace

std::expected<Transport, std::string> parse_transport_flag(const std::optional<std::string>& value) {
    if (!value) return Transport::kUnix;
    if (const auto named = transport_named(*value)) return *named;
    return std::unexpected("--transport '" + *value + "': expected unix or tcp");
}

std::expected<VolumeInfo, std::string> create_volume(const VolumeStore& store, const CreateRequest& request) {
    auto info = plan(store, request);
    if (!info) return info;
    if (auto ok = commit(store, *info); !ok) return std::unexpected(ok.error());
    return info;
}

}  // namespace booster::cli
