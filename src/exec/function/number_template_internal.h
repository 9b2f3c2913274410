// A read number template, shared by to_char's formatter (number_template.cc) and to_number
// (number_from_char.cc, which also holds the reader).
// Internal to src/exec/function/. Thread-safety: plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace firn::function_internal {

enum class NumKey {
  kComma,
  kDec,
  k0,
  k9,
  kB,
  kC,
  kD,
  kE,
  kFM,
  kG,
  kL,
  kMI,
  kPL,
  kPR,
  kRN,
  kRNLower,
  kSG,
  kSP,
  kS,
  kTH,
  kTHLower,
  kV,
};

// One template element: a keyword, or one literal character.
struct NumNode {
  bool is_key = false;
  NumKey key = NumKey::kComma;
  std::string text;
};

// What the keywords say about the number (PostgreSQL's NUMDesc).
struct NumDesc {
  enum class LSign { kNone, kPre, kPost };
  int pre = 0;   // digit positions before the point (after V: multi)
  int post = 0;  // digit positions after the point
  LSign lsign_pos = LSign::kNone;
  int pre_lsign_num = 0;  // digit positions before S
  int multi = 0;          // digit positions after V
  int zero_start = 0;     // 1-based position of the first 0 before the point
  int zero_end = 0;       // position of the last 0
  bool decimal = false, zero = false, blank = false, fillmode = false, lsign = false;
  bool bracket = false, minus = false, plus = false, roman = false, has_multi = false;
  bool eeee = false;
};

struct NumTemplate {
  std::vector<NumNode> nodes;
  NumDesc desc;
};

// Reads a number template; 42601 for inconsistent keywords ("multiple decimal points",
// "cannot use \"S\" twice", ...), with PostgreSQL 15's messages.
NumTemplate ReadNumberTemplate(std::string_view format);

}  // namespace firn::function_internal
