// The wall clock, as PostgreSQL's timestamptz counts it here: microseconds since the Unix
// epoch (types/datetime.h).
#pragma once

#include <chrono>
#include <cstdint>

namespace firn {

inline int64_t WallClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace firn
