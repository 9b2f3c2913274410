// ReleaseFreeMemory: hands the heap's free pages back to the operating system, whichever
// allocator the binary links (tcmalloc in the server, the C library's malloc elsewhere).
// Called after a checkpoint has moved most of the heap's rows into data files.
#pragma once

namespace firn {

void ReleaseFreeMemory();

}  // namespace firn
