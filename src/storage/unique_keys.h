// UniqueKeys: the keys of a table's unique indexes (PRIMARY KEY, UNIQUE) over its committed
// rows, each mapped to the row holding it, so a write is checked against every committed
// row without a scan. A key map is built from the table's rows the first time a write
// needs it (after a restart too: nothing of it is stored).
//
// A commit goes in two steps. Claim, before its log record is written, checks its new keys
// against the committed ones and those claimed by commits in flight, and marks them as its
// own: of two transactions inserting one key, the second to commit fails (PostgreSQL would
// make it wait for the first, then fail). Commit, as the rows are applied (in log order),
// turns the claims into row ids and drops the keys of deleted rows. Release undoes the
// claims of a commit that failed. Check does a statement's part early: its new rows against
// the committed keys and the transaction's own rows (PendingKeys).
//
// Keys are compared as the column types' equality does (1.0 = 1.00 numeric, -0 = 0 float,
// trailing blanks of character(n), interval spans); a key with a NULL never conflicts.
// Thread-safety: all methods may be called concurrently; a PendingKeys is one transaction's.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "storage/key_map.h"
#include "storage/table_data.h"

namespace firn {

// One unique index: its OID and key columns (indexes into the table's columns).
struct UniqueIndexSpec {
  uint32_t oid = 0;
  std::vector<int> columns;
};

// A key two rows share: the index and the offending row (a pending row index of the write).
struct KeyConflict {
  uint32_t index_oid = 0;
  size_t pending_row = 0;
  // The write deletes a row with this key that another transaction has since replaced (two
  // concurrent UPDATEs of one row): a serialization failure rather than a duplicate.
  bool concurrent_update = false;
};

// Who holds a key (UniqueKeys::Holders).
struct KeyHolder {
  enum class Kind : uint8_t { kNone, kCommitted, kInFlight, kPending, kEarlierRow };
  Kind kind = Kind::kNone;
  uint64_t id = 0;  // kCommitted: the row id; kPending: the pending row; kEarlierRow: the row
};

// The keys one transaction's write adds and removes, by index (Claim fills it in).
struct KeyChanges {
  struct Index {
    uint32_t oid = 0;
    std::vector<std::pair<std::string, uint64_t>> inserted;  // key, ordinal among kept rows
    std::vector<std::pair<std::string, uint64_t>> deleted;   // key, committed row id
    // Claimed keys and their holders before (kNoHolder: none), for Release.
    std::vector<std::pair<std::string, uint64_t>> claimed;
  };
  uint64_t claim = 0;  // this commit's claim id
  std::vector<Index> indexes;
};

// A transaction's own inserted keys per index, kept up to date statement by statement.
class PendingKeys {
 public:
  // Forgets everything (ROLLBACK TO SAVEPOINT): the next Check starts over.
  void Reset() { *this = PendingKeys(); }

 private:
  friend class UniqueKeys;
  struct Index {
    KeyMap rows;         // key -> pending row
    size_t checked = 0;  // pending rows [0, checked) are in `rows`
  };
  std::map<uint32_t, Index> indexes_;
  std::unordered_set<uint64_t> deletes_;  // the write's deleted committed rows ...
  size_t deletes_seen_ = 0;               // ... the first this many of write.deletes
};

class UniqueKeys {
 public:
  static constexpr uint64_t kNoHolder = UINT64_MAX;

  // Encodes the key in row `row` of `columns` into `out` (cleared first); false when a key
  // column is NULL there. Fails (NotSupported) for a type without an equality to key on.
  static bool EncodeKey(const std::vector<const Vector*>& columns, size_t row, std::string* out);
  // NotSupported when a column of `types` cannot be a unique key.
  static Status CheckKeyTypes(const std::vector<Type>& types);

  // Builds the key map of `index` from `data`'s rows unless built. Returns the first key
  // two live rows share, as their two row ids, or a read error of a data file.
  Result<std::optional<std::pair<uint64_t, uint64_t>>> Build(const UniqueIndexSpec& index,
                                                             const TableData& data);
  // Forgets a dropped index's keys.
  void Forget(uint32_t index_oid);

  // Checks the write's pending rows not checked before against the committed keys, keys in
  // flight and the write's other rows, and records them in `pending`.
  Result<std::optional<KeyConflict>> Check(const std::vector<UniqueIndexSpec>& indexes,
                                           const TableData& data, const TableWrite& write,
                                           PendingKeys& pending);

  // ON CONFLICT: per row of `rows` (in the table's columns), the row holding its key in one
  // of `indexes`, if any: a committed one the write does not delete, one of a commit in
  // flight, one of the write's own (as `pending` has them: Check first), or an earlier row
  // of `rows` that is inserted or, when `updating` (DO UPDATE), updates a row (looked at
  // first).
  Result<std::vector<KeyHolder>> Holders(const std::vector<UniqueIndexSpec>& indexes,
                                         const TableData& data, const TableWrite& write,
                                         const PendingKeys& pending, const DataChunk& rows,
                                         bool updating);

  // Claims the keys of `write`'s surviving inserts in every index and works out the keys
  // of its deleted rows. On a conflict nothing stays claimed.
  Result<std::optional<KeyConflict>> Claim(const std::vector<UniqueIndexSpec>& indexes,
                                           const TableData& data, const TableWrite& write,
                                           KeyChanges& changes);
  // Undoes Claim (the commit failed).
  void Release(const KeyChanges& changes);
  // Runs `commit_rows` (TableData::Commit of `write`, returning the first row id it gave
  // the inserts) and updates every key map by it, as one step for Build and Claim.
  // `changes` may be null (no Claim: the write has no inserts or the table no index).
  void Commit(const TableWrite& write, const KeyChanges* changes, const TableData& data,
              const std::function<uint64_t()>& commit_rows);

  // Whether any index's keys are built (a commit needs Commit only then, or after Claim).
  bool any_built() const;

 private:
  struct Map {
    std::vector<int> columns;
    KeyMap holders;  // key -> row id, or a claim
  };
  static constexpr uint64_t kClaimBit = uint64_t{1} << 63;

  // REQUIRES: mutex_ held.
  Result<Map*> BuiltMap(const UniqueIndexSpec& index, const TableData& data,
                        std::optional<std::pair<uint64_t, uint64_t>>* duplicate);
  // The keys of committed rows `row_ids` in `columns`, read from `version`; rows with a
  // NULL key are left out.
  static Result<std::vector<std::pair<std::string, uint64_t>>> KeysOfRows(
      const TableVersion& version, const std::vector<int>& columns,
      const std::vector<uint64_t>& row_ids);

  mutable std::mutex mutex_;
  std::map<uint32_t, Map> maps_;  // GUARDED_BY(mutex_)
  uint64_t next_claim_ = 1;       // GUARDED_BY(mutex_)
};

}  // namespace firn
