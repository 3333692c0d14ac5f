#include "core/xlators/protocol/wire/call_codec.hpp"

namespace booster::wire {

Request request_from_wire(const fb::Call& call) {
    Request req;
    req.uid = call.cred()->uid();
    req.gid = call.cred()->gid();
    req.pid = call.cred()->pid();
    req.lk_owner = call.cred()->lk_owner();
    if (const auto* groups = call.groups()) req.groups.assign(groups->begin(), groups->end());
    return req;
}

}  // namespace booster::wire
