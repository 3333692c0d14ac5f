// What a lock request met: granted at once, refused (a non-blocking request that conflicts),
// or parked (a blocking one that conflicts: its waiter is listed and will be woken).
#pragma once

namespace booster {

enum class LockOutcome { kGranted, kConflict, kParked };

}  // namespace booster
