#include "core/engine/log.hpp"
#include "core/fuse/bridge.hpp"
#include "core/fuse/ops/ops.hpp"

namespace booster::fuse::ops {

namespace {

constexpr unsigned kMaxWrite = 1u << 20;  // libfuse derives max_pages from it

void want(fuse_conn_info* conn, unsigned cap, bool on) {
    if (on && (conn->capable & cap)) {
        conn->want |= cap;
    } else {
        conn->want &= ~cap;
    }
}

}  // namespace

void init(void* userdata, fuse_conn_info* conn) {
    const Bridge& bridge = *static_cast<Bridge*>(userdata);
    conn->max_write = kMaxWrite;
    want(conn, FUSE_CAP_READDIRPLUS, bridge.options().readdirplus);
    // Always readdirplus when it is on: every `ls` then fills the inode table and the kernel's
    // attribute cache in one pass, and the behaviour does not depend on the kernel's guess.
    want(conn, FUSE_CAP_READDIRPLUS_AUTO, false);
    // Every write reaches the graph at once: other clients and boosted programs see it.
    want(conn, FUSE_CAP_WRITEBACK_CACHE, false);
    // Writes come as plain memory, used in place by writev; no pipes to drain.
    want(conn, FUSE_CAP_SPLICE_READ, false);
    want(conn, FUSE_CAP_SPLICE_WRITE, false);
    want(conn, FUSE_CAP_SPLICE_MOVE, false);
    // The kernel clears setuid/setgid bits itself (with a setattr): posix writes as root.
    want(conn, FUSE_CAP_HANDLE_KILLPRIV, false);
    want(conn, FUSE_CAP_POSIX_LOCKS, bridge.graph_serves_locks());
    // flock(2) locks go to the graph: features/locks when there is one, else storage/posix's
    // flock on its descriptor of the open file, so they are shared with every other client of
    // the brick (and, locally, with processes using the brick directory itself).
    want(conn, FUSE_CAP_FLOCK_LOCKS, true);
    want(conn, FUSE_CAP_ATOMIC_O_TRUNC, true);
    want(conn, FUSE_CAP_PARALLEL_DIROPS, true);
    // Another client's change of size or mtime drops this mount's cached pages.
    want(conn, FUSE_CAP_AUTO_INVAL_DATA, true);
    BLOG(LogLevel::kInfo, "fuse", "connected: protocol %u.%u, max_write %u, readdirplus %s, POSIX locks by %s, flock locks by %s",
         conn->proto_major, conn->proto_minor, conn->max_write, (conn->want & FUSE_CAP_READDIRPLUS) ? "on" : "off",
         (conn->want & FUSE_CAP_POSIX_LOCKS) ? "the graph" : "the kernel",
         (conn->want & FUSE_CAP_FLOCK_LOCKS) ? "the graph" : "the kernel");
}

}  // namespace booster::fuse::ops
