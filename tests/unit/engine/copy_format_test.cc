// CopyRecordScanner must cut COPY input exactly where the record readers end records,
// however the input is split into pieces; otherwise parallel COPY would parse a different
// table than a single pass does.
#include "engine/copy_format.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "common/sql_error.h"

namespace firn {
namespace {

// Where a single pass over all of `input` ends records, as COPY FROM read it before
// blocks: CSV by NextCsvRecord, text by LF; `marker` gets the offset of a "\." line,
// `error` the start of a record the reader refuses.
std::vector<size_t> SerialRecordEnds(const std::string& input, const CopyOptions& o,
                                     std::optional<size_t>* marker, std::optional<size_t>* error) {
  std::vector<size_t> ends;
  size_t pos = 0;
  std::vector<CopyField> fields;
  std::deque<std::string> unquoted;
  LineEnd line_end = LineEnd::kUnknown;
  while (pos < input.size()) {
    std::string_view rest(input.data() + pos, input.size() - pos);
    if (o.csv ? (rest == "\\." || rest.starts_with("\\.\n") || rest.starts_with("\\.\r"))
              : (rest == "\\." || rest == "\\.\r" || rest.starts_with("\\.\n") ||
                 rest.starts_with("\\.\r\n"))) {
      *marker = pos;
      break;
    }
    if (o.csv) {
      try {
        NextCsvRecord(input, pos, /*final=*/true, o, fields, unquoted, line_end);
      } catch (const SqlError&) {
        *error = pos;
        break;
      }
    } else {
      size_t nl = input.find('\n', pos);
      pos = nl == std::string::npos ? input.size() : nl + 1;
    }
    ends.push_back(pos);
  }
  return ends;
}

std::string RandomInput(std::mt19937& rng, const std::string& alphabet) {
  std::uniform_int_distribution<size_t> length(0, 40), pick(0, alphabet.size() - 1);
  std::string s;
  size_t n = length(rng);
  for (size_t i = 0; i < n; i++) s += alphabet[pick(rng)];
  return s;
}

void CheckScannerAgrees(const std::string& input, const CopyOptions& o, std::mt19937& rng) {
  std::optional<size_t> marker, error;
  std::vector<size_t> serial = SerialRecordEnds(input, o, &marker, &error);
  std::set<size_t> allowed(serial.begin(), serial.end());
  allowed.insert(0);
  if (marker) allowed.insert(*marker);

  CopyRecordScanner scanner(o);
  std::uniform_int_distribution<size_t> piece(1, 8);
  size_t fed = 0;
  bool final = false;
  while (!final && !scanner.ended()) {
    fed = std::min(input.size(), fed + piece(rng));
    final = fed == input.size();
    scanner.Scan(std::string_view(input.data(), fed), final);
    size_t cut = scanner.record_end();
    if (error && cut > *error) {
      // The block ending here holds the refused record; it must fail to parse too.
      std::string block = input.substr(*error, cut - *error);
      std::vector<CopyField> fields;
      std::deque<std::string> unquoted;
      LineEnd line_end = scanner.line_end();
      EXPECT_THROW(
          {
            for (size_t pos = 0; pos < block.size();) {
              NextCsvRecord(block, pos, true, o, fields, unquoted, line_end);
            }
          },
          SqlError)
          << testing::PrintToString(input);
      return;
    }
    ASSERT_TRUE(allowed.count(cut)) << "cut at " << cut << " in " << testing::PrintToString(input);
  }
  if (error) return;
  if (marker) {
    ASSERT_TRUE(scanner.ended()) << testing::PrintToString(input);
    EXPECT_EQ(scanner.record_end(), *marker) << testing::PrintToString(input);
    return;
  }
  EXPECT_FALSE(scanner.ended()) << testing::PrintToString(input);
  // Every record a single pass ends with a line end, the scanner ends too.
  size_t last_terminated = 0;
  for (size_t end : serial) {
    if (input[end - 1] == '\n' || (o.csv && input[end - 1] == '\r')) last_terminated = end;
  }
  EXPECT_EQ(scanner.record_end(), last_terminated) << testing::PrintToString(input);
}

TEST(CopyRecordScannerTest, CutsCsvWhereNextCsvRecordEndsRecords) {
  std::mt19937 rng(20261122);
  CopyOptions csv;
  csv.csv = true;
  csv.delimiter = ',';
  csv.null_text = "";
  CopyOptions backslash = csv;
  backslash.escape = '\\';
  for (int i = 0; i < 4000; i++) {
    std::string input = RandomInput(rng, "ab,\"\"\n\n\r\\.");
    CheckScannerAgrees(input, csv, rng);
    CheckScannerAgrees(input, backslash, rng);
  }
}

TEST(CopyRecordScannerTest, CutsTextAtLineFeeds) {
  std::mt19937 rng(7);
  CopyOptions text;
  for (int i = 0; i < 4000; i++) {
    CheckScannerAgrees(RandomInput(rng, "ab\t\n\n\r\\.N"), text, rng);
  }
}

TEST(CopyRecordScannerTest, DropShiftsOffsets) {
  CopyOptions csv;
  csv.csv = true;
  csv.delimiter = ',';
  CopyRecordScanner scanner(csv);
  std::string data = "1,\"a\nb\"\n2,c\n3,";
  scanner.Scan(data, false);
  EXPECT_EQ(scanner.record_end(), 12u);
  EXPECT_EQ(scanner.records(), 2u);
  EXPECT_EQ(scanner.line_end(), LineEnd::kLf);
  data.erase(0, 12);
  scanner.Drop(12);
  data += "d\r\n";  // a CRLF after LF records: the record reader reports it, not the scanner
  scanner.Scan(data, false);
  EXPECT_EQ(scanner.record_end(), data.size());
  EXPECT_EQ(scanner.records(), 3u);
  data += "\\.\nignored";
  scanner.Scan(data, false);
  EXPECT_TRUE(scanner.ended());
  EXPECT_EQ(scanner.record_end(), 5u);
}

}  // namespace
}  // namespace firn
