// BrickDaemon: one local brick of a volume as a `booster brick` process, known by its pid file
// in the volume store (STATE/NAME/brickN.pid, written and removed by the daemon itself).
//
// A pid counts as the brick's daemon only if that process is alive (not a zombie) and its
// command line names this brick's volfile: a pid file left by a daemon that was killed, whose
// pid may since belong to any process, is stale, and start() replaces it.
// Thread-safety: main thread of the `booster` command; the object holds paths only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <optional>
#include <string>

#include "core/cli/volume_info.hpp"
#include "core/cli/volume_store.hpp"

namespace booster::cli {

class BrickDaemon {
public:
    BrickDaemon(const VolumeStore& store, const VolumeInfo& info, std::size_t index);

    std::size_t index() const { return index_; }
    const BrickInfo& brick() const { return brick_; }
    std::optional<pid_t> running_pid() const;
    bool has_stale_pid_file() const;
    bool listening() const;
    // "unix /path/to.sock" or "tcp port N".
    std::string endpoint() const;

    struct Started {
        pid_t pid = 0;
        bool already_running = false;
        bool replaced_stale_pid_file = false;
    };
    // Returns once the brick listens (or the daemon failed: its message is on stderr).
    std::expected<Started, std::string> start() const;

    struct Stopped {
        bool was_running = false;
        bool killed = false;  // did not end within `grace` of SIGTERM
    };
    std::expected<Stopped, std::string> stop(std::chrono::milliseconds grace) const;

private:
    std::optional<pid_t> pid_in_file() const;
    bool is_this_brick(pid_t pid) const;
    std::expected<void, std::string> prepare_socket() const;

    Transport transport_;
    BrickInfo brick_;
    std::size_t index_;
    std::string volfile_;
    std::string pid_file_;
    std::string log_file_;
};

}  // namespace booster::cli
