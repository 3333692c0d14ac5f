#include "core/xlators/protocol/wire/frame_header.hpp"

namespace booster::wire {

namespace {

template <class T>
void put(std::uint8_t* at, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i) at[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

template <class T>
T get(const std::uint8_t* at) {
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(T{at[i]} << (8 * i));
    return value;
}

}  // namespace

HeaderBytes encode_header(const FrameHeader& header) {
    HeaderBytes out{};
    put(out.data(), kFrameMagic);
    put(out.data() + 4, header.version);
    put(out.data() + 6, header.flags);
    put(out.data() + 8, header.message_size);
    put(out.data() + 12, header.bulk_size);
    put(out.data() + 16, header.xid);
    return out;
}

const char* decode_header(const HeaderBytes& in, std::size_t max_total, FrameHeader& out) {
    if (get<std::uint32_t>(in.data()) != kFrameMagic) return "bad frame magic";
    out.version = get<std::uint16_t>(in.data() + 4);
    out.flags = get<std::uint16_t>(in.data() + 6);
    out.message_size = get<std::uint32_t>(in.data() + 8);
    out.bulk_size = get<std::uint32_t>(in.data() + 12);
    out.xid = get<std::uint64_t>(in.data() + 16);
    if (out.version != kWireVersion) return "unsupported wire version";
    if ((out.flags & ~kFramePassesFd) != 0) return "unknown frame flags";
    if (out.message_size == 0) return "empty message";
    if (out.total() > max_total) return "frame larger than max-message-size";
    return nullptr;
}

}  // namespace booster::wire
