// brick_fop_driver: sends single fops to a volume through the in-process client, the way any
// program that speaks the wire to a brick could, with no kernel in between to check them.
// Usage: brick_fop_driver VOLFILE. Reads one command a line on stdin, prints one outcome a
// line: "ok" or the errno's name ("EACCES"). Paths are from the volume root ("/d/f").
//   open PATH r|w|rw|rt|wt    create PATH    truncate PATH SIZE    chmod PATH OCTAL
//   chown PATH UID GID        touch PATH     utimes PATH           unlink PATH
//   mkdir PATH                rmdir PATH     rename FROM TO        link FROM TO
//   symlink TARGET PATH       setxattr PATH NAME                   opendir PATH
// A bad command line or volfile exits with status 2 and a message naming what is wrong.
#include <fcntl.h>
#include <string.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "core/client/client.hpp"
#include "core/engine/task.hpp"

namespace booster {
namespace {

class Driver {
public:
    explicit Driver(Client& client) : client_(client), graph_(client.graph()) {}

    Status run(std::istringstream& words) {
        std::string op;
        words >> op;
        std::string path;
        words >> path;
        if (op == "open") return open(path, word(words));
        if (op == "opendir") return opendir(path);
        if (op == "create") return create(path);
        if (op == "unlink") return on(named(path), [&](const Loc& l) { return graph_.top().unlink(req_, l); });
        if (op == "rmdir") return on(named(path), [&](const Loc& l) { return graph_.top().rmdir(req_, l); });
        if (op == "mkdir") return on(fresh(path), [&](const Loc& l) { return graph_.top().mkdir(req_, l, 0755, 022); });
        if (op == "setxattr") {
            const std::string name = word(words);
            return on(named(path), [&](const Loc& l) { return graph_.top().setxattr(req_, l, name, "v", 0); });
        }
        if (op == "symlink")
            return on(fresh(word(words)), [&](const Loc& l) { return graph_.top().symlink(req_, path, l, 022); });
        if (op == "rename" || op == "link") return two_names(op, named(path), fresh(word(words)));
        if (op == "truncate" || op == "chmod" || op == "chown" || op == "touch" || op == "utimes")
        {
            const SetAttr change = setattr(op, words);
            return on(named(path), [&](const Loc& l) { return graph_.top().setattr(req_, l, change); });
        }
        return fail(EINVAL);
    }

private:
    static std::string word(std::istringstream& words) {
        std::string w;
        words >> w;
        return w;
    }

    template <class T>
    static Status done(Task<Result<T>> task) {
        auto r = sync_wait(std::move(task));
        if (!r) return std::unexpected(r.error());
        return ok();
    }

    template <class Fop>
    static Status on(const Result<Loc>& loc, Fop fop) {
        if (!loc) return std::unexpected(loc.error());
        return done(fop(*loc));
    }

    Status two_names(const std::string& op, const Result<Loc>& from, const Result<Loc>& to) {
        if (!from) return std::unexpected(from.error());
        if (!to) return std::unexpected(to.error());
        if (op == "rename") return done(graph_.top().rename(req_, *from, *to, 0));
        return done(graph_.top().link(req_, *from, *to));
    }

    // (parent gfid, name) of `path`, as a client that looked the parent up would send it.
    Result<Loc> fresh(const std::string& path) {
        const std::size_t slash = path.rfind('/');
        auto parent = client_.gfid_at(path.substr(0, slash));
        if (!parent) return std::unexpected(parent.error());
        Loc loc;
        loc.pargfid = *parent;
        loc.name = path.substr(slash + 1);
        loc.inode = graph_.itable().create();
        loc.gfid = Gfid::random();
        return loc;
    }

    Result<Loc> named(const std::string& path) {
        auto loc = fresh(path);
        if (!loc) return loc;
        auto gfid = client_.gfid_at(path);
        if (!gfid) return std::unexpected(gfid.error());
        loc->gfid = *gfid;
        return loc;
    }

    Status open(const std::string& path, const std::string& mode) {
        static const std::map<std::string, int> kFlags = {{"r", O_RDONLY}, {"w", O_WRONLY}, {"rw", O_RDWR},
                                                          {"rt", O_RDONLY | O_TRUNC}, {"wt", O_WRONLY | O_TRUNC}};
        const auto flags = kFlags.find(mode);
        if (flags == kFlags.end()) return fail(EINVAL);
        auto loc = named(path);
        if (!loc) return std::unexpected(loc.error());
        FdRef fd = Fd::create(loc->inode, flags->second, 0, graph_.slots());
        return done(graph_.top().open(req_, *loc, flags->second, *fd));
    }

    Status opendir(const std::string& path) {
        auto loc = named(path);
        if (!loc) return std::unexpected(loc.error());
        FdRef fd = Fd::create(loc->inode, O_RDONLY, 0, graph_.slots());
        return done(graph_.top().opendir(req_, *loc, *fd));
    }

    Status create(const std::string& path) {
        auto loc = fresh(path);
        if (!loc) return std::unexpected(loc.error());
        const int flags = O_WRONLY | O_CREAT | O_EXCL;
        FdRef fd = Fd::create(loc->inode, flags, 0, graph_.slots());
        return done(graph_.top().create(req_, *loc, flags, 0644, 022, *fd));
    }

    static SetAttr setattr(const std::string& op, std::istringstream& words) {
        SetAttr a;
        if (op == "truncate") {
            a.valid = SetAttr::kSize;
            words >> a.size;
        } else if (op == "chmod") {
            a.valid = SetAttr::kMode;
            words >> std::oct >> a.mode >> std::dec;
        } else if (op == "chown") {
            a.valid = SetAttr::kUid | SetAttr::kGid;
            words >> a.uid >> a.gid;
        } else if (op == "touch") {
            a.valid = SetAttr::kAtime | SetAttr::kMtime | SetAttr::kAtimeNow | SetAttr::kMtimeNow;
        } else {
            a.valid = SetAttr::kAtime | SetAttr::kMtime;
            a.atime = a.mtime = timespec{1000000000, 0};
        }
        return a;
    }

    Client& client_;
    Graph& graph_;
    Request req_;  // the brick pins a non-root peer to its own credentials anyway
};

}  // namespace
}  // namespace booster

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: brick_fop_driver VOLFILE (commands on stdin)\n";
        return 2;
    }
    std::ifstream file(argv[1]);
    if (!file) {
        std::cerr << "brick_fop_driver: cannot read volfile '" << argv[1] << "'\n";
        return 2;
    }
    std::stringstream text;
    text << file.rdbuf();
    auto client = booster::Client::create(text.str(), argv[1]);
    if (!client) {
        std::cerr << "brick_fop_driver: " << client.error() << "\n";
        return 2;
    }
    booster::Driver driver(**client);
    for (std::string line; std::getline(std::cin, line);) {
        std::istringstream words(line);
        const booster::Status outcome = driver.run(words);
        std::cout << (outcome ? "ok" : strerrorname_np(outcome.error().errnum)) << std::endl;
    }
    return 0;
}
