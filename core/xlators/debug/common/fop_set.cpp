#include "core/xlators/debug/common/fop_set.hpp"

namespace booster {

namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

}  // namespace

std::expected<FopSet, std::string> parse_fop_set(std::string_view text) {
    FopSet set;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view item = trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (item.empty()) continue;
        if (item == "all") {
            set.set();
            continue;
        }
        const auto fop = fop_by_name(item);
        if (!fop) return std::unexpected("unknown fop '" + std::string(item) + "'");
        set.set(static_cast<std::size_t>(*fop));
    }
    return set;
}

}  // namespace booster
