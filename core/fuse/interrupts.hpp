// Interrupts: the requests of one mount that a FUSE INTERRUPT cancels, each with the
// std::stop_source behind its Request::cancel (request.hpp states what a translator does then).
//
// The kernel sends INTERRUPT for a request whose calling process got a signal; until the
// request is answered that process cannot even die of SIGKILL. watch(req) registers `req` with
// libfuse and returns the token a fop watches; libfuse calls back when the INTERRUPT arrives
// (at once, inside watch, if it came first) and the stop is requested on that thread, outside
// this registry's mutex. Only requests that may wait for long are watched (blocking locks):
// one map entry per request is not worth it for a stat.
// forget(req) must run before `req` is answered: afterwards libfuse may give its address to
// another request. An INTERRUPT that arrives after forget() finds nothing and does nothing; the
// kernel then simply receives the answer.
// Ownership: the Bridge owns it. Thread-safety: any thread.
#pragma once

#include <mutex>
#include <stop_token>
#include <unordered_map>

#include "core/fuse/fuse_api.hpp"

namespace booster::fuse {

class Interrupts {
public:
    std::stop_token watch(fuse_req_t req);
    void forget(fuse_req_t req);

private:
    static void interrupted(fuse_req_t req, void* self);

    std::mutex mu_;
    std::unordered_map<fuse_req_t, std::stop_source> watched_;
};

}  // namespace booster::fuse
