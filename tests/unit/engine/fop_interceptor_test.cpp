// FopInterceptor: every fop of the set reaches `around` with its own FopId and the default
// `next` (here a leaf's ENOSYS), `around` may answer without `next`, and a translator's own
// override of a fop takes precedence.
#include "core/engine/fop_interceptor.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "tests/unit/support/every_fop.hpp"
#include "tests/unit/support/same_result.hpp"

namespace {

using namespace booster;
using booster::test::errno_of;
using booster::test::EveryFop;

class Recorder final : public FopInterceptor<Recorder> {
public:
    template <class R>
    Task<Result<R>> around(FopId fop, Task<Result<R>> next) {
        seen.push_back(fop);
        if (answer_early) return ready<Result<R>>(fail(EDOM));
        return next;
    }

    Task<Result<Iatt>> stat(const Request&, const Loc&) override {
        Iatt a;
        a.ino = 99;
        return ready<Result<Iatt>>(a);
    }

    std::vector<FopId> seen;
    bool answer_early = false;
};

}  // namespace

TEST_CASE("every fop reaches around with its own id, and next is the default forwarding") {
    InodeTable table(1);
    EveryFop a(table);
    Recorder rec;
    std::vector<FopId> called;
    a.visit([&]<class R>(FopId fop, auto start) {
        CAPTURE(fop_name(fop));
        const Result<R> r = sync_wait(start(rec));
        if (fop == FopId::stat) return;  // overridden below, so it bypasses around
        called.push_back(fop);
        CHECK(errno_of(r) == ENOSYS);  // a translator without children answers ENOSYS
        REQUIRE_FALSE(rec.seen.empty());
        CHECK(rec.seen.back() == fop);
    });
    CHECK(called.size() == kFopCount - 1);
    CHECK(rec.seen == called);
}

TEST_CASE("around may answer without starting next") {
    InodeTable table(1);
    EveryFop a(table);
    Recorder rec;
    rec.answer_early = true;
    CHECK(errno_of(sync_wait(rec.writev(a.req, a.fd, a.src, 0, 0))) == EDOM);
    CHECK(errno_of(sync_wait(rec.lookup(a.req, a.loc))) == EDOM);
}

TEST_CASE("a fop the translator overrides itself does not go through around") {
    InodeTable table(1);
    EveryFop a(table);
    Recorder rec;
    Result<Iatt> r = sync_wait(rec.stat(a.req, a.loc));
    REQUIRE(r.has_value());
    CHECK(r->ino == 99);
    CHECK(rec.seen.empty());
}
