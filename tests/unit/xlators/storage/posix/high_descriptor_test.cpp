// moved_high(): a low descriptor moves to the lowest free number at or above the floor (the
// old number closed, the file the same, close-on-exec set); one already there stays; the floor
// is below the soft RLIMIT_NOFILE, so F_DUPFD may reach it.
#include "core/xlators/storage/posix/high_descriptor.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

using namespace booster;

namespace {

ino_t inode_of(int fd) {
    struct stat st {};
    REQUIRE(::fstat(fd, &st) == 0);
    return st.st_ino;
}

}  // namespace

TEST_CASE("high descriptor: a low descriptor moves above the floor and its number is freed") {
    UniqueFd low(::open("/dev/null", O_RDONLY));
    REQUIRE(low);
    REQUIRE(low.get() < high_descriptor_floor());
    const int old_number = low.get();
    const ino_t inode = inode_of(old_number);
    UniqueFd high = moved_high(std::move(low));
    REQUIRE(high);
    CHECK(high.get() >= high_descriptor_floor());
    CHECK(inode_of(high.get()) == inode);
    CHECK((::fcntl(high.get(), F_GETFD) & FD_CLOEXEC) != 0);
    errno = 0;
    CHECK(::fcntl(old_number, F_GETFD) == -1);
    CHECK(errno == EBADF);
}

TEST_CASE("high descriptor: one already at or above the floor keeps its number") {
    UniqueFd first = moved_high(UniqueFd(::open("/dev/null", O_RDONLY)));
    REQUIRE(first.get() >= high_descriptor_floor());
    const int number = first.get();
    UniqueFd again = moved_high(std::move(first));
    CHECK(again.get() == number);
}

TEST_CASE("high descriptor: the floor is within the soft limit") {
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    CHECK(high_descriptor_floor() > 2);
    if (limit.rlim_cur != RLIM_INFINITY) CHECK(static_cast<rlim_t>(high_descriptor_floor()) < limit.rlim_cur);
}
