#include "preload/real.hpp"

#include <dlfcn.h>

#include <atomic>

namespace booster::preload::real {

#define BOOSTER_INTERCEPT(ret, name, params) ret(*name) params = nullptr;
#include "preload/intercept.def"
#undef BOOSTER_INTERCEPT

namespace {
std::atomic<bool> g_resolved{false};
}

bool resolved() { return g_resolved.load(std::memory_order_acquire); }

void resolve() {
    if (resolved()) return;
#define BOOSTER_INTERCEPT(ret, name, params) \
    name = reinterpret_cast<ret(*) params>(dlsym(RTLD_NEXT, #name));
#include "preload/intercept.def"
#undef BOOSTER_INTERCEPT
    g_resolved.store(true, std::memory_order_release);
}

}  // namespace booster::preload::real
