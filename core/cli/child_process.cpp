#include "core/cli/child_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/cli/self_binary.hpp"

namespace booster::cli {

std::expected<int, std::string> run_booster_subcommand(const std::vector<std::string>& args) {
    const std::string self = booster_binary();
    if (self.empty()) return std::unexpected("cannot find the booster binary (/proc/self/exe)");
    std::vector<char*> argv{const_cast<char*>(self.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::fflush(nullptr);  // nothing buffered may be written twice
    const pid_t pid = ::fork();
    if (pid < 0) return std::unexpected(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::execv(self.c_str(), argv.data());
        std::fprintf(stderr, "booster: cannot run %s: %s\n", self.c_str(), std::strerror(errno));
        std::_Exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return std::unexpected(std::string("waitpid: ") + std::strerror(errno));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace booster::cli
