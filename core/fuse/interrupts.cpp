#include "core/fuse/interrupts.hpp"

namespace booster::fuse {

std::stop_token Interrupts::watch(fuse_req_t req) {
    std::stop_token token;
    {
        std::lock_guard lock(mu_);
        token = watched_.insert_or_assign(req, std::stop_source()).first->second.get_token();
    }
    // Not under mu_: libfuse calls interrupted() from inside when the INTERRUPT came first.
    fuse_req_interrupt_func(req, &Interrupts::interrupted, this);
    return token;
}

void Interrupts::forget(fuse_req_t req) {
    std::lock_guard lock(mu_);
    watched_.erase(req);
}

// Runs on the FUSE worker that read the INTERRUPT, with libfuse's lock of `req` held; the stop
// callbacks may complete the fop and answer `req` from here, which libfuse allows.
void Interrupts::interrupted(fuse_req_t req, void* self) {
    auto& interrupts = *static_cast<Interrupts*>(self);
    std::stop_source source;
    {
        std::lock_guard lock(interrupts.mu_);
        auto it = interrupts.watched_.find(req);
        if (it == interrupts.watched_.end()) return;
        source = it->second;
    }
    source.request_stop();
}

}  // namespace booster::fuse
