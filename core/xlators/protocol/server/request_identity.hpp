// RequestIdentity: the credentials a brick serves one connection's requests with, decided when
// the connection is admitted.
//
// A unix socket peer is known to the kernel (SO_PEERCRED, SO_PEERGROUPS): a peer that is not
// root is pinned to its own uid, gid and supplementary groups, whatever its requests claim, so
// a boosted program of an ordinary user cannot act as root or as another user. The groups are
// the kernel's record from connect() time (SO_PEERGROUPS), not /proc/PID/status read later: the
// pid may have exited and been reused by then. A root peer (a FUSE daemon serving many users)
// is trusted to send each request's own credentials: it could become anyone anyway.
// A pinned peer's requests are marked Request::enforce_permissions: it talks to the brick
// directly, no kernel checked its fops, so storage/posix checks each one with the pinned
// credentials (permission_rules.hpp). A root peer's requests are not marked: a FUSE daemon's
// kernel already checked them (default_permissions), and the brick adds no syscall for them.
// A TCP peer has no credentials the brick can check: its requests' identities are trusted
// because the address allow-list (and the shared secret, when set) admitted the client, which
// is GlusterFS's model. Its requests are not marked either: checking a claimed identity stops
// only an honest client (whose kernel already checked), never one that claims another uid.
// root-squash (protocol/server option) then maps uid 0 and gid 0 to nobody (65534) for every
// client, unix or TCP, as GlusterFS's server.root-squash does.
// Immutable after construction; any thread.
#pragma once

#include <optional>

#include "core/engine/request.hpp"
#include "core/xlators/protocol/transport/endpoint.hpp"

namespace booster {

inline constexpr uid_t kNobodyUid = 65534;
inline constexpr gid_t kNobodyGid = 65534;

class RequestIdentity {
public:
    // What the wire says, squashed if asked (TCP peers, root unix peers).
    static RequestIdentity as_claimed(bool root_squash) { return RequestIdentity({}, root_squash); }
    // A unix peer: pinned to itself unless it is root.
    static RequestIdentity of_unix_peer(const transport::PeerCredentials& peer, bool root_squash);

    // Rewrites the credentials of a request decoded from the wire.
    void apply(Request& req) const;

private:
    RequestIdentity(std::optional<transport::PeerCredentials> pinned, bool root_squash)
        : pinned_(std::move(pinned)), root_squash_(root_squash) {}

    std::optional<transport::PeerCredentials> pinned_;
    bool root_squash_;
};

}  // namespace booster
