// CancelRegistry; see cancel_registry.h.
#include "pgwire/cancel_registry.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <unistd.h>

#include "engine/session.h"

namespace firn::pgwire {

BackendKey CancelRegistry::Register(Session* session) {
  BackendKey key;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&key.secret_key), sizeof(key.secret_key)) != 1) {
    key.secret_key = static_cast<int32_t>(reinterpret_cast<uintptr_t>(session) ^ getpid());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  // Process ids look like PostgreSQL's (positive, unique among live sessions).
  do {
    next_process_id_ = next_process_id_ >= 0x3fffffff ? 1 : next_process_id_ + 1;
  } while (sessions_.count(next_process_id_ + 1000) != 0);
  key.process_id = next_process_id_ + 1000;
  sessions_[key.process_id] = Entry{session, key.secret_key};
  return key;
}

void CancelRegistry::Unregister(int32_t process_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(process_id);
}

bool CancelRegistry::Cancel(const BackendKey& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(key.process_id);
  if (it == sessions_.end()) return false;
  if (CRYPTO_memcmp(&it->second.secret_key, &key.secret_key, sizeof(key.secret_key)) != 0) {
    return false;
  }
  it->second.session->Cancel();
  return true;
}

void CancelRegistry::CancelAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [pid, entry] : sessions_) entry.session->Cancel();
}

size_t CancelRegistry::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size();
}

}  // namespace firn::pgwire
