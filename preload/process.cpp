#include "preload/process.hpp"

#include "core/engine/completion_wait.hpp"
#include "preload/file_ops.hpp"

namespace booster::preload {

void before_fork() { share_all_with_kernel(); }

void after_fork_in_parent() {}

void after_fork_in_child() {
    Runtime& rt = runtime();
    rt.files.reset_after_fork();
    rt.mounts.after_fork_in_child();
    // The parent's links are the parent's: this thread's next wait must not read their sockets.
    forget_completion_pump();
}

}  // namespace booster::preload
