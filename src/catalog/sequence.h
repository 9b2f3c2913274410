// Sequences (CREATE SEQUENCE, serial and identity columns): a sequence's options, checked as
// PostgreSQL checks them, and its position, which nextval and setval move outside any
// transaction.
//
// Durability follows PostgreSQL's: a position 32 values ahead of the one handed out is made
// durable (the catalog image logs it with the next commit, which the caller triggers through
// Catalog::NoteSequenceLogged), so a crash never hands out a value again but may skip up to
// 32. Thread-safety: SequenceState is internally synchronized; the rest are values.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "types/type.h"

namespace firn {

struct SequenceOptions {
  TypeId type = TypeId::kInt8;  // kInt2, kInt4 or kInt8 (AS smallint | integer | bigint)
  int64_t start = 1;
  int64_t increment = 1;
  int64_t min = 1;
  int64_t max = INT64_MAX;
  int64_t cache = 1;  // kept and shown; values are handed out one at a time
  bool cycle = false;
};

// What CREATE / ALTER SEQUENCE (or an identity column's options) say; unset = not said.
struct SequenceChanges {
  std::optional<TypeId> type;
  std::optional<int64_t> increment, start, cache;
  std::optional<std::optional<int64_t>> min, max;  // inner nullopt: NO MINVALUE / NO MAXVALUE
  std::optional<bool> cycle;
  std::optional<std::optional<int64_t>> restart;  // inner nullopt: RESTART (at START)
};

// The range of a sequence's type.
int64_t SequenceTypeMin(TypeId type);
int64_t SequenceTypeMax(TypeId type);
// "smallint", "integer", "bigint".
const char* SequenceTypeName(TypeId type);

// A sequence's position: the last value handed out (or the next one, when !called).
struct SequencePosition {
  int64_t value = 1;
  bool called = false;
};

// Applies `changes` to `options` with PostgreSQL's defaults (bounds and start from the
// increment's sign and the type) and checks (22023). `position` is the sequence's current
// position (nullptr when creating): a RESTART moves it, and it must lie in the new bounds.
void ApplySequenceChanges(const SequenceChanges& changes, SequenceOptions* options,
                          SequencePosition* position);

// What one session saw of sequences, for currval and lastval.
struct SessionSequences {
  std::map<uint32_t, int64_t> last;  // by sequence OID: the value nextval last gave here
  uint32_t last_used = 0;            // the sequence nextval last used (lastval)
};

class SequenceState {
 public:
  explicit SequenceState(SequencePosition position) : position_(position), durable_(position) {}

  // nextval: the next value of the sequence `name` with `options`. Throws 2200H past its
  // bounds without CYCLE. Sets *must_log when the durable position moved (the caller logs).
  int64_t Next(const SequenceOptions& options, const std::string& name, bool* must_log);
  // setval / ALTER SEQUENCE RESTART: moves the position, durably (the caller logs).
  void Set(SequencePosition position);
  // Makes the current position the durable one, unmoved (ALTER SEQUENCE: a durable
  // position ahead may lie outside new bounds).
  void Relog();
  SequencePosition Current() const;
  // The position a restart resumes from: at or past every value handed out.
  SequencePosition Durable() const;
  // Values nextval may hand out before it must log again (pg_sequences' log_cnt).
  int64_t LogCount() const;

  static constexpr int kLogAhead = 32;

 private:
  mutable std::mutex mutex_;
  SequencePosition position_;  // GUARDED_BY(mutex_)
  SequencePosition durable_;   // GUARDED_BY(mutex_)
  int64_t log_count_ = 0;      // GUARDED_BY(mutex_)
};

}  // namespace firn
