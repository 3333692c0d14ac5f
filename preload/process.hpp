// Fork handlers (registered with pthread_atfork at initialisation): a child shares our open
// file descriptions, so positions go to the kernel before fork; the child rebuilds engines.
#pragma once

namespace booster::preload {

void before_fork();
void after_fork_in_parent();
void after_fork_in_child();

}  // namespace booster::preload
