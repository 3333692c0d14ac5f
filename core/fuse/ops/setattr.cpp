#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

template <class Base>
struct SetattrOp : Base {
    SetAttr attr;
};

// "Now" is flagged and also carried as UTIME_NOW, so it means now however a translator reads it.
void set_time(std::uint32_t& valid, timespec& field, const timespec& given, bool is_set, bool now,
              std::uint32_t set_bit, std::uint32_t now_bit) {
    if (now) {
        valid |= set_bit | now_bit;
        field = timespec{0, UTIME_NOW};
    } else if (is_set) {
        valid |= set_bit;
        field = given;
    }
}

SetAttr to_setattr(const struct stat& st, int to_set) {
    SetAttr a;
    if (to_set & FUSE_SET_ATTR_MODE) {
        a.valid |= SetAttr::kMode;
        a.mode = st.st_mode & 07777;
    }
    if (to_set & FUSE_SET_ATTR_UID) {
        a.valid |= SetAttr::kUid;
        a.uid = st.st_uid;
    }
    if (to_set & FUSE_SET_ATTR_GID) {
        a.valid |= SetAttr::kGid;
        a.gid = st.st_gid;
    }
    if (to_set & FUSE_SET_ATTR_SIZE) {
        a.valid |= SetAttr::kSize;
        a.size = static_cast<std::uint64_t>(st.st_size);
    }
    set_time(a.valid, a.atime, st.st_atim, to_set & FUSE_SET_ATTR_ATIME, to_set & FUSE_SET_ATTR_ATIME_NOW,
             SetAttr::kAtime, SetAttr::kAtimeNow);
    set_time(a.valid, a.mtime, st.st_mtim, to_set & FUSE_SET_ATTR_MTIME, to_set & FUSE_SET_ATTR_MTIME_NOW,
             SetAttr::kMtime, SetAttr::kMtimeNow);
    return a;
}

template <class State>
void reply_setattr(State& s, Result<Iatt> r) {
    if (r) {
        reply_attr(s.req, Bridge::of(s.req), *r);
    } else {
        reply_error(s.req, r.error(), "setattr");
    }
}

}  // namespace

void setattr(fuse_req_t req, fuse_ino_t ino, struct stat* attr, int to_set, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    // ftruncate and futimens come with the open file, which may no longer have a name.
    if (fi != nullptr) {
        auto state = std::make_unique<SetattrOp<FdOp>>(FdOp{req, make_request(req, fi), fd_of(fi)},
                                                       to_setattr(*attr, to_set));
        launch(std::move(state),
               [&bridge](SetattrOp<FdOp>& s) { return bridge.top().fsetattr(s.request, *s.fd, s.attr); },
               reply_setattr<SetattrOp<FdOp>>);
        return;
    }
    auto state = std::make_unique<SetattrOp<LocOp>>(LocOp{req, make_request(req), existing_loc(bridge, bridge.inode(ino))},
                                                    to_setattr(*attr, to_set));
    launch(std::move(state),
           [&bridge](SetattrOp<LocOp>& s) { return bridge.top().setattr(s.request, s.loc, s.attr); },
           reply_setattr<SetattrOp<LocOp>>);
}

}  // namespace booster::fuse::ops
