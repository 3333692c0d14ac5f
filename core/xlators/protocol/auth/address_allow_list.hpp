// AddressAllowList: which TCP peers a brick admits (option auth-allow): a comma list of IPv4 or
// IPv6 addresses, CIDR blocks (10.0.0.0/8, fd00::/8) or `*`. An IPv4 peer connected to an IPv6
// socket (::ffff:a.b.c.d) is matched as IPv4.
// Immutable after parse; any thread.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace booster::auth {

class AddressAllowList {
public:
    // The error names the entry that is not an address, a CIDR block or `*`.
    static std::expected<AddressAllowList, std::string> parse(std::string_view text);

    bool admits(const sockaddr_storage& peer) const;

private:
    struct Block {
        int family = 0;  // AF_INET or AF_INET6
        std::array<std::uint8_t, 16> bytes{};
        unsigned prefix = 0;
    };
    static std::expected<Block, std::string> parse_block(std::string_view entry);

    bool any_ = false;
    std::vector<Block> blocks_;
};

}  // namespace booster::auth
