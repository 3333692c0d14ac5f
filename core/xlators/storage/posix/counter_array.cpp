#include "core/xlators/storage/posix/counter_array.hpp"

#include <cstdint>

namespace booster {

namespace {

std::uint64_t load_be(std::string_view bytes) {
    std::uint64_t v = 0;
    for (char c : bytes) v = v << 8 | static_cast<unsigned char>(c);
    return v;
}

void store_be(std::uint64_t v, char* out, std::size_t width) {
    for (std::size_t i = width; i-- > 0; v >>= 8) out[i] = static_cast<char>(v & 0xff);
}

}  // namespace

Result<std::string> add_counter_arrays(std::string_view current, std::string_view delta, std::size_t width) {
    if ((width != 4 && width != 8) || current.size() != delta.size() || delta.size() % width != 0)
        return fail(EINVAL);
    std::string sum(delta.size(), '\0');
    for (std::size_t at = 0; at < delta.size(); at += width) {
        // Unsigned addition truncated to `width` bytes is two's-complement signed addition.
        const std::uint64_t total = load_be(current.substr(at, width)) + load_be(delta.substr(at, width));
        store_be(total, sum.data() + at, width);
    }
    return sum;
}

}  // namespace booster
