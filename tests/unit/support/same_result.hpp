// same_result(a, b): whether two fop results are equal: both errors with the same errno, or
// both values with equal contents (field by field for the reply types without operator==).
#pragma once

#include <concepts>
#include <cstring>

#include "core/engine/fop_list.hpp"
#include "core/engine/result.hpp"

namespace booster::test {

inline bool same_value(const Iatt& a, const Iatt& b) {
    return a.gfid == b.gfid && a.ino == b.ino && a.mode == b.mode && a.nlink == b.nlink && a.size == b.size &&
           a.uid == b.uid && a.gid == b.gid;
}

inline bool same_value(const EntryReply& a, const EntryReply& b) {
    return same_value(a.attr, b.attr) && a.postparent.has_value() == b.postparent.has_value() &&
           a.xattrs == b.xattrs;
}

inline bool same_value(const Dirents& a, const Dirents& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || a[i].ino != b[i].ino || a[i].off != b[i].off || a[i].type != b[i].type)
            return false;
    return true;
}

inline bool same_value(const Flock& a, const Flock& b) {
    return a.type == b.type && a.whence == b.whence && a.start == b.start && a.len == b.len && a.pid == b.pid &&
           a.owner == b.owner;
}

inline bool same_value(const Statvfs& a, const Statvfs& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

template <class T>
    requires std::equality_comparable<T>
bool same_value(const T& a, const T& b) {
    return a == b;
}

// The errno of a failed result, 0 for a value.
template <class T>
int errno_of(const Result<T>& r) {
    return r ? 0 : r.error().errnum;
}

template <class T>
bool same_result(const Result<T>& a, const Result<T>& b) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return a.error().errnum == b.error().errnum;
    return same_value(*a, *b);
}

}  // namespace booster::test
