#include "core/xlators/protocol/auth/address_allow_list.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace booster::auth {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

bool prefix_matches(const std::uint8_t* a, const std::uint8_t* b, unsigned prefix) {
    const unsigned whole = prefix / 8;
    if (std::memcmp(a, b, whole) != 0) return false;
    const unsigned rest = prefix % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

std::expected<AddressAllowList::Block, std::string> AddressAllowList::parse_block(std::string_view entry) {
    const std::size_t slash = entry.find('/');
    const std::string address(entry.substr(0, slash));
    Block b;
    if (::inet_pton(AF_INET, address.c_str(), b.bytes.data()) == 1) {
        b.family = AF_INET;
        b.prefix = 32;
    } else if (::inet_pton(AF_INET6, address.c_str(), b.bytes.data()) == 1) {
        b.family = AF_INET6;
        b.prefix = 128;
    } else {
        return std::unexpected("'" + std::string(entry) + "' is not an IPv4/IPv6 address, a CIDR block or *");
    }
    if (slash == std::string_view::npos) return b;
    const std::string_view bits = entry.substr(slash + 1);
    unsigned prefix = 0;
    const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (ec != std::errc() || end != bits.data() + bits.size() || bits.empty() || prefix > b.prefix)
        return std::unexpected("'" + std::string(entry) + "': bad prefix length");
    b.prefix = prefix;
    return b;
}

std::expected<AddressAllowList, std::string> AddressAllowList::parse(std::string_view text) {
    AddressAllowList list;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view entry = trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (entry.empty()) return std::unexpected("empty entry");
        if (entry == "*") {
            list.any_ = true;
            continue;
        }
        auto block = parse_block(entry);
        if (!block) return std::unexpected(block.error());
        list.blocks_.push_back(*block);
    }
    return list;
}

bool AddressAllowList::admits(const sockaddr_storage& peer) const {
    if (any_) return true;
    int family = peer.ss_family;
    const std::uint8_t* bytes = nullptr;
    if (family == AF_INET) {
        bytes = reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<const sockaddr_in&>(peer).sin_addr);
    } else if (family == AF_INET6) {
        const auto& a6 = reinterpret_cast<const sockaddr_in6&>(peer).sin6_addr;
        bytes = a6.s6_addr;
        if (IN6_IS_ADDR_V4MAPPED(&a6)) {
            family = AF_INET;
            bytes += 12;
        }
    } else {
        return false;
    }
    for (const Block& b : blocks_)
        if (b.family == family && prefix_matches(bytes, b.bytes.data(), b.prefix)) return true;
    return false;
}

}  // namespace booster::auth
