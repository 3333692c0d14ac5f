// StateDumpOnSigusr1: writes every translator's dump() and the inode table's size to the log
// each time the process receives SIGUSR1.
//
// The signal is blocked in every thread and taken by a dedicated thread with sigwait(), so the
// dump runs as ordinary code (it allocates, takes locks), never inside a signal handler.
// Construct it on the main thread before any other thread starts (threads inherit the mask);
// the destructor stops and joins the thread. Borrows the graph, which must outlive it.
#pragma once

#include <atomic>
#include <thread>

#include "core/engine/graph.hpp"

namespace booster::cli {

class StateDumpOnSigusr1 {
public:
    explicit StateDumpOnSigusr1(Graph& graph);
    ~StateDumpOnSigusr1();
    StateDumpOnSigusr1(const StateDumpOnSigusr1&) = delete;
    StateDumpOnSigusr1& operator=(const StateDumpOnSigusr1&) = delete;

private:
    void wait_and_dump();

    Graph& graph_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace booster::cli
