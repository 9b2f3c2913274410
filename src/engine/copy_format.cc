#include "engine/copy_format.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <cctype>

#include "common/sql_error.h"

namespace firn {
namespace {

// Finds the bytes of a 4-byte set in p[0, n) a 64-byte window at a time: one mask per
// window, then each hit by a bit scan. A CSV record has a hit every few bytes (each
// delimiter), so a search per field set up and scanned 16 bytes for each.
class ByteSetScanner {
 public:
  ByteSetScanner(const char* p, size_t n, const std::array<char, 4>& set)
      : p_(p), n_(n), set_(set) {}

  // The first hit in [i, n), or n.
  size_t Next(size_t i) {
    while (i < n_) {
      size_t window = i & ~size_t{63};
      if (window != window_) {
        window_ = window;
        mask_ = MaskAt(window);
      }
      uint64_t ahead = mask_ >> (i - window);
      if (ahead != 0) return i + static_cast<size_t>(__builtin_ctzll(ahead));
      i = window + 64;
    }
    return n_;
  }

 private:
  uint64_t MaskAt(size_t w) const {
    uint64_t mask = 0;
#if defined(__SSE2__)
    if (w + 64 <= n_) {
      const __m128i a = _mm_set1_epi8(set_[0]), b = _mm_set1_epi8(set_[1]),
                    c = _mm_set1_epi8(set_[2]), d = _mm_set1_epi8(set_[3]);
      for (size_t k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_ + w + 16 * k));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, a), _mm_cmpeq_epi8(x, b)),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, c), _mm_cmpeq_epi8(x, d)));
        mask |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(hit))) << (16 * k);
      }
      return mask;
    }
#endif
    for (size_t k = 0; k < 64 && w + k < n_; k++) {
      char ch = p_[w + k];
      if (ch == set_[0] || ch == set_[1] || ch == set_[2] || ch == set_[3])
        mask |= uint64_t{1} << k;
    }
    return mask;
  }

  const char* p_;
  size_t n_;
  std::array<char, 4> set_;
  size_t window_ = SIZE_MAX;
  uint64_t mask_ = 0;
};

// The first position in p[i, n) holding one of `set`'s bytes (repeats allowed), or n.
size_t FindAnyOf(const char* p, size_t i, size_t n, const std::array<char, 4>& set) {
  return ByteSetScanner(p, n, set).Next(i);
}

}  // namespace

std::vector<std::optional<std::string>> SplitText(std::string_view line, const CopyOptions& o) {
  std::vector<std::optional<std::string>> fields;
  std::string cur;
  std::string raw;
  auto finish = [&]() {
    if (raw == o.null_text) {
      fields.emplace_back(std::nullopt);
    } else {
      fields.emplace_back(cur);
    }
    cur.clear();
    raw.clear();
  };
  for (size_t i = 0; i < line.size(); i++) {
    char c = line[i];
    if (c == o.delimiter) {
      finish();
      continue;
    }
    if (c == '\\' && i + 1 < line.size()) {
      char n = line[++i];
      raw += '\\';
      raw += n;
      switch (n) {
        case 'b':
          cur += '\b';
          break;
        case 'f':
          cur += '\f';
          break;
        case 'n':
          cur += '\n';
          break;
        case 'r':
          cur += '\r';
          break;
        case 't':
          cur += '\t';
          break;
        case 'v':
          cur += '\v';
          break;
        case 'x': {
          int v = 0, k = 0;
          while (k < 2 && i + 1 < line.size() &&
                 std::isxdigit(static_cast<unsigned char>(line[i + 1]))) {
            char h = line[++i];
            v = v * 16 + (std::isdigit(static_cast<unsigned char>(h))
                              ? h - '0'
                              : (std::tolower(h) - 'a' + 10));
            k++;
          }
          cur += static_cast<char>(v);
          break;
        }
        default:
          if (n >= '0' && n <= '7') {
            int v = n - '0', k = 1;
            while (k < 3 && i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '7') {
              v = v * 8 + (line[++i] - '0');
              k++;
            }
            cur += static_cast<char>(v);
          } else {
            cur += n;
          }
      }
      continue;
    }
    cur += c;
    raw += c;
  }
  finish();
  return fields;
}

std::string PrintoutOf(std::string_view text) {
  constexpr size_t kLimit = 100;
  if (text.size() <= kLimit) return std::string(text);
  size_t cut = kLimit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

bool NextCsvRecord(const std::string& data, size_t& pos, bool final, const CopyOptions& o,
                   std::vector<CopyField>& fields, std::deque<std::string>& unquoted,
                   LineEnd& line_end) {
  size_t i = pos;
  std::string* cur = nullptr;  // the quoted field being unescaped, if any
  size_t field_start = i;
  bool quoted_field = false, in_quotes = false;
  // Fields overwrite the previous record's in place (`fields` is cut to `count` on
  // return): a push_back per field was a call per field.
  size_t count = 0;
  ByteSetScanner specials(data.data(), data.size(), {o.delimiter, o.quote, '\n', '\r'});
  auto finish = [&](size_t field_end) __attribute__((always_inline)) {
    CopyField field;
    if (quoted_field) {
      field.text = *cur;
    } else {
      field.text = std::string_view(data.data() + field_start, field_end - field_start);
      field.null = field.text == o.null_text;
    }
    if (count == fields.size()) fields.emplace_back();
    fields[count++] = field;
    cur = nullptr;
    quoted_field = false;
  };
  while (true) {
    // Within an unquoted field, skip to the next byte that ends or quotes it.
    if (!in_quotes && !quoted_field) {
      i = specials.Next(i);
    }
    if (i >= data.size()) {
      if (!final || in_quotes) {
        if (final && in_quotes) {
          throw SqlError(sqlstate::kBadCopyFileFormat, "unterminated CSV quoted field");
        }
        fields.resize(count);
        return false;
      }
      finish(i);
      break;
    }
    char c = data[i];
    if (in_quotes) {
      if (c == o.escape && o.escape != o.quote && i + 1 < data.size() &&
          (data[i + 1] == o.quote || data[i + 1] == o.escape)) {
        *cur += data[i + 1];
        i += 2;
        continue;
      }
      if (c == o.quote) {
        if (o.escape == o.quote && i + 1 < data.size() && data[i + 1] == o.quote) {
          *cur += o.quote;
          i += 2;
          continue;
        }
        if (o.escape == o.quote && i + 1 >= data.size() && !final) {
          fields.resize(count);
          return false;
        }
        in_quotes = false;
        i++;
        continue;
      }
      *cur += c;
      i++;
      continue;
    }
    if (c == o.quote) {
      if (!quoted_field) {
        // Text before the quote belongs to the field too (PostgreSQL keeps it).
        cur = &unquoted.emplace_back(data, field_start, i - field_start);
        quoted_field = true;
      }
      in_quotes = true;
      i++;
      continue;
    }
    if (c == o.delimiter) {
      finish(i);
      i++;
      field_start = i;
      continue;
    }
    if (c == '\n' || c == '\r') {
      // A CR at the end of the data so far may be the first half of a CRLF.
      if (c == '\r' && i + 1 >= data.size() && !final) {
        fields.resize(count);
        return false;
      }
      LineEnd here = c == '\n'                                      ? LineEnd::kLf
                     : (i + 1 < data.size() && data[i + 1] == '\n') ? LineEnd::kCrLf
                                                                    : LineEnd::kCr;
      if (line_end == LineEnd::kUnknown) line_end = here;
      if (here != line_end) {
        // PostgreSQL's messages: the odd one out is the newline or the carriage return.
        bool newline = c == '\n' || (here == LineEnd::kCrLf && line_end == LineEnd::kCr);
        throw SqlError(sqlstate::kBadCopyFileFormat, newline
                                                         ? "unquoted newline found in data"
                                                         : "unquoted carriage return found in data")
            .WithHint(newline ? "Use quoted CSV field to represent newline."
                              : "Use quoted CSV field to represent carriage return.");
      }
      finish(i);
      i += here == LineEnd::kCrLf ? 2 : 1;
      break;
    }
    if (quoted_field) *cur += c;  // after a closing quote
    i++;
  }
  pos = i;
  fields.resize(count);
  return true;
}

// ---- CopyRecordScanner ---------------------------------------------------------------

std::optional<bool> CopyRecordScanner::EndMarkerAt(std::string_view data, size_t i,
                                                   bool final) const {
  if (data[i] != '\\') return false;
  if (i + 1 >= data.size()) return final ? std::optional<bool>(false) : std::nullopt;
  if (data[i + 1] != '.') return false;
  if (i + 2 >= data.size()) return final ? std::optional<bool>(true) : std::nullopt;
  char next = data[i + 2];
  if (next == '\n') return true;
  if (next != '\r') return false;
  if (o_.csv) return true;  // CR ends a CSV line; a text line ends at LF only
  if (i + 3 >= data.size()) return final ? std::optional<bool>(true) : std::nullopt;
  return data[i + 3] == '\n';
}

void CopyRecordScanner::EndRecord(size_t end, LineEnd kind) {
  record_end_ = end;
  records_++;
  if (align_every_ != 0 && records_ >= align_first_ &&
      (records_ - align_first_) % align_every_ == 0) {
    aligned_end_ = end;
    aligned_records_ = records_;
  }
  at_record_start_ = true;
  if (line_end_ == LineEnd::kUnknown) line_end_ = kind;
}

void CopyRecordScanner::Scan(std::string_view data, bool final) {
  const char* p = data.data();
  const size_t n = data.size();
  size_t i = scan_;
  bool in_quotes = in_quotes_;
  while (i < n && !ended_) {
    if (at_record_start_) {
      std::optional<bool> marker = EndMarkerAt(data, i, final);
      if (!marker) break;
      if (*marker) {
        ended_ = true;
        break;
      }
      at_record_start_ = false;
    }
    // Text lines end at LF alone; CSV has quotes, and CR ends records too.
    i = !o_.csv     ? FindAnyOf(p, i, n, {'\n', '\n', '\n', '\n'})
        : in_quotes ? FindAnyOf(p, i, n, {o_.quote, o_.escape, o_.quote, o_.quote})
                    : FindAnyOf(p, i, n, {'\n', '\r', o_.quote, o_.quote});
    if (i == n) break;
    char c = p[i];
    if (in_quotes) {
      if (c == o_.escape && o_.escape != o_.quote) {
        if (i + 1 >= n && !final) break;
        if (i + 1 < n && (p[i + 1] == o_.quote || p[i + 1] == o_.escape)) {
          i += 2;
          continue;
        }
      }
      // With ESCAPE = QUOTE, a doubled quote leaves and re-enters quotes: same state.
      if (c == o_.quote) in_quotes = false;
      i++;
    } else if (c == o_.quote && o_.csv) {
      in_quotes = true;
      i++;
    } else if (c == '\n') {
      EndRecord(++i, LineEnd::kLf);
    } else {                            // CR, in CSV
      if (i + 1 >= n && !final) break;  // maybe the first half of a CRLF
      bool crlf = i + 1 < n && p[i + 1] == '\n';
      i += crlf ? 2 : 1;
      EndRecord(i, crlf ? LineEnd::kCrLf : LineEnd::kCr);
    }
  }
  in_quotes_ = in_quotes;
  scan_ = i;
  if (ended_) record_end_ = i;
}

void CopyRecordScanner::Drop(size_t n) {
  scan_ -= n;
  record_end_ -= n;
  aligned_end_ = aligned_end_ >= n ? aligned_end_ - n : 0;
}

}  // namespace firn
