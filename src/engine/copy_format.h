// Reading PostgreSQL's COPY text and CSV formats.
//
// Text format: one row per line, columns separated by DELIMITER (tab), NULL written as
// NULL (\N); backslash escapes \b \f \n \r \t \v \\ and \ooo/\xhh; a line "\." ends the data.
// CSV format: DELIMITER (comma), QUOTE ("), ESCAPE (= QUOTE), NULL as an unquoted empty
// field, optional HEADER line; "\." alone on a line ends the data too.
//
// Input arrives in pieces. CopyRecordScanner finds where whole records end, so that runs
// of records (blocks) can be split into fields elsewhere, on other threads; SplitText and
// NextCsvRecord split them.
// Thread-safety: stateless functions; a scanner belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firn {

struct CopyOptions {
  bool csv = false;
  bool header = false;
  char delimiter = '\t';
  char quote = '"';
  char escape = '"';
  std::string null_text = "\\N";
};

// How records end; as in PostgreSQL, the first record's line end is the only one allowed.
enum class LineEnd : uint8_t { kUnknown, kLf, kCrLf, kCr };

// One field of a COPY record: NULL, or its text (a view into the input or into the
// record's unescaped copies).
struct CopyField {
  bool null = false;
  std::string_view text;
};

// Splits one text-format line into fields; nullopt = NULL.
std::vector<std::optional<std::string>> SplitText(std::string_view line, const CopyOptions& o);

// Parses one CSV record from `data` starting at `pos`; returns false when the record is
// incomplete (needs more data) unless `final`. Unquoted fields are views into `data`;
// quoted ones are unescaped into strings appended to `unquoted` (a deque: its strings
// never move; the caller clears it when the fields are no longer needed).
// Throws SqlError (22P04) on a bad record.
bool NextCsvRecord(const std::string& data, size_t& pos, bool final, const CopyOptions& o,
                   std::vector<CopyField>& fields, std::deque<std::string>& unquoted,
                   LineEnd& line_end);

// A field's text as an error's context shows it: up to 100 bytes (whole characters), then
// "...", as PostgreSQL limits it.
std::string PrintoutOf(std::string_view text);

// Follows COPY input as it grows and tells where the last complete record ends, by the
// same rules SplitText's caller and NextCsvRecord use: a text record ends at LF; a CSV
// record at LF, CRLF or CR outside quotes (an ESCAPE inside quotes escapes a QUOTE or
// ESCAPE). It stops at the end-of-data line "\.", and never decides on bytes that more
// input could change (a CR or an escape at the end).
class CopyRecordScanner {
 public:
  explicit CopyRecordScanner(const CopyOptions& o) : o_(o) {}

  // Continues over `data` (the same buffer as before, possibly grown, minus what Drop
  // removed); `final` when no more input will come.
  void Scan(std::string_view data, bool final);
  // Offset just past the last complete record (or where "\." starts, once ended()).
  size_t record_end() const { return record_end_; }
  // Complete records before record_end(), since the start.
  uint64_t records() const { return records_; }
  // Whether the end-of-data line "\." starts at record_end().
  bool ended() const { return ended_; }
  // The first record's line end, once it has one (CSV).
  LineEnd line_end() const { return line_end_; }
  // The caller removed the first `n` bytes of the buffer. REQUIRES: n <= record_end().
  void Drop(size_t n);

  // Tracks where the records can be cut into runs of whole multiples of `every` records
  // (counted from record `first`, so a header record can be left out).
  void AlignTo(uint64_t every, uint64_t first) {
    align_every_ = every;
    align_first_ = first;
  }
  // Offset just past the last complete record after which the count since `first` is a
  // multiple of `every` (0 when none is, or when Drop removed it), and records() there.
  size_t aligned_end() const { return aligned_end_; }
  uint64_t aligned_records() const { return aligned_records_; }

 private:
  // Whether the end-of-data line starts at data[i]; nullopt when more input could decide.
  std::optional<bool> EndMarkerAt(std::string_view data, size_t i, bool final) const;
  void EndRecord(size_t end, LineEnd kind);

  const CopyOptions o_;
  size_t scan_ = 0;  // next byte to look at
  size_t record_end_ = 0;
  uint64_t records_ = 0;
  bool in_quotes_ = false;
  bool at_record_start_ = true;
  bool ended_ = false;
  LineEnd line_end_ = LineEnd::kUnknown;
  uint64_t align_every_ = 0;  // 0: no alignment tracked
  uint64_t align_first_ = 0;
  size_t aligned_end_ = 0;
  uint64_t aligned_records_ = 0;
};

}  // namespace firn
