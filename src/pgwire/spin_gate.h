// SpinGate: how many connection threads may busy-wait for their next message at once.
//
// A thread that sleeps in poll() until the client's next request arrives pays a wakeup
// (tens of microseconds on these virtual machines) on every round trip; one that keeps
// polling the socket for a short while after replying does not. Busy-waiting only pays
// when the client answers quickly (a tight request loop) and only when a core is free for
// it, so SocketTransport spins only after a short wait, and only once this gate admits
// it: at most `capacity` spinners, by default one less than the cores, so spinning never
// takes the last core from the work that produces requests and replies; and none while
// another connection is working (between receiving a request and waiting for the next),
// since that connection could use the core; and none while more connections than
// spinners have been sending requests in the last millisecond or two (many busy clients:
// then the cores are better left to them than to a spinner waiting for one of them).
// Thread-safety: every method may be called from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace firn::pgwire {

class SpinGate {
 public:
  explicit SpinGate(int capacity) : capacity_(capacity) {}
  // A gate admitting one less than the machine's cores (none on one core).
  static int DefaultCapacity();

  // A connection starts working (it has received bytes) or waiting for bytes; each
  // connection starts out working and ends waiting.
  void StartWorking() { working_.fetch_add(1, std::memory_order_relaxed); }
  void StartWaiting() { working_.fetch_sub(1, std::memory_order_relaxed); }

  // Whether the caller, a waiting connection, may spin now; if true, the caller must call
  // Leave() when done.
  bool TryEnter() {
    if (AnyWorking() || !FewActive()) return false;
    int n = spinners_.load(std::memory_order_relaxed);
    while (n < capacity_) {
      if (spinners_.compare_exchange_weak(n, n + 1, std::memory_order_acquire)) return true;
    }
    return false;
  }
  void Leave() { spinners_.fetch_sub(1, std::memory_order_release); }
  // Whether some connection is working (a spinner then gives up its core).
  bool AnyWorking() const { return working_.load(std::memory_order_relaxed) > 0; }

  // A connection received a request at `now_us` (a monotonic clock); `*counted_ms` is the
  // connection's own record of the millisecond it was last counted in (start it at -1).
  void NoteRequest(int64_t now_us, int64_t* counted_ms);
  // Whether no more connections than spinners sent requests in the current and the
  // previous millisecond. Approximate under races, which only shifts when spinning stops.
  bool FewActive() const {
    return std::max(previous_active_.load(std::memory_order_relaxed),
                    current_active_.load(std::memory_order_relaxed)) <= capacity_;
  }

 private:
  const int capacity_;
  std::atomic<int> spinners_{0};
  std::atomic<int> working_{0};          // connections not waiting for bytes
  std::atomic<int64_t> epoch_ms_{-1};    // the millisecond current_active_ counts
  std::atomic<int> current_active_{0};   // connections with a request in it
  std::atomic<int> previous_active_{0};  // the same for the millisecond before
};

}  // namespace firn::pgwire
