#include "core/xlators/protocol/server/request_identity.hpp"

#include <algorithm>

namespace booster {

RequestIdentity RequestIdentity::of_unix_peer(const transport::PeerCredentials& peer, bool root_squash) {
    if (peer.uid == 0) return as_claimed(root_squash);
    return RequestIdentity(peer, root_squash);
}

void RequestIdentity::apply(Request& req) const {
    if (pinned_) {
        req.uid = pinned_->uid;
        req.gid = pinned_->gid;
        req.groups = pinned_->groups;
        req.enforce_permissions = true;
    }
    if (!root_squash_) return;
    if (req.uid == 0) req.uid = kNobodyUid;
    if (req.gid == 0) req.gid = kNobodyGid;
    std::replace(req.groups.begin(), req.groups.end(), gid_t{0}, kNobodyGid);
}

}  // namespace booster
