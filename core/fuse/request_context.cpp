#include "core/fuse/request_context.hpp"

#include "core/fuse/bridge.hpp"

namespace booster::fuse {

Request make_request(fuse_req_t req) {
    const fuse_ctx* ctx = fuse_req_ctx(req);
    Request r;
    r.uid = ctx->uid;
    r.gid = ctx->gid;
    r.pid = ctx->pid;
    r.client_id = Bridge::of(req).client_id();
    return r;
}

Request make_request(fuse_req_t req, const fuse_file_info* fi) {
    Request r = make_request(req);
    if (fi != nullptr) r.lk_owner = fi->lock_owner;
    return r;
}

}  // namespace booster::fuse
