// BackgroundStart: how `booster mount` goes to the background only once its mount is up.
//
// start() forks. The parent never returns from it: it waits on a pipe until the child reports,
// and exits 0 if the mount is up, 1 if the child reported a failure or died first. The child
// gets the BackgroundStart and, once mounted, calls mounted(): it leaves the terminal
// (new session, cwd /, stdio on /dev/null) and releases the parent. A child that drops the
// object without calling mounted() has failed; its own stderr message is still on the terminal.
// Call start() while the process has one thread (nothing but the main thread survives fork).
#pragma once

#include <expected>
#include <string>

namespace booster::cli {

class BackgroundStart {
public:
    static std::expected<BackgroundStart, std::string> start();
    BackgroundStart(BackgroundStart&& other) noexcept;
    BackgroundStart& operator=(BackgroundStart&&) = delete;
    ~BackgroundStart();

    void mounted();

private:
    explicit BackgroundStart(int report_fd) : report_fd_(report_fd) {}
    int report_fd_;
};

}  // namespace booster::cli
