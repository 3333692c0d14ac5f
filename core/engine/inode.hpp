// Inode and InodeTable: the engine's view of files, keyed by gfid (the seeds' inode table).
//
// An Inode is created unlinked (to receive a lookup or create reply) and linked into the table
// under (parent, name) once its gfid is known. The table owns every linked inode; holders keep
// one alive with an InodeRef. `nlookup` mirrors the kernel's FUSE lookup count: an inode with
// nlookup > 0 or with references is never dropped; one with neither waits on an LRU list of
// `lru_limit` entries and is then purged (its contexts destroyed = forget).
// Dentries record (parent, name) so that the path of an inode can be rebuilt for path-based
// translators; a dentry holds a reference on its parent, so parents outlive their children.
// Thread-safety: every method may be called from any thread; one table mutex guards the maps,
// reference counts, dentries and LRU. Contexts are destroyed outside that mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <tsl/robin_map.h>

#include "core/engine/ctx.hpp"
#include "core/engine/gfid.hpp"
#include "core/engine/iatt.hpp"
#include "core/engine/ref.hpp"

namespace booster {

class InodeTable;
class Inode;
using InodeRef = Ref<Inode>;

class Inode {
public:
    Inode(const Inode&) = delete;
    Inode& operator=(const Inode&) = delete;

    // Null until linked.
    const Gfid& gfid() const { return gfid_; }
    // S_IFMT bits of the object, 0 until linked.
    std::uint32_t type() const { return type_; }
    bool is_dir() const { return type_ == S_IFDIR; }
    bool is_root() const { return gfid_ == Gfid::root(); }
    CtxSlots& ctx() { return ctx_; }
    InodeTable& table() const { return *table_; }

    void ref();
    void unref();

private:
    friend class InodeTable;
    Inode(InodeTable* table, std::size_t slots) : table_(table), ctx_(slots) {}

    struct Dentry {
        Inode* parent;  // holds one counted reference, taken and dropped under the table mutex
        std::string name;
    };

    InodeTable* table_;
    CtxSlots ctx_;
    Gfid gfid_;
    std::uint32_t type_ = 0;
    // Guarded by the table mutex:
    std::uint64_t refs_ = 0;
    std::uint64_t nlookup_ = 0;
    bool linked_ = false;
    std::vector<Dentry> dentries_;
    std::list<Inode*>::iterator lru_pos_;
    bool in_lru_ = false;
};

class InodeTable {
public:
    explicit InodeTable(std::size_t ctx_slots, std::size_t lru_limit = 16384);
    ~InodeTable();
    InodeTable(const InodeTable&) = delete;
    InodeTable& operator=(const InodeTable&) = delete;

    InodeRef root();
    // A new unlinked inode, to be filled by a lookup or create.
    InodeRef create();
    InodeRef find(const Gfid& gfid);
    InodeRef find_child(const Inode& parent, std::string_view name);

    // A (parent, name) under which an inode is linked.
    struct Name {
        InodeRef parent;
        std::string name;
    };
    // Every name of `inode`: none for the root or an inode known only by gfid, several for a
    // file with hard links. Translators use it to reach the directories that list an object.
    std::vector<Name> names_of(const Inode& inode);

    // Records that `inode` (whose gfid and type come from `attr`) is `name` in `parent`. If the
    // table already holds an inode with that gfid, that one gets the dentry and is returned;
    // the caller must use the returned inode from then on.
    InodeRef link(const InodeRef& inode, const InodeRef& parent, std::string_view name, const Iatt& attr);
    void unlink(const Inode& parent, std::string_view name);
    void rename(const Inode& old_parent, std::string_view old_name, const InodeRef& new_parent,
                std::string_view new_name);

    // "/a/b" for an inode (joined with `name` when given); empty if the inode is not reachable
    // from the root through known dentries.
    std::string path(const Inode& inode, std::string_view name = {});

    // The kernel's lookup count (FUSE): each successful lookup/create reply adds one.
    void lookup_inc(Inode& inode);
    void forget(Inode& inode, std::uint64_t n);

    std::size_t size();
    std::size_t lru_size();

private:
    friend class Inode;
    struct DentryKey {
        const Inode* parent;
        std::string name;
        bool operator==(const DentryKey&) const = default;
    };
    struct DentryHash {
        std::size_t operator()(const DentryKey& k) const noexcept {
            return std::hash<const void*>()(k.parent) ^ (std::hash<std::string>()(k.name) * 31);
        }
    };

    InodeRef ref_locked(Inode* inode);
    void unref_locked(Inode* inode, std::vector<Inode*>& dead);
    void settle_locked(Inode* inode, std::vector<Inode*>& dead);
    void drop_dentry_locked(Inode* inode, const Inode* parent, std::string_view name, std::vector<Inode*>& dead);
    void purge_locked(Inode* inode, std::vector<Inode*>& dead);
    static void destroy(std::vector<Inode*>& dead);
    bool build_path_locked(const Inode* inode, std::string& out) const;

    const std::size_t slots_;
    const std::size_t lru_limit_;
    std::mutex mu_;
    // Open addressing: a lookup is one probe sequence in one array, no node per entry.
    tsl::robin_map<Gfid, Inode*> by_gfid_;
    tsl::robin_map<DentryKey, Inode*, DentryHash> by_name_;
    std::list<Inode*> lru_;
    Inode* root_ = nullptr;
};

}  // namespace booster
