#include "core/cli/mount_table.hpp"

#include <fstream>
#include <sstream>
#include <vector>

namespace booster::cli {

namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(const std::string& field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size()) {
            const std::string oct = field.substr(i + 1, 3);
            if (oct.find_first_not_of("01234567") == std::string::npos) {
                out.push_back(static_cast<char>(std::stoi(oct, nullptr, 8)));
                i += 3;
                continue;
            }
        }
        out.push_back(field[i]);
    }
    return out;
}

// "36 35 98:0 /root /mnt rw,noatime master:1 - ext3 /dev/root rw": fields 5 and, after the
// "-" separator, fstype and source.
std::optional<MountEntry> parse_line(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> fields;
    for (std::string f; in >> f;) fields.push_back(f);
    std::size_t sep = 6;
    while (sep < fields.size() && fields[sep] != "-") ++sep;
    if (fields.size() < 5 || sep + 2 >= fields.size()) return std::nullopt;
    return MountEntry{unescape(fields[4]), fields[sep + 1], unescape(fields[sep + 2])};
}

}  // namespace

std::optional<MountEntry> find_mount(const std::string& path) {
    std::ifstream table("/proc/self/mountinfo");
    std::optional<MountEntry> found;
    for (std::string line; std::getline(table, line);) {
        auto entry = parse_line(line);
        if (entry && entry->mountpoint == path) found = std::move(entry);
    }
    return found;
}

}  // namespace booster::cli
