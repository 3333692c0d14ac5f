// The registry of the engine's own descriptors: moved_high() marks a number, the UniqueFd that
// closes it unmarks it first; first_engine_descriptor finds the lowest marked number in a range
// (across words of the bitmap, bounds included); numbers beyond the tracked range are ignored.
#include "core/xlators/storage/posix/engine_descriptors.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>

#include "core/xlators/storage/posix/high_descriptor.hpp"

using namespace booster;

TEST_CASE("engine descriptors: moved_high marks the number; closing its UniqueFd unmarks it") {
    int number = -1;
    {
        UniqueFd fd = moved_high(UniqueFd(::open("/dev/null", O_RDONLY)));
        REQUIRE(fd);
        number = fd.get();
        CHECK(is_engine_descriptor(number));
        CHECK(first_engine_descriptor(number, number) == number);
    }
    CHECK_FALSE(is_engine_descriptor(number));
}

TEST_CASE("engine descriptors: the lowest marked number in a range, across words") {
    // Numbers far above anything this test process opens.
    const int base = 40000;
    mark_engine_descriptor(base + 3);
    mark_engine_descriptor(base + 130);
    CHECK(first_engine_descriptor(base, base + 200) == base + 3);
    CHECK(first_engine_descriptor(base + 3, base + 3) == base + 3);
    CHECK(first_engine_descriptor(base + 4, base + 200) == base + 130);
    CHECK(first_engine_descriptor(base + 4, base + 129) == -1);
    CHECK(first_engine_descriptor(base + 131, kTrackedEngineDescriptors + 10) == -1);
    unmark_engine_descriptor(base + 3);
    unmark_engine_descriptor(base + 130);
    CHECK(first_engine_descriptor(base, base + 200) == -1);
}

TEST_CASE("engine descriptors: numbers outside the tracked range are never engine descriptors") {
    mark_engine_descriptor(kTrackedEngineDescriptors + 5);
    mark_engine_descriptor(-1);
    CHECK_FALSE(is_engine_descriptor(kTrackedEngineDescriptors + 5));
    CHECK_FALSE(is_engine_descriptor(-1));
}
