#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster::wire {

namespace {

constexpr int kMaxErrno = 4095;

}  // namespace

ReplyOffset encode_error(Builder& b, int errnum) { return fb::CreateReply(b, errnum); }

ReplyOffset encode_reply(Builder& b, const Unit&, std::uint64_t fd) {
    fb::ReplyBuilder r(b);
    r.add_fd(fd);
    return r.Finish();
}

ReplyOffset encode_reply(Builder& b, const Iatt& v, std::uint64_t fd) {
    const fb::Iatt attr = to_wire(v);
    fb::ReplyBuilder r(b);
    r.add_iatt(&attr);
    r.add_fd(fd);
    return r.Finish();
}

ReplyOffset encode_reply(Builder& b, const EntryReply& v, std::uint64_t fd) {
    const fb::Iatt attr = to_wire(v.attr);
    const fb::Iatt postparent = v.postparent ? to_wire(*v.postparent) : fb::Iatt();
    auto xattrs = v.xattrs.empty() ? flatbuffers::Offset<DictVector>() : to_wire(b, v.xattrs);
    fb::ReplyBuilder r(b);
    r.add_iatt(&attr);
    if (v.postparent) r.add_postparent(&postparent);
    if (!v.xattrs.empty()) r.add_dict(xattrs);
    r.add_fd(fd);
    return r.Finish();
}

ReplyOffset encode_reply(Builder& b, const std::string& v, std::uint64_t fd) {
    auto text = bytes_to_wire(b, v);
    fb::ReplyBuilder r(b);
    r.add_text(text);
    r.add_fd(fd);
    return r.Finish();
}

ReplyOffset encode_reply(Builder& b, const std::size_t& v, std::uint64_t fd) {
    return fb::CreateReply(b, 0, nullptr, nullptr, static_cast<std::int64_t>(v), 0, 0, 0, nullptr, nullptr, 0, fd);
}

ReplyOffset encode_reply(Builder& b, const off_t& v, std::uint64_t fd) {
    return fb::CreateReply(b, 0, nullptr, nullptr, v, 0, 0, 0, nullptr, nullptr, 0, fd);
}

ReplyOffset encode_reply(Builder& b, const Dirents& v, std::uint64_t fd) {
    std::vector<flatbuffers::Offset<fb::Dirent>> entries;
    entries.reserve(v.size());
    for (const Dirent& d : v) {
        auto name = b.CreateString(d.name);
        const fb::Iatt attr = d.attr ? to_wire(*d.attr) : fb::Iatt();
        entries.push_back(fb::CreateDirent(b, name, d.ino, d.off, d.type, d.attr ? &attr : nullptr));
    }
    auto dirents = b.CreateVector(entries);
    return fb::CreateReply(b, 0, nullptr, nullptr, 0, 0, dirents, 0, nullptr, nullptr, 0, fd);
}

ReplyOffset encode_reply(Builder& b, const Statvfs& v, std::uint64_t fd) {
    const fb::Statvfs st = to_wire(v);
    return fb::CreateReply(b, 0, nullptr, nullptr, 0, 0, 0, 0, nullptr, &st, 0, fd);
}

ReplyOffset encode_reply(Builder& b, const Names& v, std::uint64_t fd) {
    auto names = b.CreateVectorOfStrings(v);
    return fb::CreateReply(b, 0, nullptr, nullptr, 0, 0, 0, names, nullptr, nullptr, 0, fd);
}

ReplyOffset encode_reply(Builder& b, const Flock& v, std::uint64_t fd) {
    const fb::Flock lock = to_wire(v);
    return fb::CreateReply(b, 0, nullptr, nullptr, 0, 0, 0, 0, &lock, nullptr, 0, fd);
}

ReplyOffset encode_reply(Builder& b, const Dict& v, std::uint64_t fd) {
    auto dict = to_wire(b, v);
    return fb::CreateReply(b, 0, nullptr, nullptr, 0, 0, 0, 0, nullptr, nullptr, dict, fd);
}

int reply_errnum(const fb::Reply& r) { return r.errnum() >= 0 && r.errnum() <= kMaxErrno ? r.errnum() : -1; }

const char* decode_reply(const fb::Reply&, Unit&) { return nullptr; }

const char* decode_reply(const fb::Reply& r, Iatt& out) {
    if (r.iatt() == nullptr) return "reply without attributes";
    out = from_wire(*r.iatt());
    return nullptr;
}

const char* decode_reply(const fb::Reply& r, EntryReply& out) {
    if (r.iatt() == nullptr) return "entry reply without attributes";
    out.attr = from_wire(*r.iatt());
    if (r.postparent() != nullptr) out.postparent = from_wire(*r.postparent());
    return r.dict() != nullptr ? from_wire(*r.dict(), out.xattrs) : nullptr;
}

const char* decode_reply(const fb::Reply& r, std::string& out) {
    if (r.text() == nullptr) return "reply without text";
    out = bytes_from_wire(*r.text());
    return nullptr;
}

const char* decode_reply(const fb::Reply& r, std::size_t& out) {
    if (r.num() < 0) return "negative size in reply";
    out = static_cast<std::size_t>(r.num());
    return nullptr;
}

const char* decode_reply(const fb::Reply& r, off_t& out) {
    out = r.num();
    return nullptr;
}

const char* decode_reply(const fb::Reply& r, Dirents& out) {
    if (r.dirents() == nullptr) return "reply without entries";
    out.reserve(r.dirents()->size());
    for (const fb::Dirent* d : *r.dirents()) {
        const std::string_view name = d->name()->string_view();
        if (const char* bad = check_entry_name(name)) return bad;
        Dirent& e = out.emplace_back();
        e.name = name;
        e.ino = d->ino();
        e.off = d->off();
        e.type = d->type();
        if (d->attr() != nullptr) e.attr = from_wire(*d->attr());
    }
    return nullptr;
}

const char* decode_reply(const fb::Reply& r, Statvfs& out) {
    if (r.statvfs() == nullptr) return "reply without statvfs";
    out = from_wire(*r.statvfs());
    return nullptr;
}

const char* decode_reply(const fb::Reply& r, Names& out) {
    if (r.names() == nullptr) return "reply without names";
    out.reserve(r.names()->size());
    for (const flatbuffers::String* n : *r.names()) out.emplace_back(n->string_view());
    return nullptr;
}

const char* decode_reply(const fb::Reply& r, Flock& out) {
    if (r.flock() == nullptr) return "reply without lock";
    return from_wire(*r.flock(), out);
}

const char* decode_reply(const fb::Reply& r, Dict& out) {
    if (r.dict() == nullptr) return "reply without dict";
    return from_wire(*r.dict(), out);
}

}  // namespace booster::wire
