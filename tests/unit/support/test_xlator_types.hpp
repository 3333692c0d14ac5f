// The test translators as translator types, for graphs built with graph_of(volfile,
// kTestXlatorTypes): test/file (FileLeaf), test/valve (Valve), test/write-probe (WriteProbe),
// test/read-probe (ReadProbe), test/fop-log (FopLog).
// None takes options.
#pragma once

#include <memory>

#include "core/engine/registry.hpp"
#include "tests/unit/support/file_leaf.hpp"
#include "tests/unit/support/fop_log.hpp"
#include "tests/unit/support/read_probe.hpp"
#include "tests/unit/support/valve.hpp"
#include "tests/unit/support/write_probe.hpp"

namespace booster::test {

template <class T>
std::unique_ptr<Xlator> make_test_xlator() {
    return std::make_unique<T>();
}

inline constexpr XlatorType kTestXlatorTypes[] = {
    {"test/file", &make_test_xlator<FileLeaf>, {}, "one regular file in memory"},
    {"test/valve", &make_test_xlator<Valve>, {}, "holds chosen fops until opened"},
    {"test/write-probe", &make_test_xlator<WriteProbe>, {}, "watches the writes in flight"},
    {"test/read-probe", &make_test_xlator<ReadProbe>, {}, "records reads, holds their replies, moves file times"},
    {"test/fop-log", &make_test_xlator<FopLog>, {}, "counts the calls of each fop, fails chosen fops"},
};

}  // namespace booster::test
