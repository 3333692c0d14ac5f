#include "preload/open_file.hpp"

#include "preload/runtime.hpp"

namespace booster::preload {

OpenFile::~OpenFile() {
    if (adopted_before_fork(runtime().mounts.generation())) (void)file.fd.release();
}

}  // namespace booster::preload
