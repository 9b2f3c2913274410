// ReleaseFreeMemory: see memory.h.
#include "common/memory.h"

#include <malloc.h>

// tcmalloc's C interface, present only when the binary links tcmalloc (a weak reference
// stays null otherwise).
extern "C" void MallocExtension_ReleaseFreeMemory() __attribute__((weak));

namespace firn {

void ReleaseFreeMemory() {
  if (MallocExtension_ReleaseFreeMemory != nullptr) {
    MallocExtension_ReleaseFreeMemory();
  } else {
    ::malloc_trim(0);
  }
}

}  // namespace firn
