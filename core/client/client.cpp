#include "core/client/client.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

namespace booster {

namespace {

// Splits "/a/b/c" into components, rejecting "." and ".." so a path cannot climb out of the
// volume root through the client (the bricks enforce this too).
Result<std::vector<std::string_view>> components(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/') ++i;
        const std::size_t j = path.find('/', i);
        const std::string_view c = path.substr(i, j == std::string_view::npos ? path.npos : j - i);
        if (c == "..") return fail(EACCES);
        if (!c.empty() && c != ".") out.push_back(c);
        if (j == std::string_view::npos) break;
        i = j;
    }
    return out;
}

}  // namespace

std::expected<std::unique_ptr<Client>, std::string> Client::create(std::string_view volfile_text,
                                                                   std::string_view volfile_name) {
    auto graph = Graph::from_text(volfile_text, volfile_name);
    if (!graph) return std::unexpected(graph.error());
    if (auto active = (*graph)->activate(); !active) return std::unexpected(active.error());
    std::unique_ptr<Client> client(new Client(std::move(*graph)));
    client->refresh_identity();
    return client;
}

Client::Client(std::unique_ptr<Graph> graph) : graph_(std::move(graph)) {
    resolves_in_process_ = std::ranges::none_of(graph_->xlators(), [](const std::unique_ptr<Xlator>& x) {
        return x->type() == "protocol/client";
    });
}

Client::~Client() = default;

void Client::refresh_identity() {
    identity_.uid = geteuid();
    identity_.gid = getegid();
    identity_.pid = getpid();
}

Result<InodeRef> Client::lookup_child(const InodeRef& parent, std::string_view name) {
    InodeTable& table = graph_->itable();
    Loc loc;
    loc.parent = parent;
    loc.pargfid = parent->gfid();
    loc.name = std::string(name);
    loc.path = table.path(*parent, name);
    loc.inode = table.create();
    const Request& req = identity_;
    auto reply = sync_wait(graph_->top().lookup(req, loc));
    if (!reply) return std::unexpected(reply.error());
    return table.link(loc.inode, parent, name, reply->attr);
}

Result<InodeRef> Client::resolve(std::string_view path, bool want_parent, std::string* leaf) {
    auto parts = components(path);
    if (!parts) return std::unexpected(parts.error());
    if (want_parent) {
        if (parts->empty()) return fail(EISDIR);
        *leaf = std::string(parts->back());
        parts->pop_back();
    }
    InodeRef cur = graph_->itable().root();
    for (std::string_view name : *parts) {
        // Always ask the graph: another client may have renamed or removed the name.
        auto next = lookup_child(cur, name);
        if (!next) return next;
        cur = std::move(*next);
    }
    return cur;
}

Result<Gfid> Client::gfid_at(std::string_view path) {
    auto inode = resolve(path, false, nullptr);
    if (!inode) return std::unexpected(inode.error());
    return (*inode)->gfid();
}

Result<Client::File> Client::open(std::string_view path, int flags, mode_t mode) {
    std::string leaf;
    auto parent = resolve(path, true, &leaf);
    if (!parent) return std::unexpected(parent.error());
    InodeTable& table = graph_->itable();
    const Request& req = identity_;
    auto existing = lookup_child(*parent, leaf);
    if (existing) {
        if ((flags & O_CREAT) && (flags & O_EXCL)) return fail(EEXIST);
        auto f = open_gfid((*existing)->gfid(), flags);
        if (f && (flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY) {
            if (auto t = ftruncate(*f, 0); !t) return std::unexpected(t.error());
        }
        return f;
    }
    if (existing.error().errnum != ENOENT || !(flags & O_CREAT)) return std::unexpected(existing.error());
    Loc loc;
    loc.parent = *parent;
    loc.pargfid = (*parent)->gfid();
    loc.name = leaf;
    loc.path = table.path(**parent, leaf);
    loc.inode = table.create();
    loc.gfid = Gfid::random();
    FdRef fd = Fd::create(loc.inode, flags, req.pid, graph_->slots());
    auto reply = sync_wait(graph_->top().create(req, loc, flags, mode, 0, *fd));
    if (!reply) return std::unexpected(reply.error());
    (void)table.link(loc.inode, *parent, leaf, reply->attr);
    return File{std::move(fd), flags};
}

Result<Client::File> Client::open_gfid(const Gfid& gfid, int flags, std::optional<mode_t> seen_mode) {
    InodeTable& table = graph_->itable();
    InodeRef inode = table.find(gfid);
    Loc loc;
    loc.gfid = gfid;
    if (inode) {
        loc.path = table.path(*inode);
    } else {
        inode = table.create();
    }
    loc.inode = inode;
    const Request& req = identity_;
    if (inode->gfid().is_null()) {
        Iatt attr;
        if (seen_mode) {
            attr.gfid = gfid;
            attr.mode = *seen_mode;
        } else {
            auto st = sync_wait(graph_->top().stat(req, loc));
            if (!st) return std::unexpected(st.error());
            attr = *st;
        }
        inode = table.link(inode, {}, {}, attr);
        loc.inode = inode;
    }
    const int open_flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY);
    FdRef fd = Fd::create(inode, open_flags, req.pid, graph_->slots());
    auto r = sync_wait(graph_->top().open(req, loc, open_flags, *fd));
    if (!r) return std::unexpected(r.error());
    return File{std::move(fd), flags};
}

Result<std::size_t> Client::preadv(const File& f, std::span<const iovec> iov, off_t offset) {
    const Request& req = identity_;
    return sync_wait(graph_->top().readv(req, *f.fd, iov, offset, 0));
}

Result<std::size_t> Client::pwritev(const File& f, std::span<const iovec> iov, off_t offset) {
    const Request& req = identity_;
    // The engine is positional; an O_APPEND file appends atomically at the bricks.
    const unsigned flags = (f.flags & O_APPEND) != 0 ? RWF_APPEND : 0;
    return sync_wait(graph_->top().writev(req, *f.fd, iov, offset, flags));
}

Result<std::size_t> Client::pread(const File& f, void* buf, std::size_t count, off_t offset) {
    const iovec iov{buf, count};
    return preadv(f, {&iov, 1}, offset);
}

Result<std::size_t> Client::pwrite(const File& f, const void* buf, std::size_t count, off_t offset) {
    const iovec iov{const_cast<void*>(buf), count};
    return pwritev(f, {&iov, 1}, offset);
}

Result<Iatt> Client::fstat(const File& f) {
    const Request& req = identity_;
    return sync_wait(graph_->top().fstat(req, *f.fd));
}

Result<Iatt> Client::ftruncate(const File& f, off_t length) {
    if (length < 0) return fail(EINVAL);
    SetAttr attr;
    attr.valid = SetAttr::kSize;
    attr.size = static_cast<std::uint64_t>(length);
    const Request& req = identity_;
    return sync_wait(graph_->top().fsetattr(req, *f.fd, attr));
}

Status Client::fsync(const File& f, bool datasync) {
    const Request& req = identity_;
    auto r = sync_wait(graph_->top().fsync(req, *f.fd, datasync));
    if (!r) return std::unexpected(r.error());
    return ok();
}

Status Client::fallocate(const File& f, int mode, off_t offset, off_t length) {
    const Request& req = identity_;
    auto r = sync_wait(graph_->top().fallocate(req, *f.fd, mode, offset, length));
    if (!r) return std::unexpected(r.error());
    return ok();
}

Status Client::flush(const File& f) {
    if (!f.fd) return fail(EBADF);
    auto r = sync_wait(graph_->top().flush(identity_, *f.fd));
    if (!r) return std::unexpected(r.error());
    return ok();
}

void Client::forget_cached(const File& f) { graph_->top().forget_cached(f.fd->inode()); }

Status Client::close(File& f) {
    Status s = flush(f);
    f.fd = FdRef();
    return s;
}

Result<std::size_t> Client::copy_file_range(const File& in, off_t in_offset, const File& out, off_t out_offset,
                                            std::size_t length) {
    return sync_wait(graph_->top().copy_file_range(identity_, *in.fd, in_offset, *out.fd, out_offset, length, 0));
}

Result<off_t> Client::seek(const File& f, off_t offset, int whence) {
    return sync_wait(graph_->top().seek(identity_, *f.fd, offset, whence));
}

Result<Iatt> Client::stat(std::string_view path) {
    auto inode = resolve(path, false, nullptr);
    if (!inode) return std::unexpected(inode.error());
    Loc loc;
    loc.inode = *inode;
    loc.gfid = (*inode)->gfid();
    loc.path = graph_->itable().path(**inode);
    const Request& req = identity_;
    return sync_wait(graph_->top().stat(req, loc));
}

}  // namespace booster
