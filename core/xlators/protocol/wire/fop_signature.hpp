// How each fop's arguments and reply travel, derived from the fop list (fop_list.hpp) so that
// a new fop needs no wire code of its own: FopTraits<F> gives a fop's reply type and parameter
// list; WireArg<P> the form a parameter takes on the wire (a Loc becomes identities only, an
// Fd its remote id, an iovec array a length) and the ArgKind that carries it.
// Compile-time only; no state. No <expected> here (the fuzz target, built with clang, uses it).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "core/engine/fop_list.hpp"
#include "core/xlators/protocol/wire/booster_wire_generated.h"

namespace booster::wire {

// A Loc on the wire: identities, never a path.
struct WireLoc {
    Gfid gfid;
    Gfid pargfid;
    std::string_view name;
};

// An Fd on the wire: the id the server gave it when it was opened, or, for an anonymous fd
// (id 0), the gfid of the object to act on without an open.
struct RemoteFd {
    std::uint64_t id = 0;
    Gfid anonymous_gfid;

    bool anonymous() const { return !anonymous_gfid.is_null(); }
};

// An iovec array on the wire: readv's bytes wanted, writev's bytes of bulk data.
struct WireIo {
    std::size_t length = 0;
};

// The wire form T of a parameter and the ArgKind that carries it.
template <class T, fb::ArgKind K>
struct WireForm {
    using type = T;
    static constexpr fb::ArgKind kind = K;
};

template <class P>
struct WireArg : WireForm<std::remove_cvref_t<P>, fb::ArgKind_Int> {
    static_assert(std::is_integral_v<std::remove_cvref_t<P>> || std::is_enum_v<std::remove_cvref_t<P>>,
                  "no wire form for this parameter type");
};
template <>
struct WireArg<const Loc&> : WireForm<WireLoc, fb::ArgKind_Loc> {};
template <>
struct WireArg<Fd&> : WireForm<RemoteFd, fb::ArgKind_Fd> {};
template <>
struct WireArg<std::string_view> : WireForm<std::string_view, fb::ArgKind_Text> {};
template <>
struct WireArg<IoVecs> : WireForm<WireIo, fb::ArgKind_Io> {};
template <>
struct WireArg<const Flock&> : WireForm<Flock, fb::ArgKind_Flock> {};
template <>
struct WireArg<const SetAttr&> : WireForm<SetAttr, fb::ArgKind_SetAttr> {};
template <>
struct WireArg<const Dict&> : WireForm<Dict, fb::ArgKind_Dict> {};

// The largest value of each enum parameter: anything above is a protocol error.
template <class E>
constexpr std::underlying_type_t<E> enum_max();
template <>
constexpr std::uint8_t enum_max<LockCmd>() { return static_cast<std::uint8_t>(LockCmd::kSetLkWait); }
template <>
constexpr std::uint8_t enum_max<EntryLockCmd>() { return static_cast<std::uint8_t>(EntryLockCmd::kUnlock); }
template <>
constexpr std::uint8_t enum_max<EntryLockType>() { return static_cast<std::uint8_t>(EntryLockType::kWrite); }
template <>
constexpr std::uint8_t enum_max<XattrOp>() { return static_cast<std::uint8_t>(XattrOp::kAddArray64); }

// Every fop takes its Request first; the wire carries it as Call::cred.
template <class Signature>
struct ArgList;
template <class... P>
struct ArgList<void(const Request&, P...)> {
    using Tuple = std::tuple<typename WireArg<P>::type...>;
    static constexpr std::array<fb::ArgKind, sizeof...(P)> kinds{WireArg<P>::kind...};
};

template <FopId F>
struct FopTraits;
#define BOOSTER_WIRE_TRAITS(name, R, params, args) \
    template <>                                    \
    struct FopTraits<FopId::name> {                \
        using Reply = R;                           \
        using Args = ArgList<void params>;         \
    };
BOOSTER_FOPS(BOOSTER_WIRE_TRAITS)
#undef BOOSTER_WIRE_TRAITS

// Calls `v.template operator()<F>()` for the runtime fop `id` (which must be < kFopCount).
template <class Visitor>
decltype(auto) visit_fop(FopId id, Visitor&& v) {
    switch (id) {
#define BOOSTER_WIRE_VISIT(name, R, params, args) \
    case FopId::name: return v.template operator()<FopId::name>();
        BOOSTER_FOPS(BOOSTER_WIRE_VISIT)
#undef BOOSTER_WIRE_VISIT
        case FopId::kCount: break;
    }
    __builtin_unreachable();
}

// The fops whose reply installs a remote fd on the Fd they were given.
constexpr bool opens_fd(FopId id) { return id == FopId::open || id == FopId::create || id == FopId::opendir; }

}  // namespace booster::wire
