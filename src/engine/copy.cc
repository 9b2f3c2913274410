// COPY ... FROM STDIN and COPY ... TO STDOUT in PostgreSQL's text and CSV formats.
//
// Text format: one row per line, columns separated by DELIMITER (tab), NULL written as
// NULL (\N); backslash escapes \b \f \n \r \t \v \\ and \ooo/\xhh; a line "\." ends the data.
// CSV format: DELIMITER (comma), QUOTE ("), ESCAPE (= QUOTE), NULL as an unquoted empty
// field, optional HEADER line.
#include <algorithm>
#include <deque>

#include "common/sql_error.h"
#include "engine/session_state.h"
#include "exec/evaluator.h"
#include "exec/operator.h"
#include "types/value_io.h"

namespace firn {
namespace {

struct CopyOptions {
  bool csv = false;
  bool header = false;
  char delimiter = '\t';
  char quote = '"';
  char escape = '"';
  std::string null_text = "\\N";
};

bool ParseBoolOption(const ast::Option& o) {
  std::string v = o.value;
  std::transform(v.begin(), v.end(), v.begin(), ::tolower);
  if (v.empty() || v == "true" || v == "on" || v == "1") return true;
  if (v == "false" || v == "off" || v == "0") return false;
  throw SqlError(sqlstate::kSyntaxError, o.name + " requires a Boolean value");
}

CopyOptions ParseOptions(const std::vector<ast::Option>& options) {
  CopyOptions out;
  bool delimiter_set = false, null_set = false, quote_set = false, escape_set = false;
  for (const ast::Option& o : options) {
    std::string name = o.name;
    if (name == "format") {
      std::string v = o.value;
      std::transform(v.begin(), v.end(), v.begin(), ::tolower);
      if (v == "csv") {
        out.csv = true;
      } else if (v == "binary") {
        throw SqlError(sqlstate::kFeatureNotSupported, "COPY BINARY is not supported yet");
      } else if (v != "text") {
        throw SqlError(sqlstate::kInvalidParameterValue,
                       "COPY format \"" + o.value + "\" not recognized");
      }
    } else if (name == "header") {
      out.header = ParseBoolOption(o);
    } else if (name == "delimiter") {
      if (o.value.size() != 1) {
        throw SqlError(sqlstate::kFeatureNotSupported,
                       "COPY delimiter must be a single one-byte character");
      }
      out.delimiter = o.value[0];
      delimiter_set = true;
    } else if (name == "null") {
      out.null_text = o.value;
      null_set = true;
    } else if (name == "quote") {
      if (o.value.size() != 1) {
        throw SqlError(sqlstate::kFeatureNotSupported,
                       "COPY quote must be a single one-byte character");
      }
      out.quote = o.value[0];
      quote_set = true;
    } else if (name == "escape") {
      if (o.value.size() != 1) {
        throw SqlError(sqlstate::kFeatureNotSupported,
                       "COPY escape must be a single one-byte character");
      }
      out.escape = o.value[0];
      escape_set = true;
    } else if (name == "encoding") {
      // UTF8 only; accepted.
    } else {
      throw SqlError(sqlstate::kFeatureNotSupported,
                     "COPY option \"" + name + "\" is not supported");
    }
  }
  if (out.csv) {
    if (!delimiter_set) out.delimiter = ',';
    if (!null_set) out.null_text = "";
    if (!escape_set) out.escape = out.quote;
  } else {
    if (out.header) {
      throw SqlError(sqlstate::kFeatureNotSupported, "COPY HEADER available only in CSV mode");
    }
    if (quote_set || escape_set) {
      throw SqlError(sqlstate::kFeatureNotSupported, "COPY quote available only in CSV mode");
    }
  }
  return out;
}

// Splits one text-format line into fields; nullopt = NULL.
std::vector<std::optional<std::string>> SplitText(std::string_view line, const CopyOptions& o) {
  std::vector<std::optional<std::string>> fields;
  std::string cur;
  bool raw_is_null_candidate = true;
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
  (void)raw_is_null_candidate;
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

// A field's text as an error's context shows it: up to 100 bytes (whole characters), then
// "...", as PostgreSQL limits it.
std::string PrintoutOf(std::string_view text) {
  constexpr size_t kLimit = 100;
  if (text.size() <= kLimit) return std::string(text);
  size_t cut = kLimit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

// One field of a COPY record: NULL, or its text (a view into the input or into the
// record's unescaped copies).
struct CopyField {
  bool null = false;
  std::string_view text;
};

// Parses CSV records from `data` starting at `pos`; returns false when the record is
// incomplete (needs more data) unless `final`. Unquoted fields are views into `data`;
// quoted ones are unescaped into `unquoted` (a deque: its strings never move).
// How records end; as in PostgreSQL, the first record's line end is the only one allowed.
enum class LineEnd : uint8_t { kUnknown, kLf, kCrLf, kCr };

bool NextCsvRecord(const std::string& data, size_t& pos, bool final, const CopyOptions& o,
                   std::vector<CopyField>& fields, std::deque<std::string>& unquoted,
                   LineEnd& line_end) {
  fields.clear();
  unquoted.clear();
  size_t i = pos;
  std::string* cur = nullptr;  // the quoted field being unescaped, if any
  size_t field_start = i;
  bool quoted_field = false, in_quotes = false;
  auto finish = [&](size_t field_end) {
    if (quoted_field) {
      fields.push_back({false, *cur});
    } else {
      std::string_view text(data.data() + field_start, field_end - field_start);
      fields.push_back({text == o.null_text, text});
    }
    cur = nullptr;
    quoted_field = false;
  };
  while (true) {
    if (i >= data.size()) {
      if (!final || in_quotes) {
        if (final && in_quotes) {
          throw SqlError(sqlstate::kBadCopyFileFormat, "unterminated CSV quoted field");
        }
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
        if (o.escape == o.quote && i + 1 >= data.size() && !final) return false;
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
      if (c == '\r' && i + 1 >= data.size() && !final) return false;
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
  return true;
}

void AppendEscapedText(const std::string& s, char delimiter, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (c == delimiter) out += '\\';
        out += c;
    }
  }
}

void AppendCsv(const std::string& s, const CopyOptions& o, std::string& out) {
  bool needs_quotes =
      s.empty() || s == o.null_text ||
      s.find_first_of(std::string{o.delimiter, o.quote, '\n', '\r'}) != std::string::npos ||
      s.find(o.escape) != std::string::npos;
  if (!needs_quotes) {
    out += s;
    return;
  }
  out += o.quote;
  for (char c : s) {
    if (c == o.quote || c == o.escape) out += o.escape;
    out += c;
  }
  out += o.quote;
}

}  // namespace

std::string SessionState::ExecuteCopy(const BoundStatement& b, ExecContext& ctx, ResultSink& sink) {
  const ast::CopyStmt& copy = *b.ast->copy;
  CopyOptions o = ParseOptions(copy.options);
  IoContext io = MakeIoContext();

  if (!copy.is_from) {
    auto op = BuildOperator(*b.query.plan, ctx);
    size_t ncols = b.query.plan->types.size();
    sink.BeginCopyOut(CopyFormat{false, static_cast<int>(ncols)});
    std::string buf;
    size_t rows = 0;
    if (o.header) {
      std::vector<std::string> names;
      if (b.table) {
        for (int c : b.copy_columns) names.push_back(b.table->columns[static_cast<size_t>(c)].name);
      } else {
        names = b.query.names;
      }
      for (size_t c = 0; c < names.size(); c++) {
        if (c) buf += o.delimiter;
        AppendCsv(names[c], o, buf);
      }
      buf += '\n';
      sink.WriteCopyData(buf);
      buf.clear();
    }
    while (true) {
      DataChunk chunk;
      bool more = op->Next(chunk);
      for (size_t r = 0; r < chunk.size(); r++) {
        for (size_t c = 0; c < chunk.column_count(); c++) {
          if (c) buf += o.delimiter;
          const Vector& v = chunk.column(c);
          if (v.IsNull(r)) {
            buf += o.csv ? o.null_text : o.null_text;
            continue;
          }
          std::string s = ValueToText(v.GetValue(r), io);
          if (o.csv) {
            AppendCsv(s, o, buf);
          } else {
            AppendEscapedText(s, o.delimiter, buf);
          }
        }
        buf += '\n';
        rows++;
        // One row per CopyData message, as PostgreSQL sends (psycopg 3 relies on it).
        sink.WriteCopyData(buf);
        buf.clear();
      }
      if (!more) break;
    }
    if (!buf.empty()) sink.WriteCopyData(buf);
    sink.EndCopyOut();
    return "COPY " + std::to_string(rows);
  }

  // COPY FROM STDIN.
  const TableInfo& table = *b.table;
  std::vector<Type> types;
  for (int c : b.copy_columns) types.push_back(table.columns[static_cast<size_t>(c)].type);
  sink.BeginCopyIn(CopyFormat{false, static_cast<int>(types.size())});
  std::string data;
  size_t pos = 0;
  size_t rows = 0;
  size_t line_no = 0;
  bool header_pending = o.header;
  LineEnd line_end = LineEnd::kUnknown;
  bool ended = false;  // saw "\." or CopyDone
  bool stream_done = false;
  TableWrite& write = txn_.WriteFor(b.table);
  DataChunk batch(table.ColumnTypes());

  auto flush_batch = [&]() {
    if (batch.size() == 0) return;
    for (size_t c = 0; c < table.columns.size(); c++) {
      if (!table.columns[c].not_null) continue;
      for (size_t r = 0; r < batch.size(); r++) {
        if (batch.column(c).IsNull(r)) {
          throw SqlError(sqlstate::kNotNullViolation,
                         "null value in column \"" + table.columns[c].name + "\" of relation \"" +
                             table.name + "\" violates not-null constraint");
        }
      }
    }
    for (size_t c = 0; c < batch.column_count(); c++) {
      write.inserts.column(c).AppendRange(batch.column(c), 0, batch.size());
    }
    write.inserts.set_row_count(write.inserts.size());
    write.insert_deleted.resize(write.inserts.size(), 0);
    batch = DataChunk(table.ColumnTypes());
    for (size_t c = 0; c < batch.column_count(); c++) batch.column(c).Reserve(kChunkSize);
  };

  // Per table column, the COPY field that fills it (-1: none, NULL).
  std::vector<int> field_of(table.columns.size(), -1);
  for (size_t i = 0; i < b.copy_columns.size(); i++) {
    field_of[static_cast<size_t>(b.copy_columns[i])] = static_cast<int>(i);
  }
  auto add_row = [&](const std::vector<CopyField>& fields) {
    line_no++;
    if (header_pending) {
      header_pending = false;
      return;
    }
    if (fields.size() != types.size()) {
      throw SqlError(
          sqlstate::kBadCopyFileFormat,
          fields.size() < types.size()
              ? "missing data for column \"" +
                    table.columns[static_cast<size_t>(b.copy_columns[fields.size()])].name + "\""
              : "extra data after last expected column")
          .WithContext("COPY " + table.name + ", line " + std::to_string(line_no));
    }
    // Straight into the batch's columns; a failure abandons the batch with the statement.
    size_t before = batch.size();
    for (size_t c = 0; c < table.columns.size(); c++) {
      Vector& column = batch.column(c);
      int f = field_of[c];
      if (f < 0 || fields[static_cast<size_t>(f)].null) {
        column.Resize(column.size() + 1);
        continue;
      }
      try {
        column.Append(
            ParseValueText(fields[static_cast<size_t>(f)].text, types[static_cast<size_t>(f)], io));
      } catch (SqlError& err) {
        throw SqlError(err).WithContext("COPY " + table.name + ", line " + std::to_string(line_no) +
                                        ", column " + table.columns[c].name + ": \"" +
                                        PrintoutOf(fields[static_cast<size_t>(f)].text) + "\"");
      }
    }
    batch.set_row_count(before + 1);
    rows++;
    if (batch.size() >= kChunkSize) flush_batch();
  };
  // Text-format lines are split with escapes applied; hand them over as fields too.
  auto add_text_row = [&](const std::vector<std::optional<std::string>>& split) {
    std::vector<CopyField> fields;
    fields.reserve(split.size());
    for (const std::optional<std::string>& f : split) {
      fields.push_back(f ? CopyField{false, *f} : CopyField{true, {}});
    }
    add_row(fields);
  };

  try {
    while (!ended) {
      std::string piece;
      if (!sink.ReadCopyData(&piece)) {
        stream_done = true;
        ended = true;
      } else {
        data.append(piece);
      }
      if (o.csv) {
        std::vector<CopyField> fields;
        std::deque<std::string> unquoted;
        while (pos < data.size()) {
          // "\." alone on a line ends CSV data too.
          if (data.compare(pos, 2, "\\.") == 0 &&
              (pos + 2 == data.size() || data[pos + 2] == '\n' || data[pos + 2] == '\r')) {
            ended = true;
            break;
          }
          if (!NextCsvRecord(data, pos, stream_done, o, fields, unquoted, line_end)) break;
          add_row(fields);
        }
      } else {
        while (true) {
          size_t nl = data.find('\n', pos);
          if (nl == std::string::npos) {
            if (stream_done && pos < data.size())
              nl = data.size();
            else
              break;
          }
          std::string_view line(data.data() + pos, nl - pos);
          if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
          pos = std::min(nl + 1, data.size());
          if (line == "\\.") {
            ended = true;
            break;
          }
          add_text_row(SplitText(line, o));
        }
      }
      if (pos > 1 << 20) {
        data.erase(0, pos);
        pos = 0;
      }
      ctx.CheckCancel();
    }
    flush_batch();
    // Consume whatever follows "\." until CopyDone.
    std::string rest;
    while (!stream_done && sink.ReadCopyData(&rest)) {
    }
  } catch (SqlError& err) {
    // Drain the client's remaining data so the connection stays in sync — unless the
    // client itself ended the stream with CopyFail (57014).
    if (!stream_done && err.sqlstate() != sqlstate::kQueryCanceled) {
      try {
        std::string rest;
        while (sink.ReadCopyData(&rest)) {
        }
      } catch (SqlError&) {
      }
    }
    throw;
  }
  return "COPY " + std::to_string(rows);
}

}  // namespace firn
