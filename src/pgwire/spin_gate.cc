// SpinGate: see spin_gate.h.
#include "pgwire/spin_gate.h"

#include <thread>

namespace firn::pgwire {

int SpinGate::DefaultCapacity() {
  int cores = static_cast<int>(std::thread::hardware_concurrency());
  return cores > 1 ? cores - 1 : 0;
}

}  // namespace firn::pgwire
