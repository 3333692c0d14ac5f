// Replies to the kernel, shared by every op. Each FUSE request gets exactly one reply; after
// it, `req` is gone and must not be touched.
//
// Entries (lookup, create, mkdir, mknod, symlink, link, readdirplus) are linked into the inode
// table and counted as one kernel lookup before the reply; if the kernel refuses the reply
// (the request was interrupted) the lookup is forgotten again, so the counts stay equal to the
// kernel's.
// Thread-safety: any thread (replies may come from the thread that completes a fop).
#pragma once

#include <cstddef>
#include <string_view>

#include "core/engine/fop_types.hpp"
#include "core/engine/result.hpp"
#include "core/fuse/bridge.hpp"

namespace booster::fuse {

// Replies errnum (an engine Error); 0 would mean success to the kernel and is turned into EIO.
void reply_error(fuse_req_t req, const Error& error, const char* op);

// Links `fresh` (or the inode the table already has for that gfid) as `name` in `parent` and
// counts one kernel lookup on it. Returns the inode the kernel will know.
InodeRef link_entry(Bridge& bridge, const InodeRef& parent, std::string_view name, const InodeRef& fresh,
                    const Iatt& attr);
fuse_entry_param entry_param(Bridge& bridge, const Inode& inode, const Iatt& attr);

// link_entry + fuse_reply_entry.
void reply_entry(fuse_req_t req, Bridge& bridge, const InodeRef& parent, std::string_view name,
                 const InodeRef& fresh, const Iatt& attr);
// "No such name", cached by the kernel for negative_timeout (or plain ENOENT if that is 0).
void reply_negative_entry(fuse_req_t req, Bridge& bridge);
void reply_attr(fuse_req_t req, Bridge& bridge, const Iatt& attr);
// getxattr/listxattr: `size` 0 asks for the length; a value longer than `size` is ERANGE.
void reply_xattr_bytes(fuse_req_t req, std::size_t size, std::string_view bytes);

}  // namespace booster::fuse
