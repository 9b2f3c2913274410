// COPY ... FROM STDIN and COPY ... TO STDOUT in PostgreSQL's text and CSV formats (see
// engine/copy_format.h).
//
// COPY FROM cuts its input into blocks of whole records (about 1 MiB) as it arrives and
// parses blocks on worker threads while it receives the next ones; rows join the
// transaction in input order, so the outcome, including which bad record is reported,
// is the one a single pass would give. Input smaller than one block is parsed in place.
#include <algorithm>
#include <deque>
#include <memory>
#include <thread>

#include "common/ordered_workers.h"
#include "common/sql_error.h"
#include "engine/copy_format.h"
#include "engine/session_state.h"
#include "exec/evaluator.h"
#include "exec/operator.h"
#include "types/value_io.h"

namespace firn {
namespace {

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

// What COPY FROM fills; read, never written, by the threads that parse blocks.
struct CopyTarget {
  const TableInfo* table;
  std::vector<Type> types;    // per COPY field
  std::vector<int> columns;   // per COPY field: the table column it fills
  std::vector<int> field_of;  // per table column: the COPY field that fills it, -1 none
  const std::vector<BoundExprPtr>* defaults;  // per table column: its DEFAULT, if left out
  CopyOptions options;
  IoContext io;
};

// A run of whole records of COPY input (the last block may end without a line end).
struct CopyBlock {
  std::string text;
  uint64_t first_line = 1;  // its first record's number in the input
  bool skip_first = false;  // the HEADER record
  LineEnd line_end = LineEnd::kUnknown;
  uint64_t records = 0;  // how many records it holds (room is made for them at once)
};

// A block ends after a whole number of chunks of rows from kCopyBlockBytes on, or wherever
// a record ends from kMaxCopyBlockBytes on (wide rows).
constexpr size_t kCopyBlockBytes = 1 << 20;
constexpr size_t kMaxCopyBlockBytes = 4 << 20;
constexpr size_t kCopyScanBytes = 64 << 10;
constexpr size_t kMaxCopyThreads = 8;

// Up to kChunkSize records split into fields, column by column: field f of record r is
// texts[f * kChunkSize + r] (NULL when nulls[...] is set).
struct SplitRecords {
  explicit SplitRecords(size_t fields) : texts(fields * kChunkSize), nulls(fields * kChunkSize) {}
  std::vector<std::string_view> texts;
  std::vector<uint8_t> nulls;
  std::deque<std::string> unescaped;  // fields that are not views of the input, as text
  size_t records = 0;
  uint64_t first_line = 0;  // the first record's line number
};

// Throws 23502 if column `c` of `chunk` holds a NULL and the table's column is NOT NULL.

// `split`'s records as a chunk of all the table's columns (those COPY does not fill are
// NULL), each column parsed in one pass. Throws SqlError, with PostgreSQL's CONTEXT, for
// the first bad field in record order (and, within a record, in column order).
DataChunk ParseRecords(const SplitRecords& split, const CopyTarget& t) {
  const TableInfo& table = *t.table;
  DataChunk out(table.ColumnTypes());
  size_t rows = split.records;  // the records before the first bad field found so far
  std::optional<SqlError> bad;
  for (size_t c = 0; c < table.columns.size(); c++) {
    Vector& column = out.column(c);
    column.Resize(split.records);
    int f = t.field_of[c];
    if (f < 0) continue;
    const size_t at = static_cast<size_t>(f) * kChunkSize;
    size_t bad_row = 0;
    try {
      ParseTextColumn(&split.texts[at], &split.nulls[at], rows, t.types[static_cast<size_t>(f)],
                      t.io, &column, &bad_row);
    } catch (SqlError& err) {
      // Below the value's own context (a JSON parser's "JSON data, line 1: ..."), as
      // PostgreSQL stacks them.
      std::string inner = err.context().empty() ? "" : err.context() + "\n";
      bad = SqlError(err).WithContext(inner + "COPY " + table.name + ", line " +
                                      std::to_string(split.first_line + bad_row) + ", column " +
                                      table.columns[c].name + ": \"" +
                                      PrintoutOf(split.texts[at + bad_row]) + "\"");
      rows = bad_row;  // later columns matter only before it
    }
  }
  if (bad) throw *bad;
  out.set_row_count(split.records);
  for (size_t c = 0; c < table.columns.size(); c++) {
    // A column left out that has a DEFAULT is filled (and checked) once parsed.
    if (!(*t.defaults)[c] && !table.columns[c].generated) CheckNotNull(table, c, out);
  }
  return out;
}

// Fills the columns a COPY leaves out with their DEFAULTs, row by row (so a volatile one,
// random(), differs between rows, as in PostgreSQL). Runs on the session's thread: the
// expressions evaluate in its ExecContext.
void FillDefaults(const CopyTarget& t, ExecContext& ctx, DataChunk& chunk) {
  const TableInfo& table = *t.table;
  DataChunk rows{std::vector<Type>{}};
  rows.set_row_count(chunk.size());
  for (size_t c = 0; c < table.columns.size(); c++) {
    const BoundExprPtr& expr = (*t.defaults)[c];
    if (!expr) continue;
    chunk.column(c) = Evaluate(*expr, rows, ctx);
    CheckNotNull(table, c, chunk);
  }
}

// The block's records as chunks of kChunkSize rows (the last may have fewer): the table's
// segments to be. Throws SqlError, with PostgreSQL's CONTEXT, for the first bad record.
std::vector<DataChunk> ParseCopyBlock(const CopyBlock& block, const CopyTarget& t) {
  const TableInfo& table = *t.table;
  const size_t width = t.types.size();
  std::vector<DataChunk> chunks;
  SplitRecords split(width);
  std::vector<CopyField> fields;  // one record's
  uint64_t line_no = block.first_line - 1;
  bool skip = block.skip_first;
  const std::string& text = block.text;
  LineEnd line_end = block.line_end;
  size_t pos = 0;
  // The next record's fields into `fields`; escaped text goes to split.unescaped.
  auto next_record = [&] {
    if (t.options.csv) {
      NextCsvRecord(text, pos, /*final=*/true, t.options, fields, split.unescaped, line_end);
      return;
    }
    size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view line(text.data() + pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = std::min(nl + 1, text.size());
    fields.clear();
    for (std::optional<std::string>& f : SplitText(line, t.options)) {
      fields.push_back(f ? CopyField{false, split.unescaped.emplace_back(std::move(*f))}
                         : CopyField{true, {}});
    }
  };
  while (pos < text.size()) {
    split.records = 0;
    split.unescaped.clear();
    // A record that cannot be split, or has the wrong number of fields, fails the COPY
    // unless a field of an earlier record is bad (ParseRecords throws that first).
    std::optional<SqlError> bad_record;
    while (split.records < kChunkSize && pos < text.size()) {
      try {
        next_record();
      } catch (SqlError& err) {
        bad_record = err;
        break;
      }
      line_no++;
      if (skip) {
        skip = false;
        continue;
      }
      if (fields.size() != width) {
        bad_record =
            SqlError(sqlstate::kBadCopyFileFormat,
                     fields.size() < width
                         ? "missing data for column \"" +
                               table.columns[static_cast<size_t>(t.columns[fields.size()])].name +
                               "\""
                         : "extra data after last expected column")
                .WithContext("COPY " + table.name + ", line " + std::to_string(line_no));
        break;
      }
      if (split.records == 0) split.first_line = line_no;
      for (size_t f = 0; f < width; f++) {
        split.texts[f * kChunkSize + split.records] = fields[f].text;
        split.nulls[f * kChunkSize + split.records] = fields[f].null ? 1 : 0;
      }
      split.records++;
    }
    if (split.records > 0) chunks.push_back(ParseRecords(split, t));
    if (bad_record) throw *bad_record;
  }
  return chunks;
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
  CopyTarget target{.table = &table,
                    .types = {},
                    .columns = b.copy_columns,
                    .field_of = std::vector<int>(table.columns.size(), -1),
                    .defaults = &b.copy_defaults,
                    .options = o,
                    .io = io};
  const bool any_default = std::any_of(b.copy_defaults.begin(), b.copy_defaults.end(),
                                       [](const BoundExprPtr& e) { return e != nullptr; });
  for (size_t i = 0; i < b.copy_columns.size(); i++) {
    size_t column = static_cast<size_t>(b.copy_columns[i]);
    target.types.push_back(table.columns[column].type);
    target.field_of[column] = static_cast<int>(i);
  }
  sink.BeginCopyIn(CopyFormat{false, static_cast<int>(target.types.size())});
  TableWrite& write = txn_.WriteFor(b.table);
  size_t rows = 0;
  // Parsed chunks join the transaction's inserts as they are, in input order (a failed
  // COPY fails its transaction, so rows before a bad record are never committed).
  auto append = [&](std::vector<DataChunk> chunks) {
    for (DataChunk& chunk : chunks) {
      if (any_default) FillDefaults(target, ctx, chunk);
      if (!b.generated.empty()) {
        FillGenerated(b.generated, chunk, ctx);
        for (const BoundGenerated& g : b.generated) {
          CheckNotNull(table, static_cast<size_t>(g.column), chunk);
        }
      }
      EnforceChecks(table, b.checks, chunk, ctx);
      rows += chunk.size();
      write.inserts.AppendChunk(std::move(chunk));
    }
    write.insert_deleted.resize(write.inserts.size(), 0);
  };

  CopyRecordScanner scanner(o);
  // Blocks of whole chunks of rows, so that every chunk but the last one is full.
  scanner.AlignTo(kChunkSize, o.header ? 1 : 0);
  std::string data;    // input not yet handed out in a block
  size_t scanned = 0;  // how much of `data` the scanner has been shown
  uint64_t records_handed_out = 0;
  bool stream_done = false;
  // Started once the input outgrows one block; declared after `target`, which its jobs
  // read, so it stops first.
  std::unique_ptr<OrderedWorkers<std::vector<DataChunk>>> workers;
  const size_t threads =
      std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kMaxCopyThreads);
  // Cuts data[0, end) off as the next block (`records` records since the start end at
  // `end`, a last one perhaps unterminated) and parses it, or has it parsed.
  auto hand_out = [&](size_t end, uint64_t records, bool last) {
    if (end == 0) return;
    CopyBlock block;
    block.first_line = records_handed_out + 1;
    block.skip_first = o.header && records_handed_out == 0;
    block.line_end = scanner.line_end();
    block.records = records - records_handed_out + (last ? 1 : 0);
    std::string tail;
    // Room for a block and a chunk of narrow rows past it: no regrowing on the way there.
    tail.reserve(kCopyBlockBytes + kCopyBlockBytes / 4 + kCopyScanBytes);
    tail.append(data, end);
    data.resize(end);
    block.text = std::move(data);
    data = std::move(tail);
    scanner.Drop(end);
    scanned = data.size();
    records_handed_out = records;
    if (!workers && last) {
      append(ParseCopyBlock(block, target));
      return;
    }
    if (!workers) workers = std::make_unique<OrderedWorkers<std::vector<DataChunk>>>(threads);
    workers->Submit([&target, block = std::move(block)] { return ParseCopyBlock(block, target); });
  };

  try {
    while (!stream_done && !scanner.ended()) {
      // Clients send a CopyData per line (psql does): look at the input in larger steps.
      stream_done = !sink.ReadCopyData(&data);
      if (!stream_done && data.size() - scanned < kCopyScanBytes) continue;
      scanned = data.size();
      scanner.Scan(data, stream_done);
      if (stream_done || scanner.ended()) {
        hand_out(scanner.ended() ? scanner.record_end() : data.size(), scanner.records(), true);
      } else if (scanner.aligned_end() >= kCopyBlockBytes) {
        hand_out(scanner.aligned_end(), scanner.aligned_records(), false);
      } else if (scanner.record_end() >= kMaxCopyBlockBytes) {
        hand_out(scanner.record_end(), scanner.records(), false);
      }
      // Take finished blocks as they come; wait when enough are queued.
      while (workers && workers->in_flight() > 0 &&
             (workers->NextReady() || workers->in_flight() > 2 * threads)) {
        append(workers->Take());
      }
      ctx.CheckCancel();
    }
    while (workers && workers->in_flight() > 0) append(workers->Take());
    // Consume whatever follows "\." until CopyDone.
    std::string rest;
    while (!stream_done && sink.ReadCopyData(&rest)) rest.clear();
  } catch (SqlError& err) {
    // Drain the client's remaining data so the connection stays in sync — unless the
    // client itself ended the stream with CopyFail (57014).
    if (!stream_done && err.sqlstate() != sqlstate::kQueryCanceled) {
      try {
        std::string rest;
        while (sink.ReadCopyData(&rest)) rest.clear();
      } catch (SqlError&) {
      }
    }
    throw;
  }
  CheckUniqueKeys(b.table);
  return "COPY " + std::to_string(rows);
}

}  // namespace firn
