// Encoding and decoding of a fop request (fb::Call), generic over the fop list: the arguments
// of fop F travel as FopTraits<F>::Args::Tuple (fop_signature.hpp), one fb::Arg each, in order.
// Decoding checks what the verifier cannot: the argument count and kinds, that every required
// field is present, that integers fit their C++ type, enums and lock fields are in range, and
// that the frame's bulk data matches (writev: exactly its length; every other fop: none).
// A decoded tuple's string_views point into the received buffer, which must outlive them.
// Pure functions; any thread; no <expected> (the clang fuzz target compiles this).
#pragma once

#include <limits>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>

#include "core/xlators/protocol/wire/fop_signature.hpp"
#include "core/xlators/protocol/wire/values.hpp"

namespace booster::wire {

namespace detail {

template <class T>
flatbuffers::Offset<fb::Arg> encode_arg(Builder& b, const T& v) {
    static_assert(std::is_integral_v<T> || std::is_enum_v<T>);
    return fb::CreateArg(b, fb::ArgKind_Int, static_cast<std::int64_t>(v));
}
inline flatbuffers::Offset<fb::Arg> encode_arg(Builder& b, const WireLoc& loc) {
    const fb::Gfid gfid = to_wire(loc.gfid);
    const fb::Gfid pargfid = to_wire(loc.pargfid);
    auto name = loc.name.empty() ? flatbuffers::Offset<flatbuffers::String>() : b.CreateString(loc.name);
    auto l = fb::CreateLoc(b, loc.gfid.is_null() ? nullptr : &gfid, loc.pargfid.is_null() ? nullptr : &pargfid, name);
    return fb::CreateArg(b, fb::ArgKind_Loc, 0, l);
}
inline flatbuffers::Offset<fb::Arg> encode_arg(Builder& b, const RemoteFd& fd) {
    if (!fd.anonymous()) return fb::CreateArg(b, fb::ArgKind_Fd, static_cast<std::int64_t>(fd.id));
    const fb::Gfid gfid = to_wire(fd.anonymous_gfid);
    return fb::CreateArg(b, fb::ArgKind_Fd, 0, fb::CreateLoc(b, &gfid));
}
inline flatbuffers::Offset<fb::Arg> encode_arg(Builder& b, const std::string_view& text) {
    auto t = bytes_to_wire(b, text);
    return fb::CreateArg(b, fb::ArgKind_Text, 0, 0, t);
}
inline flatbuffers::Offset<fb::Arg> encode_arg(Builder& b, const WireIo& io) {
    return fb::CreateArg(b, fb::ArgKind_Io, static_cast<std::int64_t>(io.length));
}
inline flatbuffers::Offset<fb::Arg> encode_arg(Builder& b, const Flock& lock) {
    const fb::Flock l = to_wire(lock);
    return fb::CreateArg(b, fb::ArgKind_Flock, 0, 0, 0, &l);
}
inline flatbuffers::Offset<fb::Arg> encode_arg(Builder& b, const SetAttr& attr) {
    const fb::SetAttr a = to_wire(attr);
    return fb::CreateArg(b, fb::ArgKind_SetAttr, 0, 0, 0, nullptr, &a);
}
inline flatbuffers::Offset<fb::Arg> encode_arg(Builder& b, const Dict& dict) {
    auto d = to_wire(b, dict);
    return fb::CreateArg(b, fb::ArgKind_Dict, 0, 0, 0, nullptr, nullptr, d);
}

template <class T>
const char* decode_arg(const fb::Arg& a, T& out) {
    const std::int64_t v = a.num();
    if constexpr (std::is_enum_v<T>) {
        if (v < 0 || v > enum_max<T>()) return "enum argument out of range";
    } else if constexpr (std::is_same_v<T, bool>) {
        if (v != 0 && v != 1) return "bool argument out of range";
    } else if constexpr (sizeof(T) < sizeof(std::int64_t)) {
        if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
            v > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
            return "integer argument out of range";
    }
    out = static_cast<T>(v);
    return nullptr;
}
inline const char* decode_arg(const fb::Arg& a, WireLoc& out) {
    const fb::Loc* l = a.loc();
    if (l == nullptr) return "loc argument without loc";
    out.gfid = l->gfid() != nullptr ? from_wire(*l->gfid()) : Gfid{};
    out.pargfid = l->pargfid() != nullptr ? from_wire(*l->pargfid()) : Gfid{};
    out.name = l->name() != nullptr ? l->name()->string_view() : std::string_view{};
    if (!out.name.empty() && out.pargfid.is_null()) return "loc name without parent gfid";
    if (out.name.empty() && out.gfid.is_null()) return "loc names nothing";
    return nullptr;
}
inline const char* decode_arg(const fb::Arg& a, RemoteFd& out) {
    // 0 names no fd yet (open, create, opendir) or an anonymous fd; the server checks which
    // fops may send either.
    out.id = static_cast<std::uint64_t>(a.num());
    const fb::Loc* l = a.loc();
    if (l == nullptr) return nullptr;
    if (out.id != 0) return "fd argument with both a remote id and a gfid";
    if (l->pargfid() != nullptr || l->name() != nullptr) return "anonymous fd argument names an entry";
    if (l->gfid() == nullptr) return "anonymous fd argument without gfid";
    out.anonymous_gfid = from_wire(*l->gfid());
    if (out.anonymous_gfid.is_null()) return "anonymous fd argument with a null gfid";
    return nullptr;
}
inline const char* decode_arg(const fb::Arg& a, std::string_view& out) {
    if (a.text() == nullptr) return "text argument without text";
    out = bytes_from_wire(*a.text());
    return nullptr;
}
inline const char* decode_arg(const fb::Arg& a, WireIo& out) {
    if (a.num() < 0) return "negative io length";
    out.length = static_cast<std::size_t>(a.num());
    return nullptr;
}
inline const char* decode_arg(const fb::Arg& a, Flock& out) {
    if (a.flock() == nullptr) return "lock argument without lock";
    return from_wire(*a.flock(), out);
}
inline const char* decode_arg(const fb::Arg& a, SetAttr& out) {
    if (a.setattr() == nullptr) return "setattr argument without attributes";
    out = from_wire(*a.setattr());
    return nullptr;
}
inline const char* decode_arg(const fb::Arg& a, Dict& out) {
    if (a.dict() == nullptr) return "dict argument without dict";
    return from_wire(*a.dict(), out);
}

template <class T>
const char* decode_one(const fb::Arg& a, fb::ArgKind kind, T& out) {
    return a.kind() == kind ? decode_arg(a, out) : "wrong argument kind";
}

template <class Tuple, std::size_t... I>
const char* decode_each(const flatbuffers::Vector<flatbuffers::Offset<fb::Arg>>& args, std::span<const fb::ArgKind> kinds,
                        Tuple& out, std::index_sequence<I...>) {
    const char* error = nullptr;
    ((error = error != nullptr ? error : decode_one(*args.Get(I), kinds[I], std::get<I>(out))), ...);
    return error;
}

// The length of the fop's iovec argument (0 if it has none).
template <class T>
std::size_t io_length_of(const T&) {
    return 0;
}
inline std::size_t io_length_of(const WireIo& io) { return io.length; }
template <class Tuple>
std::size_t io_length(const Tuple& args) {
    std::size_t length = 0;
    std::apply([&](const auto&... a) { ((length += io_length_of(a)), ...); }, args);
    return length;
}

}  // namespace detail

inline constexpr std::size_t kMaxGroups = 65536;

template <FopId F>
using CallArgs = typename FopTraits<F>::Args::Tuple;

// Builds a finished Message holding the Call of fop F in `b` (cleared first).
template <FopId F>
void encode_call(Builder& b, const Request& req, const CallArgs<F>& args) {
    b.Clear();
    auto encoded = std::apply(
        [&](const auto&... a) { return std::array<flatbuffers::Offset<fb::Arg>, sizeof...(a)>{detail::encode_arg(b, a)...}; },
        args);
    auto arg_vector = b.CreateVector(encoded.data(), encoded.size());
    auto groups = b.CreateVector(req.groups.data(), req.groups.size());
    const fb::Cred cred(req.lk_owner, req.uid, req.gid, req.pid);
    auto call = fb::CreateCall(b, static_cast<std::uint8_t>(F), &cred, groups, arg_vector);
    fb::FinishMessageBuffer(b, fb::CreateMessage(b, fb::Body_Call, call.Union()));
}

// The Request of a received Call (client_id is the server's to set).
Request request_from_wire(const fb::Call& call);

// Decodes the arguments of fop F; null on success, else the reason.
template <FopId F>
const char* decode_call(const fb::Call& call, std::size_t bulk_size, CallArgs<F>& out) {
    constexpr auto& kinds = FopTraits<F>::Args::kinds;
    if (call.groups() != nullptr && call.groups()->size() > kMaxGroups) return "too many groups";
    const auto* args = call.args();
    const std::size_t count = args == nullptr ? 0 : args->size();
    if (count != kinds.size()) return "wrong argument count for the fop";
    if (count != 0) {
        if (const char* error =
                detail::decode_each(*args, kinds, out, std::make_index_sequence<std::tuple_size_v<CallArgs<F>>>()))
            return error;
    }
    const std::size_t io_length = detail::io_length(out);
    if (F == FopId::writev) return io_length == bulk_size ? nullptr : "writev length differs from its bulk data";
    return bulk_size == 0 ? nullptr : "bulk data on a fop that takes none";
}

}  // namespace booster::wire
