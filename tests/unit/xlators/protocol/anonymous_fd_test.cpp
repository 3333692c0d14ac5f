// Anonymous fds across protocol/client and protocol/server: a readv (writev) on an anonymous Fd
// reads (writes) the object by gfid with no open on the brick (nothing to release), with the
// request's credentials checked as an O_RDONLY (O_WRONLY) open would be; other fops on one,
// and an fd that was never opened below, still fail with EBADF; an unknown gfid is an error of
// its own.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/unit/xlators/protocol/protocol_fixture.hpp"

namespace booster::test {
namespace {

// A brick file `name` holding `data` and owned by root with `mode`; every fd of its making is
// released again. Its inode on the client, as a lookup leaves it.
InodeRef brick_file(ProtocolPair& p, const std::string& name, std::string_view data, mode_t mode) {
    Xlator& x = p.top();
    {
        FdRef fd = p.create_file(name);
        iovec iov{const_cast<char*>(data.data()), data.size()};
        REQUIRE(sync_wait(x.writev(root_req(), *fd, IoVecs(&iov, 1), 0, 0)) == data.size());
    }
    REQUIRE(eventually([&] { return p.probe().open_fds() == 0; }));
    std::filesystem::permissions(p.brick_dir() / name, static_cast<std::filesystem::perms>(mode));
    auto found = sync_wait(x.lookup(root_req(), p.child(Gfid::root(), name, false)));
    REQUIRE(found.has_value());
    InodeTable& table = p.client().itable();
    return table.link(table.create(), table.root(), name, found->attr);
}

Result<std::string> read_anonymously(ProtocolPair& p, const InodeRef& inode, const Request& req) {
    FdRef fd = Fd::anonymous(inode, O_RDONLY, req.pid, p.client().slots());
    std::string buf(64, '\0');
    iovec iov{buf.data(), buf.size()};
    auto n = sync_wait(p.top().readv(req, *fd, IoVecs(&iov, 1), 0, 0));
    if (!n) return std::unexpected(n.error());
    buf.resize(*n);
    return buf;
}

Result<std::size_t> write_anonymously(ProtocolPair& p, const InodeRef& inode, const Request& req, std::string data) {
    FdRef fd = Fd::anonymous(inode, O_WRONLY, req.pid, p.client().slots());
    iovec iov{data.data(), data.size()};
    return sync_wait(p.top().writev(req, *fd, IoVecs(&iov, 1), 0, 0));
}

Request user_req() { return Request{.uid = 1000, .gid = 1000, .pid = 2}; }

TEST_CASE("anonymous fd: a readv reads the object by gfid and opens nothing on the brick") {
    ProtocolPair p(Transport::kUnix);
    InodeRef file = brick_file(p, "f", "anonymous", 0644);
    const int opened_before = p.probe().opened.load();
    CHECK(read_anonymously(p, file, root_req()) == "anonymous");
    CHECK(read_anonymously(p, file, user_req()) == "anonymous");
    CHECK(p.probe().readvs.load() == 2);
    CHECK(p.probe().opened.load() == opened_before);
    CHECK(p.probe().open_fds() == 0);
}

TEST_CASE("anonymous fd: a file the request's credentials may not open for reading is refused with EACCES") {
    ProtocolPair p(Transport::kUnix);
    InodeRef secret = brick_file(p, "secret", "root only", 0600);
    CHECK(read_anonymously(p, secret, user_req()).error().errnum == EACCES);
    CHECK(read_anonymously(p, secret, root_req()) == "root only");
}

TEST_CASE("anonymous fd: a writev writes the object by gfid and opens nothing on the brick") {
    ProtocolPair p(Transport::kUnix);
    InodeRef file = brick_file(p, "f", "old contents", 0666);
    const int opened_before = p.probe().opened.load();
    CHECK(write_anonymously(p, file, root_req(), "NEW") == 3u);
    CHECK(write_anonymously(p, file, user_req(), "new") == 3u);
    CHECK(p.probe().opened.load() == opened_before);
    CHECK(p.probe().open_fds() == 0);
    CHECK(read_anonymously(p, file, root_req()) == "new contents");
}

TEST_CASE("anonymous fd: a file the request's credentials may not open for writing is refused with EACCES") {
    ProtocolPair p(Transport::kUnix);
    InodeRef file = brick_file(p, "f", "root's", 0644);
    CHECK(write_anonymously(p, file, user_req(), "user").error().errnum == EACCES);
    CHECK(read_anonymously(p, file, root_req()) == "root's");
    CHECK(write_anonymously(p, file, root_req(), "ROOT") == 4u);
}

TEST_CASE("anonymous fd: other fops on one, and an fd never opened below, fail with EBADF") {
    ProtocolPair p(Transport::kUnix);
    InodeRef file = brick_file(p, "f", "x", 0644);
    FdRef anonymous = Fd::anonymous(file, O_RDONLY, 1, p.client().slots());
    auto st = sync_wait(p.top().fstat(root_req(), *anonymous));
    CHECK(st.error().errnum == EBADF);
    FdRef never_opened = Fd::create(file, O_RDONLY, 1, p.client().slots());
    std::string buf(4, '\0');
    iovec iov{buf.data(), buf.size()};
    CHECK(sync_wait(p.top().readv(root_req(), *never_opened, IoVecs(&iov, 1), 0, 0)).error().errnum == EBADF);
}

TEST_CASE("anonymous fd: a gfid the brick does not hold is not read") {
    ProtocolPair p(Transport::kUnix);
    InodeTable& table = p.client().itable();
    Iatt attr;
    attr.gfid = Gfid::random();
    attr.mode = S_IFREG | 0644;
    InodeRef ghost = table.link(table.create(), table.root(), "ghost", attr);
    const int errnum = read_anonymously(p, ghost, root_req()).error().errnum;
    CHECK((errnum == ENOENT || errnum == ESTALE));
}

}  // namespace
}  // namespace booster::test
