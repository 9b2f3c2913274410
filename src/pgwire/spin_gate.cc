// SpinGate: see spin_gate.h.
#include "pgwire/spin_gate.h"

#include <thread>

namespace firn::pgwire {

int SpinGate::DefaultCapacity() {
  int cores = static_cast<int>(std::thread::hardware_concurrency());
  return cores > 1 ? cores - 1 : 0;
}

void SpinGate::NoteRequest(int64_t now_us, int64_t* counted_ms) {
  int64_t ms = now_us / 1000;
  int64_t epoch = epoch_ms_.load(std::memory_order_relaxed);
  if (ms > epoch && epoch_ms_.compare_exchange_strong(epoch, ms, std::memory_order_relaxed)) {
    int current = current_active_.exchange(0, std::memory_order_relaxed);
    previous_active_.store(ms == epoch + 1 ? current : 0, std::memory_order_relaxed);
  }
  if (*counted_ms != ms) {
    *counted_ms = ms;
    current_active_.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace firn::pgwire
