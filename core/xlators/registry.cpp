// The list of every translator type: one line per translator, category/name -> class and its
// option table. Adding a translator = a folder under core/xlators/ and one line here.
#include "core/engine/registry.hpp"

#include <algorithm>

#include "core/xlators/cluster/distribute/distribute.hpp"
#include "core/xlators/cluster/distribute/options.hpp"
#include "core/xlators/debug/async/async.hpp"
#include "core/xlators/debug/async/options.hpp"
#include "core/xlators/debug/delay-gen/delay_gen.hpp"
#include "core/xlators/debug/delay-gen/options.hpp"
#include "core/xlators/debug/error-gen/error_gen.hpp"
#include "core/xlators/debug/error-gen/options.hpp"
#include "core/xlators/debug/io-stats/io_stats.hpp"
#include "core/xlators/debug/io-stats/options.hpp"
#include "core/xlators/features/locks/locks.hpp"
#include "core/xlators/features/locks/options.hpp"
#include "core/xlators/performance/io-cache/io_cache.hpp"
#include "core/xlators/performance/io-cache/options.hpp"
#include "core/xlators/performance/md-cache/md_cache.hpp"
#include "core/xlators/performance/md-cache/options.hpp"
#include "core/xlators/performance/open-behind/open_behind.hpp"
#include "core/xlators/performance/open-behind/options.hpp"
#include "core/xlators/performance/stat-prefetch/options.hpp"
#include "core/xlators/performance/stat-prefetch/stat_prefetch.hpp"
#include "core/xlators/performance/write-behind/options.hpp"
#include "core/xlators/performance/write-behind/write_behind.hpp"
#include "core/xlators/protocol/client/options.hpp"
#include "core/xlators/protocol/client/protocol_client.hpp"
#include "core/xlators/protocol/server/options.hpp"
#include "core/xlators/protocol/server/protocol_server.hpp"
#include "core/xlators/storage/posix/options.hpp"
#include "core/xlators/storage/posix/posix.hpp"

namespace booster {

namespace {

template <class T>
std::unique_ptr<Xlator> make() {
    return std::make_unique<T>();
}

// Constant-initialised: libbooster.so may build a graph from its load-time constructor, before
// any dynamic initialiser of this library has run.
// clang-format off
constexpr XlatorType kTypes[] = {
    {"cluster/distribute", &make<Distribute>, kDistributeOptions, "spreads files over its subvolumes by the hash of their names; directories on every one"},
    {"debug/async", &make<Async>, kAsyncOptions, "winds and completes every fop on its own worker threads (tests)"},
    {"debug/delay-gen", &make<DelayGen>, kDelayGenOptions, "delays chosen fops by a set duration"},
    {"debug/error-gen", &make<ErrorGen>, kErrorGenOptions, "fails chosen fops with a chosen errno"},
    {"debug/io-stats", &make<IoStats>, kIoStatsOptions, "per-fop counts, errors, bytes and latency"},
    {"features/locks", &make<Locks>, kLocksOptions, "POSIX, OFD and flock locks, and the inode and entry locks of cluster translators"},
    {"performance/io-cache", &make<IoCache>, kIoCacheOptions, "keeps file data read from the child in pages and serves re-reads from them, coherent at open"},
    {"performance/md-cache", &make<MdCache>, kMdCacheOptions, "answers stat and fstat from the attributes of recent replies, for timeout seconds"},
    {"performance/open-behind", &make<OpenBehind>, kOpenBehindOptions, "acknowledges opens at once and sends them below at the first fop that needs the fd"},
    {"performance/stat-prefetch", &make<StatPrefetch>, kStatPrefetchOptions, "answers the lookups after a listing from its attributes (ls -l)"},
    {"performance/write-behind", &make<WriteBehind>, kWriteBehindOptions, "acknowledges writes early, sends them in order in the background, joined"},
    {"protocol/client", &make<ProtocolClient>, kProtocolClientOptions, "runs every fop on a remote brick (protocol/server) over a unix socket or TCP"},
    {"protocol/server", &make<ProtocolServer>, kProtocolServerOptions, "serves its subvolume (a brick graph) to protocol/client peers over a unix socket or TCP"},
    {"storage/posix", &make<Posix>, kPosixOptions, "stores the volume in a local directory (the brick)"},
};
// clang-format on

}  // namespace

const XlatorType* find_xlator_type(std::string_view name) {
    auto it = std::find_if(std::begin(kTypes), std::end(kTypes), [&](const XlatorType& t) { return t.name == name; });
    return it == std::end(kTypes) ? nullptr : &*it;
}

std::span<const XlatorType> xlator_types() { return kTypes; }

}  // namespace booster
