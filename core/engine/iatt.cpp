#include "core/engine/iatt.hpp"

namespace booster {

Iatt Iatt::from_stat(const struct stat& st, const Gfid& gfid) {
    Iatt a;
    a.gfid = gfid;
    a.ino = st.st_ino;
    a.dev = st.st_dev;
    a.mode = st.st_mode;
    a.nlink = static_cast<std::uint32_t>(st.st_nlink);
    a.uid = st.st_uid;
    a.gid = st.st_gid;
    a.rdev = st.st_rdev;
    a.size = static_cast<std::uint64_t>(st.st_size);
    a.blksize = static_cast<std::uint32_t>(st.st_blksize);
    a.blocks = static_cast<std::uint64_t>(st.st_blocks);
    a.atime = st.st_atim;
    a.mtime = st.st_mtim;
    a.ctime = st.st_ctim;
    return a;
}

struct stat Iatt::to_stat() const {
    struct stat st {};
    st.st_ino = ino;
    st.st_dev = dev;
    st.st_mode = mode;
    st.st_nlink = nlink;
    st.st_uid = uid;
    st.st_gid = gid;
    st.st_rdev = rdev;
    st.st_size = static_cast<off_t>(size);
    st.st_blksize = blksize;
    st.st_blocks = static_cast<blkcnt_t>(blocks);
    st.st_atim = atime;
    st.st_mtim = mtime;
    st.st_ctim = ctime;
    return st;
}

}  // namespace booster
