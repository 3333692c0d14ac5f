#include "preload/process.hpp"

#include <mutex>
#include <new>

#include "core/engine/completion_wait.hpp"
#include "core/xlators/storage/posix/engine_descriptors.hpp"
#include "preload/file_ops.hpp"

namespace booster::preload {

void before_fork() { share_all_with_kernel(); }

void after_fork_in_parent() {}

void after_fork_in_child() {
    // First: what follows closes descriptors, which would wait for the parent's other threads.
    descriptor_changes_after_fork();
    Runtime& rt = runtime();
    rt.files.reset_after_fork();
    // A parent thread may have held a file's locks at fork (an adoption holds engine_mu while it
    // builds an engine); this thread is the child's only one.
    rt.files.for_each(0, 1 << 30, [](int, const FileRef& f) {
        new (&f->io_mu) std::mutex();
        new (&f->engine_mu) std::mutex();
    });
    rt.mounts.after_fork_in_child();
    // The parent's links are the parent's: this thread's next wait must not read their sockets.
    forget_completion_pump();
}

}  // namespace booster::preload
