// Task probes for tests: wrap a fop's task to observe when and where it runs, without changing
// its result.
//   started_on(where, t)  records the thread that starts `t` (the thread that winds the fop)
//   resumed_on(where, t)  records the thread on which `t`'s result arrives (the unwind)
//   count_starts(n, t)    adds one to `n` when `t` starts: a fop dropped unstarted adds nothing
// The recorded variables are written by whichever thread runs the probe; read them after the
// task has completed.
#pragma once

#include <atomic>
#include <thread>
#include <utility>

#include "core/engine/task.hpp"

namespace booster::test {

template <class T>
Task<T> started_on(std::thread::id& where, Task<T> task) {
    where = std::this_thread::get_id();
    co_return co_await std::move(task);
}

template <class T>
Task<T> resumed_on(std::thread::id& where, Task<T> task) {
    T result = co_await std::move(task);
    where = std::this_thread::get_id();
    co_return std::move(result);
}

template <class T>
Task<T> count_starts(std::atomic<int>& starts, Task<T> task) {
    starts.fetch_add(1);
    co_return co_await std::move(task);
}

}  // namespace booster::test
