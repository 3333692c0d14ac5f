// Volfile: the text form of a translator graph (the seeds' spec file grammar).
//
//   volume NAME
//     type CATEGORY/NAME
//     option KEY VALUE        # VALUE may be "quoted, with \" and \\ escapes"
//     subvolumes A B ...
//   end-volume
//
// `#` starts a comment outside quotes. parse() checks the syntax only: every statement inside
// a volume, exactly one type per volume, names unique, subvolumes defined earlier (which also
// rules out cycles and self-references). Errors read "FILE:LINE: what is wrong".
// Thread-safety: pure functions over values.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/options.hpp"

namespace booster {

struct VolumeSpec {
    std::string name;
    std::string type;
    std::vector<RawOption> options;
    std::vector<std::string> subvolumes;
    int line = 0;       // of `volume NAME`
    int type_line = 0;  // of `type`
};

struct VolfileSpec {
    std::string filename;           // for messages
    std::vector<VolumeSpec> volumes;  // in definition order; the last one is the top
};

std::expected<VolfileSpec, std::string> parse_volfile(std::string_view text, std::string_view filename);

// Reads and parses a file; the error names the file when it cannot be read.
std::expected<VolfileSpec, std::string> load_volfile(const std::string& path);

}  // namespace booster
