#include <string>

#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct ReaddirOp : FdOp {
    std::size_t size;
};

// Entries that do not fit are dropped: the kernel asks again from the last offset it got.
std::string pack_entries(fuse_req_t req, std::size_t size, const Dirents& entries) {
    std::string buf(size, '\0');
    std::size_t used = 0;
    for (const Dirent& d : entries) {
        struct stat st{};
        st.st_ino = d.ino;
        st.st_mode = static_cast<mode_t>(d.type) << 12;
        const std::size_t need = fuse_add_direntry(req, buf.data() + used, size - used, d.name.c_str(), &st,
                                                   static_cast<off_t>(d.off));
        if (need > size - used) break;
        used += need;
    }
    buf.resize(used);
    return buf;
}

void reply_readdir(ReaddirOp& s, Result<Dirents> r) {
    if (!r) {
        reply_error(s.req, r.error(), "readdir");
        return;
    }
    const std::string buf = pack_entries(s.req, s.size, *r);
    fuse_reply_buf(s.req, buf.data(), buf.size());
}

}  // namespace

void readdir(fuse_req_t req, fuse_ino_t /*ino*/, std::size_t size, off_t off, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<ReaddirOp>(FdOp{req, make_request(req, fi), fd_of(fi)}, size);
    launch(
        std::move(state),
        [&bridge, off](ReaddirOp& s) {
            return bridge.top().readdir(s.request, *s.fd, s.size, static_cast<std::uint64_t>(off));
        },
        reply_readdir);
}

}  // namespace booster::fuse::ops
