// Events that travel through the graph (the seeds' notify): a child reports that it can serve
// fops (CHILD_UP) or cannot (CHILD_DOWN); the graph tells every translator that its parents
// are ready (PARENT_UP) after init. Delivered synchronously, on the thread that raised them.
#pragma once

#include <string_view>

namespace booster {

enum class Event { kParentUp, kChildUp, kChildDown };

constexpr std::string_view event_name(Event e) {
    switch (e) {
        case Event::kParentUp: return "PARENT_UP";
        case Event::kChildUp: return "CHILD_UP";
        case Event::kChildDown: return "CHILD_DOWN";
    }
    return "?";
}

}  // namespace booster
