// The wire codec: every fop's request and every reply type survive a round trip, and every
// check of the receiving side refuses what it must (header, verifier, argument count and kind,
// ranges, bulk data, reply fields, anonymous fds).
#include <doctest/doctest.h>
#include <fcntl.h>

#include <cstring>
#include <vector>

#include "core/xlators/protocol/wire/call_codec.hpp"
#include "core/xlators/protocol/wire/frame_header.hpp"
#include "core/xlators/protocol/wire/message.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster::wire {
namespace {

const Gfid kGfid = Gfid::random();

// A sample value of each wire argument type, and equality for those without one.
template <class T>
T sample() {
    if constexpr (std::is_same_v<T, bool>) return true;
    else if constexpr (std::is_enum_v<T>) return static_cast<T>(1);
    else return static_cast<T>(3);
}
template <>
WireLoc sample<WireLoc>() { return {kGfid, Gfid::root(), "name"}; }
template <>
RemoteFd sample<RemoteFd>() { return {5}; }
template <>
std::string_view sample<std::string_view>() { return std::string_view("te\0xt", 5); }
template <>
WireIo sample<WireIo>() { return {0}; }
template <>
Flock sample<Flock>() { return {F_WRLCK, SEEK_END, -5, 10, 42, 9, LockKind::kFlock}; }
template <>
SetAttr sample<SetAttr>() { return {.valid = SetAttr::kMode | SetAttr::kMtime, .mode = 0600, .size = 9, .mtime = {4, 5}}; }
template <>
Dict sample<Dict>() {
    Dict d;
    d.set("i", std::int64_t{-1});
    d.set("u", std::uint64_t{1} << 63);
    d.set("b", std::string("\0x", 2));
    return d;
}

template <class T>
bool same(const T& a, const T& b) { return a == b; }
bool same(const WireLoc& a, const WireLoc& b) { return a.gfid == b.gfid && a.pargfid == b.pargfid && a.name == b.name; }
bool same(const RemoteFd& a, const RemoteFd& b) { return a.id == b.id && a.anonymous_gfid == b.anonymous_gfid; }
bool same(const WireIo& a, const WireIo& b) { return a.length == b.length; }
bool same(const Flock& a, const Flock& b) {
    return a.type == b.type && a.whence == b.whence && a.start == b.start && a.len == b.len && a.pid == b.pid &&
           a.owner == b.owner && a.kind == b.kind;
}
bool same(const SetAttr& a, const SetAttr& b) {
    return a.valid == b.valid && a.mode == b.mode && a.size == b.size && a.mtime.tv_sec == b.mtime.tv_sec &&
           a.mtime.tv_nsec == b.mtime.tv_nsec;
}
bool same(const Iatt& a, const Iatt& b) {
    return a.gfid == b.gfid && a.ino == b.ino && a.mode == b.mode && a.size == b.size && a.mtime.tv_sec == b.mtime.tv_sec;
}

const fb::Message* open(const Builder& b) {
    const fb::Message* m = nullptr;
    REQUIRE(open_message({b.GetBufferPointer(), b.GetSize()}, m) == nullptr);
    return m;
}

// The bytes of a finished builder, in 8-byte aligned storage that a test may damage.
struct Bytes {
    explicit Bytes(const Builder& b) : words((b.GetSize() + 7) / 8), size(b.GetSize()) {
        std::memcpy(words.data(), b.GetBufferPointer(), size);
    }
    std::uint8_t* data() { return reinterpret_cast<std::uint8_t*>(words.data()); }
    std::span<const std::uint8_t> span(std::size_t n) { return {data(), n}; }
    std::vector<std::uint64_t> words;
    std::size_t size;
};

TEST_CASE("wire: every fop's request survives a round trip") {
    const Request req{.uid = 1000, .gid = 100, .groups = {4, 24}, .pid = 77, .lk_owner = 0xfeed};
    Builder b;
    for (std::size_t i = 0; i < kFopCount; ++i) {
        visit_fop(static_cast<FopId>(i), [&]<FopId F>() {
            CAPTURE(fop_name(F));
            CallArgs<F> sent = std::apply([](auto... a) { return CallArgs<F>{sample<decltype(a)>()...}; }, CallArgs<F>{});
            encode_call<F>(b, req, sent);
            const fb::Call* call = open(b)->body_as_Call();
            REQUIRE(call != nullptr);
            CHECK(call->fop() == i);
            CallArgs<F> got;
            REQUIRE(decode_call<F>(*call, 0, got) == nullptr);
            std::apply([&](const auto&... g) { std::apply([&](const auto&... s) { CHECK((same(g, s) && ...)); }, sent); }, got);
            const Request back = request_from_wire(*call);
            CHECK(back.uid == 1000);
            CHECK(back.gid == 100);
            CHECK(back.groups == std::vector<gid_t>{4, 24});
            CHECK(back.pid == 77);
            CHECK(back.lk_owner == 0xfeed);
        });
    }
}

template <class R>
R round_trip(const R& value, std::uint64_t fd = 0) {
    Builder b;
    finish_message(b, encode_reply(b, value, fd));
    const fb::Reply* r = open(b)->body_as_Reply();
    REQUIRE(r != nullptr);
    CHECK(reply_errnum(*r) == 0);
    CHECK(r->fd() == fd);
    R out{};
    REQUIRE(decode_reply(*r, out) == nullptr);
    return out;
}

TEST_CASE("wire: every reply type survives a round trip") {
    Iatt a;
    a.gfid = kGfid;
    a.ino = 12;
    a.mode = S_IFREG | 0640;
    a.size = std::uint64_t{1} << 40;
    a.mtime = {1700000000, 999};
    CHECK(same(round_trip(a), a));
    EntryReply e{a, a, sample<Dict>()};
    const EntryReply e2 = round_trip(e, 9);
    CHECK(same(e2.attr, a));
    CHECK((e2.postparent && same(*e2.postparent, a)));
    CHECK(e2.xattrs == e.xattrs);
    CHECK(!round_trip(EntryReply{a, std::nullopt, {}}).postparent);
    CHECK(round_trip(std::string("x\0y", 3)) == std::string("x\0y", 3));
    CHECK(round_trip(std::size_t{1} << 33) == std::size_t{1} << 33);
    CHECK(round_trip(off_t{-1}) == -1);
    CHECK(round_trip(Unit{}, 4) == Unit{});
    const Dirents d = round_trip(Dirents{{"a", 1, 2, 8, a}, {"b", 3, 4, 4, std::nullopt}});
    REQUIRE(d.size() == 2);
    CHECK((d[0].name == "a" && d[0].ino == 1 && d[0].off == 2 && d[0].type == 8 && d[0].attr && same(*d[0].attr, a)));
    CHECK((d[1].name == "b" && !d[1].attr));
    Statvfs st{};
    st.f_bsize = 4096;
    st.f_namemax = 255;
    const Statvfs st2 = round_trip(st);
    CHECK((st2.f_bsize == 4096 && st2.f_namemax == 255));
    CHECK(round_trip(Names{"user.a", "user.b"}) == Names{"user.a", "user.b"});
    CHECK(same(round_trip(sample<Flock>()), sample<Flock>()));
    CHECK(round_trip(sample<Dict>()) == sample<Dict>());
    Builder b;
    finish_message(b, encode_error(b, ENOENT));
    CHECK(reply_errnum(*open(b)->body_as_Reply()) == ENOENT);
}

TEST_CASE("wire: the frame header refuses bad magic, version, flags, emptiness and size before the body") {
    FrameHeader h;
    h.message_size = 100;
    h.bulk_size = 10;
    h.xid = 99;
    FrameHeader out;
    CHECK(decode_header(encode_header(h), 1000, out) == nullptr);
    CHECK((out.message_size == 100 && out.bulk_size == 10 && out.xid == 99));
    auto bad_magic = encode_header(h);
    bad_magic[0] ^= 0xff;
    CHECK(std::string(decode_header(bad_magic, 1000, out)) == "bad frame magic");
    FrameHeader v = h;
    v.version = 2;
    CHECK(std::string(decode_header(encode_header(v), 1000, out)) == "unsupported wire version");
    FrameHeader f = h;
    f.flags = 2;
    CHECK(std::string(decode_header(encode_header(f), 1000, out)) == "unknown frame flags");
    f.flags = kFramePassesFd;
    CHECK(decode_header(encode_header(f), 1000, out) == nullptr);
    CHECK(out.flags == kFramePassesFd);
    FrameHeader empty = h;
    empty.message_size = 0;
    CHECK(std::string(decode_header(encode_header(empty), 1000, out)) == "empty message");
    CHECK(std::string(decode_header(encode_header(h), 109, out)) == "frame larger than max-message-size");
}

TEST_CASE("wire: the verifier refuses truncated, damaged and foreign buffers") {
    Builder b;
    encode_call<FopId::lookup>(b, Request{}, {sample<WireLoc>()});
    Bytes bytes(b);
    const fb::Message* m = nullptr;
    CHECK(open_message(bytes.span(bytes.size), m) == nullptr);
    for (std::size_t cut : {std::size_t{0}, std::size_t{4}, std::size_t{8}, bytes.size / 2})
        CHECK(open_message(bytes.span(cut), m) != nullptr);
    Bytes foreign(b);
    foreign.data()[4] = 'X';  // the file identifier
    CHECK(open_message(foreign.span(foreign.size), m) != nullptr);
    Bytes wild(b);
    std::memset(wild.data(), 0xff, 4);  // root offset far outside the buffer
    CHECK(open_message(wild.span(wild.size), m) != nullptr);
    Builder none;
    fb::FinishMessageBuffer(none, fb::CreateMessage(none));
    CHECK(std::string(open_message({none.GetBufferPointer(), none.GetSize()}, m)) == "message without a known body");
}

// A Call of `fop` whose arguments are exactly `args`.
const fb::Call& raw_call(Builder& b, std::uint8_t fop, const std::vector<flatbuffers::Offset<fb::Arg>>& args) {
    const fb::Cred cred(0, 0, 0, 0);
    auto v = b.CreateVector(args);
    auto call = fb::CreateCall(b, fop, &cred, 0, v);
    fb::FinishMessageBuffer(b, fb::CreateMessage(b, fb::Body_Call, call.Union()));
    return *fb::GetMessage(b.GetBufferPointer())->body_as_Call();
}

template <FopId F>
std::string decode_error(const fb::Call& call, std::size_t bulk = 0) {
    CallArgs<F> args;
    const char* e = decode_call<F>(call, bulk, args);
    return e == nullptr ? "" : e;
}

TEST_CASE("wire: a request with wrong arguments is refused with the reason") {
    Builder b;
    auto loc = [&] { return fb::CreateArg(b, fb::ArgKind_Loc, 0, fb::CreateLoc(b, nullptr, nullptr, 0)); };
    CHECK(decode_error<FopId::stat>(raw_call(b, 1, {})) == "wrong argument count for the fop");
    b.Clear();
    CHECK(decode_error<FopId::stat>(raw_call(b, 1, {fb::CreateArg(b, fb::ArgKind_Int, 1)})) == "wrong argument kind");
    b.Clear();
    CHECK(decode_error<FopId::stat>(raw_call(b, 1, {fb::CreateArg(b, fb::ArgKind_Loc)})) == "loc argument without loc");
    b.Clear();
    CHECK(decode_error<FopId::stat>(raw_call(b, 1, {loc()})) == "loc names nothing");
    b.Clear();
    const fb::Gfid g = to_wire(kGfid);
    auto named = fb::CreateArg(b, fb::ArgKind_Loc, 0, fb::CreateLoc(b, &g, nullptr, b.CreateString("n")));
    CHECK(decode_error<FopId::stat>(raw_call(b, 1, {named})) == "loc name without parent gfid");
    b.Clear();
    auto gl = fb::CreateArg(b, fb::ArgKind_Loc, 0, fb::CreateLoc(b, &g));
    CHECK(decode_error<FopId::access>(raw_call(b, 3, {gl, fb::CreateArg(b, fb::ArgKind_Int, std::int64_t{1} << 40)})) ==
          "integer argument out of range");
    b.Clear();
    auto fd = [&] { return fb::CreateArg(b, fb::ArgKind_Fd, 1); };
    CHECK(decode_error<FopId::fsync>(raw_call(b, 17, {fd(), fb::CreateArg(b, fb::ArgKind_Int, 2)})) ==
          "bool argument out of range");
    b.Clear();
    const fb::Flock bad_type(0, 0, 0, 0, 99, 0, 0);
    CHECK(decode_error<FopId::lk>(raw_call(b, 33, {fd(), fb::CreateArg(b, fb::ArgKind_Int, 1),
                                                   fb::CreateArg(b, fb::ArgKind_Flock, 0, 0, 0, &bad_type)})) ==
          "bad lock type");
    b.Clear();
    const fb::Flock ok_lock(0, 0, 0, 0, F_RDLCK, 0, 0);
    CHECK(decode_error<FopId::lk>(raw_call(b, 33, {fd(), fb::CreateArg(b, fb::ArgKind_Int, 7),
                                                   fb::CreateArg(b, fb::ArgKind_Flock, 0, 0, 0, &ok_lock)})) ==
          "enum argument out of range");
    b.Clear();
    auto io = fb::CreateArg(b, fb::ArgKind_Io, 10);
    const fb::Call& w = raw_call(b, 15, {fd(), io, fb::CreateArg(b, fb::ArgKind_Int, 0), fb::CreateArg(b, fb::ArgKind_Int, 0)});
    CHECK(decode_error<FopId::writev>(w, 9) == "writev length differs from its bulk data");
    CHECK(decode_error<FopId::writev>(w, 10).empty());
    b.Clear();
    CHECK(decode_error<FopId::fstat>(raw_call(b, 2, {fd()}), 1) == "bulk data on a fop that takes none");
    b.Clear();
    std::vector<flatbuffers::Offset<fb::DictEntry>> twice{fb::CreateDictEntry(b, b.CreateString("k")),
                                                          fb::CreateDictEntry(b, b.CreateString("k"))};
    auto dict = fb::CreateArg(b, fb::ArgKind_Dict, 0, 0, 0, nullptr, nullptr, b.CreateVector(twice));
    CHECK(decode_error<FopId::fxattrop>(raw_call(b, 39, {fd(), fb::CreateArg(b, fb::ArgKind_Int, 0), dict})) ==
          "repeated dict key");
}

TEST_CASE("wire: a reply without its field, with a bad errno or a bad entry name is refused") {
    Builder b;
    finish_message(b, fb::CreateReply(b, 0));
    const fb::Reply& empty = *open(b)->body_as_Reply();
    Iatt a;
    CHECK(std::string(decode_reply(empty, a)) == "reply without attributes");
    EntryReply e;
    CHECK(std::string(decode_reply(empty, e)) == "entry reply without attributes");
    Dirents d;
    CHECK(std::string(decode_reply(empty, d)) == "reply without entries");
    Names n;
    CHECK(std::string(decode_reply(empty, n)) == "reply without names");
    std::string s;
    CHECK(std::string(decode_reply(empty, s)) == "reply without text");
    Flock l;
    CHECK(std::string(decode_reply(empty, l)) == "reply without lock");
    Statvfs st;
    CHECK(std::string(decode_reply(empty, st)) == "reply without statvfs");
    Dict dict;
    CHECK(std::string(decode_reply(empty, dict)) == "reply without dict");
    b.Clear();
    finish_message(b, fb::CreateReply(b, 0, nullptr, nullptr, -1));
    std::size_t size = 0;
    CHECK(std::string(decode_reply(*open(b)->body_as_Reply(), size)) == "negative size in reply");
    b.Clear();
    finish_message(b, encode_error(b, 5000));
    CHECK(reply_errnum(*open(b)->body_as_Reply()) == -1);
    for (const char* bad : {"a/b", "", "..\0"}) {
        b.Clear();
        const std::string name(bad, std::strlen(bad) + (bad[0] == '.' ? 1 : 0));
        finish_message(b, encode_reply(b, Dirents{{name, 1, 1, 8, std::nullopt}}, 0));
        Dirents out;
        CHECK(decode_reply(*open(b)->body_as_Reply(), out) != nullptr);
    }
}

TEST_CASE("wire: an anonymous fd travels as its gfid and no id") {
    Builder b;
    const CallArgs<FopId::readv> sent{RemoteFd{0, kGfid}, WireIo{4096}, 8192, 0};
    encode_call<FopId::readv>(b, Request{}, sent);
    const fb::Call* call = open(b)->body_as_Call();
    REQUIRE(call != nullptr);
    CallArgs<FopId::readv> got;
    REQUIRE(decode_call<FopId::readv>(*call, 0, got) == nullptr);
    const RemoteFd& fd = std::get<0>(got);
    CHECK(fd.anonymous());
    CHECK(fd.id == 0);
    CHECK(fd.anonymous_gfid == kGfid);
    CHECK(std::get<1>(got).length == 4096);
    CHECK(std::get<2>(got) == 8192);
}

TEST_CASE("wire: a malformed anonymous fd is refused with the reason") {
    Builder b;
    const fb::Gfid g = to_wire(kGfid);
    const fb::Gfid null_gfid = to_wire(Gfid{});
    auto readv_with = [&](flatbuffers::Offset<fb::Arg> fd) {
        return decode_error<FopId::readv>(raw_call(b, static_cast<std::uint8_t>(FopId::readv),
                                                   {fd, fb::CreateArg(b, fb::ArgKind_Io, 10),
                                                    fb::CreateArg(b, fb::ArgKind_Int, 0),
                                                    fb::CreateArg(b, fb::ArgKind_Int, 0)}));
    };
    CHECK(readv_with(fb::CreateArg(b, fb::ArgKind_Fd, 3, fb::CreateLoc(b, &g))) ==
          "fd argument with both a remote id and a gfid");
    b.Clear();
    CHECK(readv_with(fb::CreateArg(b, fb::ArgKind_Fd, 0, fb::CreateLoc(b))) == "anonymous fd argument without gfid");
    b.Clear();
    CHECK(readv_with(fb::CreateArg(b, fb::ArgKind_Fd, 0, fb::CreateLoc(b, &null_gfid))) ==
          "anonymous fd argument with a null gfid");
    b.Clear();
    CHECK(readv_with(fb::CreateArg(b, fb::ArgKind_Fd, 0, fb::CreateLoc(b, &g, &g, b.CreateString("n")))) ==
          "anonymous fd argument names an entry");
    b.Clear();
    CHECK(readv_with(fb::CreateArg(b, fb::ArgKind_Fd, 0, fb::CreateLoc(b, &g))).empty());
}

}  // namespace
}  // namespace booster::wire
