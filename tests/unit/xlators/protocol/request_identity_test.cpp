// Who a brick serves a request as: a non-root unix peer is served as itself whatever uid it
// claims (a forked child that became nobody speaks the wire by hand); a root peer's claimed
// identity is used as sent; root-squash serves uid 0 as nobody, over unix and TCP.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "core/xlators/protocol/server/request_identity.hpp"
#include "core/xlators/protocol/wire/message.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"
#include "tests/unit/xlators/protocol/protocol_fixture.hpp"
#include "tests/unit/xlators/protocol/wire_socket.hpp"

namespace booster::test {
namespace {

Request claimed_root() { return Request{.uid = 0, .gid = 0, .groups = {0}, .pid = 1, .lk_owner = 7}; }

constexpr int kCannotSpeak = 255;

// In a forked child: become nobody, connect, send one call of fop F claiming root; the exit
// status is the reply's errno (0: success).
template <FopId F>
int call_as_nobody(const std::string& socket, const wire::CallArgs<F>& args) {
    const pid_t child = ::fork();
    if (child == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(kNobodyGid) != 0 || ::setuid(kNobodyUid) != 0) ::_exit(kCannotSpeak);
        WireSocket raw;
        if (!raw.open(socket)) ::_exit(kCannotSpeak);
        wire::encode_call<F>(raw.builder(), claimed_root(), args);
        auto body = raw.send(1) ? raw.receive() : std::nullopt;
        const wire::fb::Message* message = nullptr;
        if (!body || wire::open_message(*body, message) != nullptr || message->body_as_Reply() == nullptr)
            ::_exit(kCannotSpeak);
        ::_exit(wire::reply_errnum(*message->body_as_Reply()));
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

struct stat brick_stat(ProtocolPair& p, const char* name) {
    struct stat st{};
    REQUIRE(::stat((p.brick_dir() / name).c_str(), &st) == 0);
    return st;
}

TEST_CASE("protocol: a non-root unix peer claiming uid 0 is served as itself") {
    REQUIRE_MESSAGE(::geteuid() == 0, "needs root to become another uid");
    ProtocolPair p(Transport::kUnix, "  option auth-allow-uid 0," + std::to_string(kNobodyUid) + "\n");
    std::ofstream(p.brick_dir() / "secret") << "root only";
    REQUIRE(::chmod((p.brick_dir() / "secret").c_str(), 0600) == 0);
    REQUIRE(::chmod(p.brick_dir().c_str(), 0777) == 0);
    // nobody must reach the socket (admission is the brick's auth-allow-uid, not the mode).
    REQUIRE(::chmod(p.root().c_str(), 0711) == 0);
    REQUIRE(::chmod(p.socket_path().c_str(), 0777) == 0);
    const wire::WireLoc secret{Gfid{}, Gfid::root(), "secret"};
    CHECK(call_as_nobody<FopId::access>(p.socket_path(), {secret, R_OK}) == EACCES);
    // The same call from the root peer is allowed: the refusal above is the peer's identity.
    Loc as_root = p.child(Gfid::root(), "secret", false);
    CHECK(sync_wait(p.top().access(claimed_root(), as_root, R_OK)).has_value());

    const wire::WireLoc mine{Gfid::random(), Gfid::root(), "mine"};
    REQUIRE(call_as_nobody<FopId::create>(p.socket_path(), {mine, O_RDWR | O_CREAT, 0644u, 022u, wire::RemoteFd{}}) == 0);
    CHECK(brick_stat(p, "mine").st_uid == kNobodyUid);
    CHECK(brick_stat(p, "mine").st_gid == kNobodyGid);
}

TEST_CASE("protocol: root-squash serves uid 0 as nobody; without it root creates as root") {
    for (const Transport t : {Transport::kUnix, Transport::kTcp}) {
        for (const bool squash : {true, false}) {
            CAPTURE(squash);
            ProtocolPair p(t, squash ? "  option root-squash on\n" : "");
            FdRef fd = p.new_fd(O_RDWR);
            REQUIRE(sync_wait(p.top().create(claimed_root(), p.child(Gfid::root(), "f"), O_RDWR | O_CREAT, 0644, 022, *fd))
                        .has_value());
            const struct stat st = brick_stat(p, "f");
            CHECK(st.st_uid == (squash ? kNobodyUid : 0));
            CHECK(st.st_gid == (squash ? kNobodyGid : 0));
        }
    }
}

TEST_CASE("request identity: pinning and squashing rewrite exactly the credentials") {
    const transport::PeerCredentials user{1000, 100, {100, 0, 27}};
    Request req = claimed_root();
    RequestIdentity::of_unix_peer(user, false).apply(req);
    CHECK(req.uid == 1000);
    CHECK(req.gid == 100);
    CHECK(req.groups == std::vector<gid_t>{100, 0, 27});
    CHECK(req.lk_owner == 7);

    req = claimed_root();
    RequestIdentity::of_unix_peer(user, true).apply(req);
    CHECK(req.groups == std::vector<gid_t>{100, kNobodyGid, 27});

    req = Request{.uid = 42, .gid = 0, .groups = {5}};
    RequestIdentity::of_unix_peer(transport::PeerCredentials{0, 0, {}}, false).apply(req);
    CHECK(req.uid == 42);  // a root peer acts for its users
    RequestIdentity::as_claimed(true).apply(req);
    CHECK(req.uid == 42);
    CHECK(req.gid == kNobodyGid);
    CHECK(req.groups == std::vector<gid_t>{5});
}

}  // namespace
}  // namespace booster::test
