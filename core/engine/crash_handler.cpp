#include "core/engine/crash_handler.hpp"

#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "core/engine/log.hpp"

namespace booster {

namespace {

// Everything below runs inside a signal handler: no allocation, no stdio, only write(2) and
// snprintf into stack buffers (which glibc implements without locks for these formats).
void write_line(int fd, const char* text) { (void)!::write(fd, text, std::strlen(text)); }

void log_backtrace(int fd) {
    unw_context_t context;
    unw_cursor_t cursor;
    if (unw_getcontext(&context) != 0 || unw_init_local(&cursor, &context) != 0) return;
    int frame = 0;
    while (unw_step(&cursor) > 0 && frame < 64) {
        unw_word_t ip = 0;
        unw_word_t off = 0;
        unw_get_reg(&cursor, UNW_REG_IP, &ip);
        char name[256] = "?";
        unw_get_proc_name(&cursor, name, sizeof name, &off);
        char line[384];
        std::snprintf(line, sizeof line, "  #%-2d 0x%016lx %s+0x%lx\n", frame++, static_cast<unsigned long>(ip), name,
                      static_cast<unsigned long>(off));
        write_line(fd, line);
    }
}

void on_fatal_signal(int sig) {
    const int fd = log::fd();
    char head[128];
    std::snprintf(head, sizeof head, "booster: fatal signal %d (%s), backtrace:\n", sig, strsignal(sig));
    write_line(fd, head);
    log_backtrace(fd);
    // Die of the same signal so the exit status and any core dump are the real ones.
    signal(sig, SIG_DFL);
    raise(sig);
}

}  // namespace

void install_crash_handler() {
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) sigaction(sig, &sa, nullptr);
}

}  // namespace booster
