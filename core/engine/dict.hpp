// Dict: a small map from string keys to typed values: the per-fop extension channel (xdata),
// xattr sets and xattrop operands. Keys are unique; insertion order is kept so that a Dict
// serialises deterministically. Value type; not thread-safe (each fop owns its own).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace booster {

class Dict {
public:
    using Value = std::variant<std::int64_t, std::uint64_t, std::string>;  // string = bytes

    void set(std::string_view key, Value value);
    bool erase(std::string_view key);
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    const Value* find(std::string_view key) const;

    std::optional<std::int64_t> get_int(std::string_view key) const;
    std::optional<std::uint64_t> get_uint(std::string_view key) const;
    std::optional<std::string_view> get_bytes(std::string_view key) const;

    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    auto begin() const { return entries_.begin(); }
    auto end() const { return entries_.end(); }

    friend bool operator==(const Dict&, const Dict&) = default;

private:
    std::vector<std::pair<std::string, Value>> entries_;
};

}  // namespace booster
