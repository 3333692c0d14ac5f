#include "core/cli/state_dump_on_sigusr1.hpp"

#include <pthread.h>
#include <signal.h>

#include <string_view>

#include "core/engine/log.hpp"

namespace booster::cli {

namespace {

sigset_t sigusr1_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    return set;
}

// One log line per line of text: a log line has a bounded length, a dump does not.
void log_lines(const Xlator& xl, std::string_view text) {
    while (!text.empty()) {
        const auto eol = text.find('\n');
        const std::string_view line = text.substr(0, eol);
        BLOG(LogLevel::kInfo, "dump", "%s: %.*s", xl.name().c_str(), static_cast<int>(line.size()), line.data());
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    }
}

void dump_graph(Graph& graph) {
    BLOG(LogLevel::kInfo, "dump", "state dump: %zu translators, %zu inodes (%zu unused)", graph.xlators().size(),
         graph.itable().size(), graph.itable().lru_size());
    for (const auto& xl : graph.xlators()) {
        BLOG(LogLevel::kInfo, "dump", "%s (%s)", xl->name().c_str(), xl->type().c_str());
        log_lines(*xl, xl->dump());
    }
}

}  // namespace

StateDumpOnSigusr1::StateDumpOnSigusr1(Graph& graph) : graph_(graph) {
    const sigset_t set = sigusr1_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    thread_ = std::thread([this] { wait_and_dump(); });
}

StateDumpOnSigusr1::~StateDumpOnSigusr1() {
    stopping_.store(true);
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
}

void StateDumpOnSigusr1::wait_and_dump() {
    const sigset_t set = sigusr1_set();
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) continue;
        if (stopping_.load()) return;
        dump_graph(graph_);
    }
}

}  // namespace booster::cli
