#include "core/cli/logged_errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "core/engine/log.hpp"

namespace booster::cli {

namespace {

// "2026-11-21 10:00:00.123456 E [domain] message": the level letter follows the timestamp.
constexpr std::size_t kLevelColumn = 27;

bool is_error_line(std::string_view line) {
    return line.size() > kLevelColumn + 1 && (line[kLevelColumn] == 'E' || line[kLevelColumn] == 'C') &&
           line[kLevelColumn + 1] == ' ';
}

std::string read_from(int fd, off_t offset) {
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = ::pread(fd, buf, sizeof buf, offset)) > 0) {
        text.append(buf, static_cast<std::size_t>(n));
        offset += n;
    }
    return text;
}

}  // namespace

LoggedErrors::LoggedErrors() {
    struct stat st{};
    if (log::fd() == STDERR_FILENO || ::fstat(log::fd(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    const std::string path = "/proc/self/fd/" + std::to_string(log::fd());
    reader_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    mark_ = st.st_size;
}

LoggedErrors::~LoggedErrors() {
    if (reader_ >= 0) ::close(reader_);
}

void LoggedErrors::print_since_mark() const {
    if (reader_ < 0) return;
    const std::string text = read_from(reader_, mark_);
    std::string_view rest = text;
    while (!rest.empty()) {
        const auto eol = rest.find('\n');
        const std::string_view line = rest.substr(0, eol);
        if (is_error_line(line)) std::fprintf(stderr, "  %.*s\n", static_cast<int>(line.size() - kLevelColumn - 2),
                                              line.data() + kLevelColumn + 2);
        rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    }
}

}  // namespace booster::cli
