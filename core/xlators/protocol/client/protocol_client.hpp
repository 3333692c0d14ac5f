// protocol/client: a leaf translator that runs every fop on a remote brick (protocol/server)
// over a unix socket or TCP (options.hpp; wire format ../wire/booster_wire.fbs).
//
// Each fop is encoded (Locs as gfids and names, never paths; Fds as the remote ids in their
// RemoteFdCtx), sent, and its task completes when the reply arrives: on the event thread,
// which resumes the fop's caller there (the engine allows completion on a foreign thread).
// The connection's life (connect in init, pings, CHILD_DOWN/CHILD_UP, reconnect, reopen) is
// Channel's (channel.hpp). A brick that is down fails fops with ENOTCONN at once; an fd that
// held a lock across a disconnect fails with EBADFD until closed (remote_fd.hpp).
// Limit: one readv or writev moves at most max-message-size minus 64 KiB (EINVAL beyond).
// Thread-safety: fops from any thread; init/fini alone.
#pragma once

#include <memory>

#include "core/engine/xlator.hpp"
#include "core/xlators/protocol/client/call_awaiter.hpp"
#include "core/xlators/protocol/client/channel.hpp"

namespace booster {

class ProtocolClient final : public Xlator {
public:
    Status init() override;
    void fini() override;
    void notify(Event event, Xlator* from) override;
    std::string dump() const override;

#define BOOSTER_CLIENT_FOP(name, R, params, args) Task<Result<R>> name params override;
    BOOSTER_FOPS(BOOSTER_CLIENT_FOP)
#undef BOOSTER_CLIENT_FOP

private:
    template <FopId F, class... A>
    Task<Result<typename wire::FopTraits<F>::Reply>> forward(const Request& req, A&... args);
    template <FopId F, class... A>
    void after(Link& link, const Answer<typename wire::FopTraits<F>::Reply>& answer, A&... args);
    Result<std::uint64_t> reopen(Link& link, const RemoteFdState& fd);

    std::shared_ptr<Channel> channel_;
    std::size_t max_io_ = 0;
};

}  // namespace booster
