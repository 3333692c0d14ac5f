#include "core/engine/dict.hpp"

#include <algorithm>

namespace booster {

void Dict::set(std::string_view key, Value value) {
    for (auto& [k, v] : entries_) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    entries_.emplace_back(std::string(key), std::move(value));
}

bool Dict::erase(std::string_view key) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == key; });
    if (it == entries_.end()) return false;
    entries_.erase(it);
    return true;
}

const Dict::Value* Dict::find(std::string_view key) const {
    for (const auto& [k, v] : entries_)
        if (k == key) return &v;
    return nullptr;
}

std::optional<std::int64_t> Dict::get_int(std::string_view key) const {
    const Value* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
    if (const auto* u = std::get_if<std::uint64_t>(v)) return static_cast<std::int64_t>(*u);
    return std::nullopt;
}

std::optional<std::uint64_t> Dict::get_uint(std::string_view key) const {
    const Value* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (const auto* u = std::get_if<std::uint64_t>(v)) return *u;
    if (const auto* i = std::get_if<std::int64_t>(v); i != nullptr && *i >= 0) return static_cast<std::uint64_t>(*i);
    return std::nullopt;
}

std::optional<std::string_view> Dict::get_bytes(std::string_view key) const {
    const Value* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (const auto* s = std::get_if<std::string>(v)) return std::string_view(*s);
    return std::nullopt;
}

}  // namespace booster
