// StatPrefetchVolume: a stat-prefetch graph on a temporary brick, driven the way the FUSE
// bridge drives a graph (Locs built from an inode table, lookup replies linked into it,
// unlink and rename mirrored into it, every request carrying a process id), for the
// stat-prefetch tests.
//
// Graph, bottom up: storage/posix "brick"; optional volumes `between` (the lowest has
// subvolume brick, the highest is named "mid"); debug/io-stats "below" (what reaches below
// stat-prefetch), read with stats-key user.below; performance/stat-prefetch "sp".
// The brick starts with g/d/f (file), g/d/t (file), g/d/s -> f, g/d/sub/x, g/e/ and o/f.
// make_stale() changes an object on the brick directly, behind the graph's back, so that only
// a lookup that goes below can see it: staleness() then tells a cached answer from a fresh one.
// The inode table has an LRU of 0: an inode nobody holds is forgotten at once.
// Owns everything; the temporary brick is removed when the test ends, pass or fail.
// Not thread-safe: one test thread drives it.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/fd.hpp"
#include "core/engine/graph.hpp"
#include "core/engine/task.hpp"
#include "core/xlators/performance/stat-prefetch/stat_prefetch.hpp"
#include "tests/unit/support/graph_of.hpp"

namespace booster::test {

namespace fs = std::filesystem;

inline constexpr pid_t kLister = 100;  // the process that lists directories (`ls -l`)
inline constexpr pid_t kOther = 200;   // any other process
inline constexpr std::size_t kReaddirSize = 4096;  // the kernel's readdir buffer

class StatPrefetchVolume {
public:
    explicit StatPrefetchVolume(std::string_view between = {}, std::string_view sp_options = {}) {
        std::string pattern = (fs::temp_directory_path() / "booster-sp-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        area_ = pattern;
        populate();
        graph_ = graph_of(volfile(between, sp_options));
        table_ = std::make_unique<InodeTable>(graph_->slots(), 0);
    }
    // The table's contexts go while the translators exist, after the lookups sent behind
    // (which hold its inodes) have finished: what Graph's destruction does for its own table.
    ~StatPrefetchVolume() {
        fds_.clear();
        graph_->find("sp")->fini();
        table_.reset();
        graph_.reset();
        std::error_code ignored;
        fs::remove_all(area_, ignored);
    }
    StatPrefetchVolume(const StatPrefetchVolume&) = delete;
    StatPrefetchVolume& operator=(const StatPrefetchVolume&) = delete;

    Graph& graph() { return *graph_; }
    Xlator& top() { return graph_->top(); }
    InodeTable& table() { return *table_; }
    fs::path brick(std::string_view rel = {}) const { return area_ / "brick" / rel; }

    static Request request(pid_t pid) { return Request{.pid = pid}; }

    Loc existing(const InodeRef& inode) {
        Loc loc;
        loc.path = table_->path(*inode);
        loc.gfid = inode->gfid();
        loc.inode = inode;
        return loc;
    }
    // A name in `parent`, as the bridge's child_loc: the inode when the table knows it.
    Loc child(const InodeRef& parent, std::string_view name) {
        Loc loc = named(parent, name);
        loc.inode = table_->find_child(*parent, name);
        if (loc.inode) loc.gfid = loc.inode->gfid();
        return loc;
    }
    // A name to look up or create, as the bridge's lookup_loc / new_entry_loc.
    Loc fresh(const InodeRef& parent, std::string_view name) {
        Loc loc = named(parent, name);
        loc.inode = table_->create();
        return loc;
    }

    Result<EntryReply> lookup(pid_t pid, const InodeRef& parent, std::string_view name, const Dict* xdata = nullptr) {
        Request req = request(pid);
        req.xdata = xdata;
        Loc loc = fresh(parent, name);
        Result<EntryReply> r = sync_wait(top().lookup(req, loc));
        if (r) (void)table_->link(loc.inode, parent, name, r->attr);
        return r;
    }
    // "a/b/c" looked up from the root by kOther, every inode on the way linked.
    InodeRef resolve(std::string_view rel) {
        InodeRef cur = table_->root();
        std::istringstream parts{std::string(rel)};
        for (std::string name; std::getline(parts, name, '/');) {
            if (name.empty()) continue;
            Request req = request(kOther);
            Loc loc = fresh(cur, name);
            Result<EntryReply> r = sync_wait(top().lookup(req, loc));
            REQUIRE_MESSAGE(r.has_value(), "lookup of " << name << " in " << rel);
            cur = table_->link(loc.inode, cur, name, r->attr);
        }
        return cur;
    }

    // As resolve(), but without a single lookup: each name is linked from its directory's
    // readdirp listing (read by kOther), for graphs where lookups are held below.
    InodeRef resolve_by_listing(std::string_view rel) {
        InodeRef cur = table_->root();
        std::istringstream parts{std::string(rel)};
        for (std::string name; std::getline(parts, name, '/');) {
            if (name.empty()) continue;
            FdRef fd = opendir(kOther, cur);
            InodeRef next;
            for (const Dirent& d : list_all(*fd, 0, true))
                if (d.name == name && d.attr) next = table_->link(table_->create(), cur, name, *d.attr);
            REQUIRE_MESSAGE(next, name << " not listed in " << rel);
            cur = next;
        }
        return cur;
    }

    FdRef opendir(pid_t pid, const InodeRef& dir) {
        FdRef fd = Fd::create(dir, O_RDONLY | O_DIRECTORY, pid, graph_->slots());
        Loc loc = existing(dir);
        REQUIRE(sync_wait(top().opendir(request(pid), loc, *fd)).has_value());
        return fd;
    }
    Result<Dirents> readdir(Fd& fd, std::uint64_t offset, bool plus = false) {
        const Request req = request(fd.pid());
        return sync_wait(plus ? top().readdirp(req, fd, kReaddirSize, offset) : top().readdir(req, fd, kReaddirSize, offset));
    }
    // Reads from `offset` to the end, as the kernel does: each read where the last one ended.
    Dirents list_all(Fd& fd, std::uint64_t offset = 0, bool plus = false) {
        Dirents all;
        for (;;) {
            Result<Dirents> page = readdir(fd, offset, plus);
            REQUIRE(page.has_value());
            if (page->empty()) return all;
            offset = page->back().off;
            for (Dirent& d : *page) all.push_back(std::move(d));
        }
    }
    // Opens directory `rel` as kLister and lists it to the end; the fd (and its cache) is kept.
    FdRef fill(std::string_view rel) {
        FdRef fd = opendir(kLister, resolve(rel));
        (void)list_all(*fd);
        fds_.push_back(fd);
        return fd;
    }

    FdRef open(const InodeRef& file, int flags = O_RDWR) {
        FdRef fd = Fd::create(file, flags, kOther, graph_->slots());
        Loc loc = existing(file);
        REQUIRE(sync_wait(top().open(request(kOther), loc, flags, *fd)).has_value());
        return fd;
    }

    // Namespace fops as the bridge sends them, their effect mirrored into the inode table.
    Result<Unit> unlink(std::string_view rel_parent, std::string_view name, bool dir = false) {
        InodeRef parent = resolve(rel_parent);
        Loc loc = child(parent, name);
        Result<Unit> r = sync_wait(dir ? top().rmdir(request(kOther), loc) : top().unlink(request(kOther), loc));
        if (r) table_->unlink(*parent, name);
        return r;
    }
    Result<Unit> rename(std::string_view from_parent, std::string_view from_name, std::string_view to_parent,
                        std::string_view to_name) {
        InodeRef a = resolve(from_parent);
        InodeRef b = resolve(to_parent);
        Loc from = child(a, from_name);
        Loc to = child(b, to_name);
        Result<Unit> r = sync_wait(top().rename(request(kOther), from, to, 0));
        if (r) table_->rename(*a, from_name, b, to_name);
        return r;
    }

    // Changes the owner of `rel` on the brick, behind the graph's back (works for any type).
    void make_stale(std::string_view rel) {
        REQUIRE(::lchown(brick(rel).c_str(), next_uid_++, static_cast<gid_t>(-1)) == 0);
    }

    // Why the lister's lookup of (parent, name) differs from the brick as it is now; empty when
    // it agrees (both absent, or the same gfid and attributes but atime).
    std::string staleness(const InodeRef& parent, std::string_view name, std::string_view brick_rel) {
        Result<EntryReply> r = lookup(kLister, parent, name);
        struct stat st {};
        const bool exists = ::lstat(brick(brick_rel).c_str(), &st) == 0;
        if (!exists) return r ? "answered an entry the brick no longer has" : "";
        if (!r) return "lookup failed with errno " + std::to_string(r.error().errnum);
        const Iatt& a = r->attr;
        std::string diff;
        if (a.gfid != gfid_on_brick(brick_rel)) diff += " gfid";
        if (a.mode != st.st_mode) diff += " mode";
        if (a.uid != st.st_uid) diff += " uid";
        if (a.gid != st.st_gid) diff += " gid";
        if (a.size != static_cast<std::uint64_t>(st.st_size)) diff += " size";
        // posix leaves the gfid index's own hard link of a non-directory out of the count.
        const nlink_t names = S_ISDIR(st.st_mode) || st.st_nlink < 2 ? st.st_nlink : st.st_nlink - 1;
        if (a.nlink != names) diff += " nlink";
        if (a.mtime.tv_sec != st.st_mtim.tv_sec || a.mtime.tv_nsec != st.st_mtim.tv_nsec) diff += " mtime";
        if (a.ctime.tv_sec != st.st_ctim.tv_sec || a.ctime.tv_nsec != st.st_ctim.tv_nsec) diff += " ctime";
        return diff.empty() ? "" : "differs in" + diff;
    }
    std::string staleness(std::string_view rel_parent, std::string_view name) {
        return staleness(resolve(rel_parent), name, std::string(rel_parent) + "/" + std::string(name));
    }

    // One counter of stat-prefetch's dump ("hits", "misses", ...).
    std::uint64_t sp_counter(std::string_view key) const { return counter(graph_->find("sp")->dump(), key, '='); }
    // How many `fop` calls reached below stat-prefetch.
    std::uint64_t below(std::string_view fop) {
        Loc root = existing(table_->root());
        Result<std::string> text = sync_wait(top().getxattr(request(kOther), root, "user.below"));
        REQUIRE(text.has_value());
        std::istringstream lines(*text);
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with(std::string(fop) + " ")) return counter(line, "calls", '=');
        return 0;
    }

private:
    Loc named(const InodeRef& parent, std::string_view name) {
        Loc loc;
        loc.path = table_->path(*parent, name);
        loc.pargfid = parent->gfid();
        loc.name = std::string(name);
        loc.parent = parent;
        return loc;
    }

    void populate() {
        fs::create_directories(brick("g/d/sub"));
        fs::create_directories(brick("g/e"));
        fs::create_directories(brick("o"));
        for (const char* file : {"g/d/f", "g/d/t", "g/d/sub/x", "o/f"}) std::ofstream(brick(file)) << "payload";
        fs::create_symlink("f", brick("g/d/s"));
    }

    std::string volfile(std::string_view between, std::string_view sp_options) const {
        std::string v = "volume brick\n  type storage/posix\n  option directory " + brick().string() + "\nend-volume\n";
        v += between;
        v += "volume below\n  type debug/io-stats\n  option stats-key user.below\n  subvolumes ";
        v += between.empty() ? "brick" : "mid";
        v += "\nend-volume\nvolume sp\n  type performance/stat-prefetch\n";
        v += sp_options;
        v += "  subvolumes below\nend-volume\n";
        return v;
    }

    Gfid gfid_on_brick(std::string_view rel) const {
        Gfid g;
        if (::lgetxattr(brick(rel).c_str(), "trusted.booster.gfid", g.bytes.data(), g.bytes.size()) != 16) return {};
        return g;
    }

    static std::uint64_t counter(std::string_view text, std::string_view key, char sep) {
        const std::string needle = std::string(key) + sep;
        std::size_t at = text.find(needle);
        while (at != std::string_view::npos && at > 0 && text[at - 1] != ' ') at = text.find(needle, at + 1);
        REQUIRE_MESSAGE(at != std::string_view::npos, key << " not in: " << text);
        return std::stoull(std::string(text.substr(at + needle.size())));
    }

    fs::path area_;
    std::unique_ptr<Graph> graph_;
    std::unique_ptr<InodeTable> table_;
    std::vector<FdRef> fds_;
    uid_t next_uid_ = 5000;
};

}  // namespace booster::test
