// Process creation and exec: a child or a new program shares our open file descriptions, so
// file positions and the kernel's caches are brought up to date first (fork does this in its
// pthread_atfork handler; the calls below bypass those handlers inside libc).
#include <spawn.h>

#include <cstdarg>
#include <vector>

#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

void before_new_program() {
    if (!inside_booster()) share_all_with_kernel();
}

// execl-style argument lists, NULL-terminated, as an argv array.
std::vector<char*> collect_args(const char* first, va_list ap) {
    std::vector<char*> argv{const_cast<char*>(first)};
    while (argv.back() != nullptr) argv.push_back(va_arg(ap, char*));
    return argv;
}

}  // namespace

extern "C" {

pid_t fork(void) { return BOOSTER_KERNEL(fork); }

// vfork's child borrows the parent's stack, which a wrapper function cannot allow; POSIX
// permits vfork to be fork, and the atfork handlers then run as they must.
pid_t vfork(void) {
    stats::count(Call::vfork, false);
    return BOOSTER_REAL(fork)();
}

int posix_spawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                const posix_spawnattr_t* attr, char* const argv[], char* const envp[]) {
    before_new_program();
    return BOOSTER_KERNEL(posix_spawn, pid, path, actions, attr, argv, envp);
}

int posix_spawnp(pid_t* pid, const char* file, const posix_spawn_file_actions_t* actions,
                 const posix_spawnattr_t* attr, char* const argv[], char* const envp[]) {
    before_new_program();
    return BOOSTER_KERNEL(posix_spawnp, pid, file, actions, attr, argv, envp);
}

int system(const char* command) {
    before_new_program();
    return BOOSTER_KERNEL(system, command);
}

FILE* popen(const char* command, const char* type) {
    before_new_program();
    return BOOSTER_KERNEL(popen, command, type);
}

int execve(const char* path, char* const argv[], char* const envp[]) {
    before_new_program();
    return BOOSTER_KERNEL(execve, path, argv, envp);
}

int execv(const char* path, char* const argv[]) {
    before_new_program();
    return BOOSTER_KERNEL(execv, path, argv);
}

int execvp(const char* file, char* const argv[]) {
    before_new_program();
    return BOOSTER_KERNEL(execvp, file, argv);
}

int execvpe(const char* file, char* const argv[], char* const envp[]) {
    before_new_program();
    return BOOSTER_KERNEL(execvpe, file, argv, envp);
}

int execl(const char* path, const char* arg, ...) {
    va_list ap;
    va_start(ap, arg);
    std::vector<char*> argv = collect_args(arg, ap);
    va_end(ap);
    before_new_program();
    return BOOSTER_KERNEL(execv, path, argv.data());
}

int execlp(const char* file, const char* arg, ...) {
    va_list ap;
    va_start(ap, arg);
    std::vector<char*> argv = collect_args(arg, ap);
    va_end(ap);
    before_new_program();
    return BOOSTER_KERNEL(execvp, file, argv.data());
}

int execle(const char* path, const char* arg, ...) {
    va_list ap;
    va_start(ap, arg);
    std::vector<char*> argv = collect_args(arg, ap);
    char* const* envp = va_arg(ap, char* const*);
    va_end(ap);
    before_new_program();
    return BOOSTER_KERNEL(execve, path, argv.data(), envp);
}

int fexecve(int fd, char* const argv[], char* const envp[]) {
    before_new_program();
    return BOOSTER_KERNEL(fexecve, fd, argv, envp);
}

int execveat(int dirfd, const char* path, char* const argv[], char* const envp[], int flags) {
    before_new_program();
    return BOOSTER_KERNEL(execveat, dirfd, path, argv, envp, flags);
}

}  // extern "C"
