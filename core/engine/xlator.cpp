#include "core/engine/xlator.hpp"

namespace booster {

void Xlator::notify(Event event, Xlator* /*from*/) {
    if (event == Event::kParentUp) {
        for (Xlator* c : children_) c->notify(event, this);
        return;
    }
    notify_parents(event);
}

void Xlator::notify_parents(Event event) {
    for (Xlator* p : parents_) p->notify(event, this);
}

void Xlator::release_client(std::uint64_t client_id) {
    for (Xlator* c : children_) c->release_client(client_id);
}

void Xlator::forget_cached(Inode& inode) {
    for (Xlator* c : children_) c->forget_cached(inode);
}

Result<std::size_t> Xlator::read_to_pipe(const Request&, Fd&, int, std::size_t, off_t) { return fail(ENOTSUP); }

Result<int> Xlator::descriptor_to_lend(Fd&) { return fail(ENOTSUP); }

std::optional<FopId> fop_by_name(std::string_view name) {
    for (std::size_t i = 0; i < kFopCount; ++i)
        if (kFopNames[i] == name) return static_cast<FopId>(i);
    return std::nullopt;
}

}  // namespace booster
