// Every symbol libbooster.so interposes exists in the C library it will run against; a name
// that drifted (or a typo in intercept.def) would otherwise leave a hook that is never called.
#include <dlfcn.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

const std::vector<std::string> kInterposed = {
#define BOOSTER_INTERCEPT(ret, name, params) #name,
#include "preload/intercept.def"
#undef BOOSTER_INTERCEPT
};

}  // namespace

TEST_CASE("every interposed symbol is defined by the C library") {
    void* libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
    REQUIRE(libc != nullptr);
    CHECK(kInterposed.size() > 80);
    for (const std::string& name : kInterposed) {
        INFO(name);
        CHECK(dlsym(libc, name.c_str()) != nullptr);
    }
    dlclose(libc);
}
