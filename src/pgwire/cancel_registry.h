// CancelRegistry: maps the BackendKeyData (process id, secret key) handed to each client
// to that connection's live Session, so that a CancelRequest arriving on another
// connection can cancel the running statement. The server owns one registry; every
// Connection registers its Session after authentication and unregisters it before
// destroying it. Secrets are 32 random bits (OpenSSL RAND_bytes) compared in constant time.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace firn {
class Session;
}

namespace firn::pgwire {

struct BackendKey {
  int32_t process_id = 0;
  int32_t secret_key = 0;
};

class CancelRegistry {
 public:
  CancelRegistry() = default;
  CancelRegistry(const CancelRegistry&) = delete;
  CancelRegistry& operator=(const CancelRegistry&) = delete;

  // Registers `session` (not owned; REQUIRES: it stays alive until Unregister) and returns
  // a fresh key for it.
  BackendKey Register(Session* session);
  void Unregister(int32_t process_id);
  // Cancels the session registered under `key` if the secret matches. Returns whether a
  // session was cancelled. A wrong secret is indistinguishable from an unknown id.
  bool Cancel(const BackendKey& key);
  // Cancels every registered session (server shutdown).
  void CancelAll();
  size_t size() const;

 private:
  struct Entry {
    Session* session;
    int32_t secret_key;
  };
  mutable std::mutex mutex_;
  int32_t next_process_id_ = 0;                  // GUARDED_BY(mutex_)
  std::unordered_map<int32_t, Entry> sessions_;  // GUARDED_BY(mutex_)
};

}  // namespace firn::pgwire
