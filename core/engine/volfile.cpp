#include "core/engine/volfile.hpp"

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace booster {

namespace {

// Splits one line into words; a word may be "quoted" with \" and \\ escapes; `#` outside
// quotes ends the line. The error text is empty on success.
std::vector<std::string> tokenize(std::string_view line, std::string& error) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < line.size()) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#') break;
        std::string word;
        if (c == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                char q = line[i++];
                if (q == '"') {
                    closed = true;
                    break;
                }
                if (q == '\\') {
                    if (i >= line.size()) break;
                    q = line[i++];
                    if (q != '"' && q != '\\') {
                        error = std::string("unknown escape \\") + q + " in quoted value";
                        return {};
                    }
                }
                word.push_back(q);
            }
            if (!closed) {
                error = "unterminated quoted value";
                return {};
            }
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '#') {
                if (line[i] == '"') {
                    error = "quote in the middle of a word";
                    return {};
                }
                word.push_back(line[i++]);
            }
        }
        words.push_back(std::move(word));
    }
    return words;
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > 255) return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

class Parser {
public:
    explicit Parser(std::string_view filename) { spec_.filename = filename; }

    std::expected<VolfileSpec, std::string> run(std::string_view text) {
        std::size_t pos = 0;
        while (pos <= text.size()) {
            const auto nl = text.find('\n', pos);
            const std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
            ++line_no_;
            if (!statement(line)) return std::unexpected(error_);
            if (nl == std::string_view::npos) break;
            pos = nl + 1;
        }
        if (open_) return err(open_line_, "volume '" + current_.name + "' has no end-volume");
        if (spec_.volumes.empty()) return err(line_no_, "no volume defined");
        for (std::size_t i = 0; i + 1 < spec_.volumes.size(); ++i) {
            const VolumeSpec& v = spec_.volumes[i];
            if (!used_.contains(v.name))
                return err(v.line, "volume '" + v.name + "' is not a subvolume of any later volume (only the last volume, '" +
                                       spec_.volumes.back().name + "', may be the top)");
        }
        return std::move(spec_);
    }

private:
    std::unexpected<std::string> err(int line, const std::string& what) {
        error_ = spec_.filename + ":" + std::to_string(line) + ": " + what;
        return std::unexpected(error_);
    }
    bool fail(const std::string& what) {
        (void)err(line_no_, what);
        return false;
    }

    bool statement(std::string_view line) {
        std::string tok_error;
        auto words = tokenize(line, tok_error);
        if (!tok_error.empty()) return fail(tok_error);
        if (words.empty()) return true;
        const std::string& kw = words[0];
        if (kw == "volume") return begin_volume(words);
        if (!open_) return fail("'" + kw + "' outside of a volume (expected 'volume NAME')");
        if (kw == "type") return set_type(words);
        if (kw == "option") return add_option(words);
        if (kw == "subvolumes") return set_subvolumes(words);
        if (kw == "end-volume") return end_volume(words);
        return fail("unknown statement '" + kw + "' (expected type, option, subvolumes or end-volume)");
    }

    bool begin_volume(const std::vector<std::string>& w) {
        if (open_) return fail("'volume' inside volume '" + current_.name + "' (missing end-volume)");
        if (w.size() != 2) return fail("'volume' takes exactly one name");
        if (!valid_name(w[1])) return fail("invalid volume name '" + w[1] + "' (letters, digits, - _ . only)");
        if (names_.contains(w[1])) return fail("duplicate volume name '" + w[1] + "'");
        current_ = VolumeSpec{};
        current_.name = w[1];
        current_.line = line_no_;
        open_ = true;
        open_line_ = line_no_;
        return true;
    }

    bool set_type(const std::vector<std::string>& w) {
        if (w.size() != 2) return fail("'type' takes exactly one CATEGORY/NAME");
        if (!current_.type.empty()) return fail("volume '" + current_.name + "' has two types");
        current_.type = w[1];
        current_.type_line = line_no_;
        return true;
    }

    bool add_option(const std::vector<std::string>& w) {
        if (w.size() < 3) return fail("'option' takes a KEY and a VALUE");
        if (w.size() > 3) return fail("option '" + w[1] + "' has more than one value (quote values with spaces)");
        current_.options.push_back(RawOption{w[1], w[2], line_no_});
        return true;
    }

    bool set_subvolumes(const std::vector<std::string>& w) {
        if (w.size() < 2) return fail("'subvolumes' needs at least one name");
        if (!current_.subvolumes.empty()) return fail("volume '" + current_.name + "' has two subvolumes lines");
        std::set<std::string> local;
        for (std::size_t i = 1; i < w.size(); ++i) {
            if (w[i] == current_.name) return fail("volume '" + current_.name + "' lists itself as a subvolume");
            if (!names_.contains(w[i]))
                return fail("subvolume '" + w[i] + "' is not defined before volume '" + current_.name + "'");
            if (!local.insert(w[i]).second) return fail("subvolume '" + w[i] + "' listed twice");
            if (used_.contains(w[i]))
                return fail("subvolume '" + w[i] + "' already has a parent (a volume may have only one)");
            current_.subvolumes.push_back(w[i]);
        }
        for (const auto& s : current_.subvolumes) used_.insert(s);
        return true;
    }

    bool end_volume(const std::vector<std::string>& w) {
        if (w.size() != 1) return fail("'end-volume' takes no arguments");
        if (current_.type.empty()) return fail("volume '" + current_.name + "' has no type");
        names_.insert(current_.name);
        spec_.volumes.push_back(std::move(current_));
        open_ = false;
        return true;
    }

    VolfileSpec spec_;
    VolumeSpec current_;
    bool open_ = false;
    int open_line_ = 0;
    int line_no_ = 0;
    std::set<std::string> names_;
    std::set<std::string> used_;
    std::string error_;
};

}  // namespace

std::expected<VolfileSpec, std::string> parse_volfile(std::string_view text, std::string_view filename) {
    return Parser(filename).run(text);
}

std::expected<VolfileSpec, std::string> load_volfile(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::unexpected(path + ": cannot read volfile: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_volfile(text.str(), path);
}

}  // namespace booster
