#include <string>
#include <vector>

#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct ReaddirplusOp : FdOp {
    std::size_t size;
};

// The kernel counts a lookup for every entry it is given a nodeid for, except "." and "..".
bool counts_as_lookup(const Dirent& d) { return d.attr && d.name != "." && d.name != ".."; }

// Packs the entries that fit. Each counted entry is linked and looked up once before it is
// packed; `counted` collects them so that a refused reply can forget them again.
std::string pack_entries(fuse_req_t req, Bridge& bridge, const InodeRef& dir, std::size_t size,
                         const Dirents& entries, std::vector<InodeRef>& counted) {
    std::string buf(size, '\0');
    std::size_t used = 0;
    for (const Dirent& d : entries) {
        fuse_entry_param e{};
        e.attr.st_ino = d.ino;
        e.attr.st_mode = static_cast<mode_t>(d.type) << 12;
        const std::size_t need = fuse_add_direntry_plus(req, nullptr, 0, d.name.c_str(), &e, 0);
        if (need > size - used) break;
        if (counts_as_lookup(d)) {
            InodeRef inode = link_entry(bridge, dir, d.name, bridge.itable().create(), *d.attr);
            e = entry_param(bridge, *inode, *d.attr);
            counted.push_back(std::move(inode));
        }
        used += fuse_add_direntry_plus(req, buf.data() + used, size - used, d.name.c_str(), &e,
                                       static_cast<off_t>(d.off));
    }
    buf.resize(used);
    return buf;
}

void reply_readdirplus(ReaddirplusOp& s, Result<Dirents> r) {
    if (!r) {
        reply_error(s.req, r.error(), "readdirplus");
        return;
    }
    Bridge& bridge = Bridge::of(s.req);
    std::vector<InodeRef> counted;
    const std::string buf = pack_entries(s.req, bridge, s.fd->inode_ref(), s.size, *r, counted);
    if (fuse_reply_buf(s.req, buf.data(), buf.size()) != 0)
        for (const InodeRef& inode : counted) bridge.itable().forget(*inode, 1);
}

}  // namespace

void readdirplus(fuse_req_t req, fuse_ino_t /*ino*/, std::size_t size, off_t off, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<ReaddirplusOp>(FdOp{req, make_request(req, fi), fd_of(fi)}, size);
    launch(
        std::move(state),
        [&bridge, off](ReaddirplusOp& s) {
            return bridge.top().readdirp(s.request, *s.fd, s.size, static_cast<std::uint64_t>(off));
        },
        reply_readdirplus);
}

}  // namespace booster::fuse::ops
