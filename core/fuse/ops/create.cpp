#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct CreateOp {
    fuse_req_t req;
    Request request;
    Loc loc;
    FdRef fd;
    fuse_file_info fi;  // a copy: libfuse's own lives only until create() returns
    mode_t mode;
    mode_t umask;
    InodeRef created;  // the linked inode, holding one kernel lookup once the fop succeeded
    Iatt attr;
};

// Without O_EXCL, another client may have created the name first: the brick then opened its
// object, whose gfid the table may already know under another inode. The fd must be on the
// inode the kernel will use, so it is opened again there.
Task<Result<Unit>> reopen_on_known_inode(Bridge& bridge, CreateOp& s) {
    s.fd = Fd::create(s.created, s.fi.flags, s.request.pid, bridge.graph().slots());
    const Loc loc = existing_loc(bridge, s.created);
    co_return co_await bridge.top().open(s.request, loc, s.fi.flags & ~(O_CREAT | O_EXCL | O_TRUNC), *s.fd);
}

Task<Result<Unit>> create_entry(Bridge& bridge, CreateOp& s) {
    auto r = co_await bridge.top().create(s.request, s.loc, s.fi.flags, s.mode, s.umask, *s.fd);
    if (!r) co_return std::unexpected(r.error());
    s.attr = r->attr;
    s.created = link_entry(bridge, s.loc.parent, s.loc.name, s.loc.inode, s.attr);
    if (s.created == s.loc.inode) co_return Unit{};
    auto reopened = co_await reopen_on_known_inode(bridge, s);
    if (!reopened) bridge.itable().forget(*s.created, 1);
    co_return reopened;
}

void reply_create(CreateOp& s, Result<Unit> r) {
    if (!r) {
        reply_error(s.req, r.error(), "create");
        return;
    }
    Bridge& bridge = Bridge::of(s.req);  // fetched now: a reply frees the request
    fuse_entry_param e = entry_param(bridge, *s.created, s.attr);
    attach_fd(bridge, &s.fi, s.fd);
    if (fuse_reply_create(s.req, &e, &s.fi) != 0) {
        detach_fd(bridge, &s.fi);
        bridge.itable().forget(*s.created, 1);
    }
}

}  // namespace

void create(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    Loc loc = new_entry_loc(bridge, bridge.inode(parent), name);
    FdRef fd = Fd::create(loc.inode, fi->flags, fuse_req_ctx(req)->pid, bridge.graph().slots());
    auto state = std::make_unique<CreateOp>(req, make_request(req, fi), std::move(loc), std::move(fd), *fi, mode,
                                            fuse_req_ctx(req)->umask);
    launch(std::move(state), [&bridge](CreateOp& s) { return create_entry(bridge, s); }, reply_create);
}

}  // namespace booster::fuse::ops
