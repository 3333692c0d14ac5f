// Helpers of the write-behind tests: a graph of test/file under chosen layers with one linked
// file and its Loc, plain-call wrappers for the fops the tests use, and fops started in the
// background whose completion a test can look at.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/uio.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/graph.hpp"
#include "core/engine/spawn.hpp"
#include "tests/unit/support/graph_of.hpp"
#include "tests/unit/support/test_xlator_types.hpp"

namespace booster::test {

struct Layer {
    std::string name;
    std::string type;
    std::string options;  // "key value" lines, newline-terminated
};

// test/file named "leaf", then `layers` bottom first; the last one is the top.
inline std::string stack_of(const std::vector<Layer>& layers) {
    std::string text = "volume leaf\n  type test/file\nend-volume\n";
    std::string below = "leaf";
    for (const Layer& l : layers) {
        text += "volume " + l.name + "\n  type " + l.type + "\n";
        std::string opts = l.options;
        for (std::size_t at = 0; at < opts.size();) {
            const std::size_t nl = opts.find('\n', at);
            text += "  option " + opts.substr(at, nl - at) + "\n";
            at = nl == std::string::npos ? opts.size() : nl + 1;
        }
        text += "  subvolumes " + below + "\nend-volume\n";
        below = l.name;
    }
    return text;
}

inline Layer write_behind(const std::string& options = "") { return {"wb", "performance/write-behind", options}; }

class Volume {
public:
    explicit Volume(const std::vector<Layer>& layers)
        : graph_(graph_of(stack_of(layers), kTestXlatorTypes)), leaf(xlator<FileLeaf>(*graph_, "leaf")),
          top(graph_->top()) {
        InodeTable& table = graph_->itable();
        Iatt attr;
        attr.gfid = leaf.gfid();
        attr.ino = FileLeaf::kIno;
        attr.mode = S_IFREG | 0644;
        inode = table.link(table.create(), table.root(), "file", attr);
        loc.inode = inode;
        loc.gfid = inode->gfid();
        loc.parent = table.root();
        loc.pargfid = Gfid::root();
        loc.name = "file";
        loc.path = "/file";
    }

    // A test that failed early may leave its valve closed, and write-behind's fini waits for
    // the writes held behind it.
    ~Volume() {
        if (auto* valve = dynamic_cast<Valve*>(graph_->find("valve"))) valve->open();
    }
    Volume(const Volume&) = delete;
    Volume& operator=(const Volume&) = delete;

    template <class T>
    T& layer(std::string_view name) {
        return xlator<T>(*graph_, name);
    }
    Graph& graph() { return *graph_; }

    FdRef open(int flags = O_RDWR) {
        FdRef fd = Fd::create(inode, flags, 1, graph_->slots());
        REQUIRE(sync_wait(top.open(req, loc, flags, *fd)).has_value());
        return fd;
    }
    FdRef root_dir() {
        FdRef fd = Fd::create(graph_->itable().root(), O_RDONLY | O_DIRECTORY, 1, graph_->slots());
        return fd;
    }

    Result<std::size_t> write(Fd& fd, off_t offset, std::string bytes, unsigned flags = 0) {
        const iovec iov{bytes.data(), bytes.size()};
        return sync_wait(top.writev(req, fd, IoVecs(&iov, 1), offset, flags));
    }
    Result<std::string> read(Fd& fd, off_t offset, std::size_t size) {
        std::string buf(size, '\0');
        const iovec iov{buf.data(), buf.size()};
        auto n = sync_wait(top.readv(req, fd, IoVecs(&iov, 1), offset, 0));
        if (!n) return std::unexpected(n.error());
        buf.resize(*n);
        return buf;
    }
    Result<std::uint64_t> size_of(Fd& fd) {
        auto st = sync_wait(top.fstat(req, fd));
        if (!st) return std::unexpected(st.error());
        return st->size;
    }
    Result<Iatt> truncate(Fd& fd, std::uint64_t size) {
        SetAttr set;
        set.valid = SetAttr::kSize;
        set.size = size;
        return sync_wait(top.fsetattr(req, fd, set));
    }

private:
    std::unique_ptr<Graph> graph_;

public:
    FileLeaf& leaf;
    Xlator& top;
    Request req{.uid = 1000, .gid = 1000, .pid = 1};
    InodeRef inode;
    Loc loc;
};

// A fop started in the background: `done` turns true when its result is in.
template <class T>
struct Started {
    std::atomic<bool> done{false};
    std::optional<Result<T>> result;
};

template <class T>
std::shared_ptr<Started<T>> start(Task<Result<T>> task) {
    auto s = std::make_shared<Started<T>>();
    spawn(std::move(task), [s](Result<T>&& r) {
        s->result.emplace(std::move(r));
        s->done.store(true);
    });
    return s;
}

}  // namespace booster::test
