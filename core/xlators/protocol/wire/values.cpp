#include "core/xlators/protocol/wire/values.hpp"

#include <fcntl.h>
#include <limits.h>

#include <cstring>

namespace booster::wire {

namespace {

fb::Timespec to_wire(const timespec& t) { return fb::Timespec(t.tv_sec, t.tv_nsec); }
timespec from_wire(const fb::Timespec& t) {
    return timespec{static_cast<time_t>(t.sec()), static_cast<long>(t.nsec())};
}

}  // namespace

fb::Gfid to_wire(const Gfid& gfid) {
    std::uint64_t lo;
    std::uint64_t hi;
    std::memcpy(&lo, gfid.bytes.data(), 8);
    std::memcpy(&hi, gfid.bytes.data() + 8, 8);
    return fb::Gfid(lo, hi);
}

Gfid from_wire(const fb::Gfid& gfid) {
    Gfid out;
    const std::uint64_t lo = gfid.lo();
    const std::uint64_t hi = gfid.hi();
    std::memcpy(out.bytes.data(), &lo, 8);
    std::memcpy(out.bytes.data() + 8, &hi, 8);
    return out;
}

fb::Iatt to_wire(const Iatt& a) {
    return fb::Iatt(to_wire(a.gfid), a.ino, a.dev, a.rdev, a.size, a.blocks, a.mode, a.nlink, a.uid, a.gid,
                    a.blksize, to_wire(a.atime), to_wire(a.mtime), to_wire(a.ctime));
}

Iatt from_wire(const fb::Iatt& a) {
    Iatt out;
    out.gfid = from_wire(a.gfid());
    out.ino = a.ino();
    out.dev = a.dev();
    out.rdev = a.rdev();
    out.size = a.size();
    out.blocks = a.blocks();
    out.mode = a.mode();
    out.nlink = a.nlink();
    out.uid = a.uid();
    out.gid = a.gid();
    out.blksize = a.blksize();
    out.atime = from_wire(a.atime());
    out.mtime = from_wire(a.mtime());
    out.ctime = from_wire(a.ctime());
    return out;
}

fb::SetAttr to_wire(const SetAttr& a) {
    return fb::SetAttr(a.size, to_wire(a.atime), to_wire(a.mtime), a.valid, a.mode, a.uid, a.gid);
}

SetAttr from_wire(const fb::SetAttr& a) {
    SetAttr out;
    out.valid = a.valid();
    out.mode = a.mode();
    out.uid = a.uid();
    out.gid = a.gid();
    out.size = a.size();
    out.atime = from_wire(a.atime());
    out.mtime = from_wire(a.mtime());
    return out;
}

fb::Statvfs to_wire(const Statvfs& s) {
    return fb::Statvfs(s.f_bsize, s.f_frsize, s.f_blocks, s.f_bfree, s.f_bavail, s.f_files, s.f_ffree, s.f_favail,
                       s.f_fsid, s.f_flag, s.f_namemax);
}

Statvfs from_wire(const fb::Statvfs& s) {
    Statvfs out{};
    out.f_bsize = s.bsize();
    out.f_frsize = s.frsize();
    out.f_blocks = s.blocks();
    out.f_bfree = s.bfree();
    out.f_bavail = s.bavail();
    out.f_files = s.files();
    out.f_ffree = s.ffree();
    out.f_favail = s.favail();
    out.f_fsid = s.fsid();
    out.f_flag = s.flag();
    out.f_namemax = s.namemax();
    return out;
}

fb::Flock to_wire(const Flock& l) {
    return fb::Flock(l.start, l.len, l.owner, l.pid, l.type, l.whence, static_cast<std::uint8_t>(l.kind));
}

const char* from_wire(const fb::Flock& l, Flock& out) {
    if (l.type() != F_RDLCK && l.type() != F_WRLCK && l.type() != F_UNLCK) return "bad lock type";
    if (l.whence() != SEEK_SET && l.whence() != SEEK_CUR && l.whence() != SEEK_END) return "bad lock whence";
    if (l.kind() > static_cast<std::uint8_t>(LockKind::kFlock)) return "bad lock kind";
    out = Flock{l.type(), l.whence(), l.start(), l.len(), l.pid(), l.owner(), static_cast<LockKind>(l.kind())};
    return nullptr;
}

flatbuffers::Offset<flatbuffers::Vector<std::uint8_t>> bytes_to_wire(Builder& b, std::string_view bytes) {
    return b.CreateVector(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::string_view bytes_from_wire(const flatbuffers::Vector<std::uint8_t>& bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

flatbuffers::Offset<DictVector> to_wire(Builder& b, const Dict& dict) {
    std::vector<flatbuffers::Offset<fb::DictEntry>> entries;
    entries.reserve(dict.size());
    for (const auto& [key, value] : dict) {
        auto k = b.CreateString(key);
        if (const auto* i = std::get_if<std::int64_t>(&value)) {
            entries.push_back(fb::CreateDictEntry(b, k, fb::DictValueKind_Int, *i));
        } else if (const auto* u = std::get_if<std::uint64_t>(&value)) {
            entries.push_back(fb::CreateDictEntry(b, k, fb::DictValueKind_UInt, 0, *u));
        } else {
            auto bytes = bytes_to_wire(b, std::get<std::string>(value));
            entries.push_back(fb::CreateDictEntry(b, k, fb::DictValueKind_Bytes, 0, 0, bytes));
        }
    }
    return b.CreateVector(entries);
}

const char* from_wire(const DictVector& entries, Dict& out) {
    for (const fb::DictEntry* e : entries) {
        const std::string_view key = e->key()->string_view();
        if (out.contains(key)) return "repeated dict key";
        switch (e->kind()) {
            case fb::DictValueKind_Int: out.set(key, e->int_value()); break;
            case fb::DictValueKind_UInt: out.set(key, e->uint_value()); break;
            case fb::DictValueKind_Bytes:
                if (e->bytes() == nullptr) return "dict bytes value missing";
                out.set(key, std::string(bytes_from_wire(*e->bytes())));
                break;
            default: return "bad dict value kind";
        }
    }
    return nullptr;
}

const char* check_entry_name(std::string_view name) {
    if (name.empty()) return "empty entry name";
    if (name.size() > NAME_MAX) return "entry name too long";
    if (name.find('/') != std::string_view::npos || name.find('\0') != std::string_view::npos)
        return "entry name with '/' or NUL";
    return nullptr;
}

}  // namespace booster::wire
