// ParseSql: runs libpg_query (PostgreSQL 15's grammar, JSON output), splits the result into
// statements and hands each one to the Transformer. Also the Transformer's shared plumbing:
// NodeReader, error helpers and the statement dispatch.
//
// libpg_query's JSON writer recurses once per tree level without a depth check, so long inputs
// are parsed (and transformed) on a helper thread whose stack grows with the input size;
// short inputs cannot nest deeply enough to matter and stay on the caller's thread.
// Thread-safety: ParseSql is reentrant (libpg_query keeps its memory context per thread).
#include "sql/parser/parser.h"

#include <pg_query.h>
#include <pthread.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <string>

#include "common/sql_error.h"
#include "sql/parser/transform.h"

namespace firn {
namespace {

using pgtransform::Json;

// Inputs up to this many bytes are parsed and transformed on the calling thread: they
// cannot nest more than ~512 levels, a few hundred KB of stack at worst. Longer inputs run on
// a helper thread with kStackPerByte of stack per input byte (libpg_query's recursion) and
// at least kMinHelperStack (the transform's, bounded by Transformer::kMaxDepth).
constexpr size_t kCallerThreadLimit = 1024;
constexpr size_t kStackPerByte = 192;
constexpr size_t kMinHelperStack = size_t{32} << 20;
constexpr size_t kMaxHelperStack = size_t{4} << 30;

// Owns one libpg_query result and frees it on every path.
class ParseResult {
 public:
  explicit ParseResult(PgQueryParseResult result) : result_(result) {}
  ~ParseResult() { pg_query_free_parse_result(result_); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
  const PgQueryParseResult& get() const { return result_; }

 private:
  PgQueryParseResult result_;
};

std::vector<ast::StatementPtr> ParseOnThisThread(const std::string& query);

struct ParseJob {
  const std::string* query;
  std::vector<ast::StatementPtr> statements;
  std::exception_ptr error;
};

void* RunParseJob(void* arg) {
  auto* job = static_cast<ParseJob*>(arg);
  try {
    job->statements = ParseOnThisThread(*job->query);
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}

std::vector<ast::StatementPtr> ParseOnHelperThread(const std::string& query) {
  size_t stack = std::clamp(query.size() * kStackPerByte, kMinHelperStack, kMaxHelperStack);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack);
  ParseJob job{&query, {}, nullptr};
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, RunParseJob, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0) throw SqlError(sqlstate::kStatementTooComplex, "statement is too large to parse");
  pthread_join(thread, nullptr);
  if (job.error) std::rethrow_exception(job.error);
  return std::move(job.statements);
}

// PostgreSQL rejects query strings that are not valid UTF-8 before parsing them.
void CheckUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80                   ? 1
                 : (c >= 0xC2 && c <= 0xDF) ? 2
                 : (c >= 0xE0 && c <= 0xEF) ? 3
                 : (c >= 0xF0 && c <= 0xF4) ? 4
                                            : 0;
    bool ok = c != 0 && len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (ok && len >= 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xE0) ok = c1 >= 0xA0;  // overlong
      if (c == 0xED) ok = c1 < 0xA0;   // surrogates
      if (c == 0xF0) ok = c1 >= 0x90;  // overlong
      if (c == 0xF4) ok = c1 < 0x90;   // beyond U+10FFFF
    }
    if (!ok) {
      std::string bytes;
      size_t shown = std::min(std::max<size_t>(len, 1), s.size() - i);
      for (size_t k = 0; k < shown; ++k) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%s0x%02x", k ? " " : "",
                      static_cast<unsigned char>(s[i + k]));
        bytes += buf;
      }
      throw SqlError(sqlstate::kCharacterNotInRepertoire,
                     "invalid byte sequence for encoding \"UTF8\": " + bytes);
    }
    i += len;
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// "CREATE VIEW", "VACUUM", ...: the command as written, for "X is not supported".
std::string CommandName(std::string_view text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size() && words.size() < 4) {
    while (i < text.size() && !std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string word;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++])));
    }
    if (!word.empty()) words.push_back(word);
  }
  if (words.empty()) return "statement";
  std::string name = words[0];
  if (name == "CREATE" || name == "ALTER" || name == "DROP") {
    for (size_t w = 1; w < words.size(); ++w) {
      const std::string& next = words[w];
      if (next == "OR" || next == "REPLACE" || next == "UNIQUE" || next == "TEMP" ||
          next == "TEMPORARY" || next == "UNLOGGED" || next == "MATERIALIZED") {
        if (next == "UNIQUE" || next == "MATERIALIZED") name += " " + next;
        continue;
      }
      name += " " + next;
      break;
    }
  }
  return name;
}

std::vector<ast::StatementPtr> ParseOnThisThread(const std::string& query) {
  ParseResult result(pg_query_parse(query.c_str()));
  if (const PgQueryError* error = result.get().error) {
    throw SqlError(sqlstate::kSyntaxError, error->message ? error->message : "syntax error")
        .WithPosition(std::max(error->cursorpos, 0));
  }
  Json tree;
  try {
    tree = Json::parse(result.get().parse_tree);
  } catch (const Json::exception& e) {
    throw SqlError(sqlstate::kInternalError,
                   std::string("could not read libpg_query's parse tree: ") + e.what());
  }
  std::vector<ast::StatementPtr> statements;
  pgtransform::Transformer transformer(query);
  try {
    // Never copy parse-tree JSON: copying recurses once per level of the tree.
    auto stmts = tree.find("stmts");
    if (stmts == tree.end() || !stmts->is_array()) return statements;
    for (const Json& entry : *stmts) {
      int location = entry.value("stmt_location", 0);
      int length = entry.value("stmt_len", 0);
      location = std::clamp(location, 0, static_cast<int>(query.size()));
      size_t end = length > 0 ? std::min(query.size(), static_cast<size_t>(location + length))
                              : query.size();
      size_t begin = static_cast<size_t>(location);
      while (begin < end && IsSpace(query[begin])) ++begin;
      while (end > begin && IsSpace(query[end - 1])) --end;
      ast::StatementPtr stmt =
          transformer.TransformStatement(entry.at("stmt"), static_cast<int>(begin));
      stmt->text = query.substr(begin, end - begin);
      stmt->location = static_cast<int>(begin);
      // EXPLAIN's statement shares the EXPLAIN's text (its own offset is not in the tree).
      for (ast::Statement* s = stmt.get(); s->kind == ast::StatementKind::kExplain;) {
        s = s->explain->statement.get();
        s->text = stmt->text;
        s->location = stmt->location;
      }
      statements.push_back(std::move(stmt));
    }
  } catch (const Json::exception& e) {
    throw SqlError(sqlstate::kInternalError,
                   std::string("unexpected libpg_query parse tree: ") + e.what());
  }
  return statements;
}

}  // namespace

std::vector<ast::StatementPtr> ParseSql(std::string_view sql) {
  CheckUtf8(sql);
  std::string query(sql);
  if (query.size() <= kCallerThreadLimit) return ParseOnThisThread(query);
  return ParseOnHelperThread(query);
}

namespace pgtransform {

std::string_view NodeName(const Json& node) {
  if (!node.is_object() || node.size() != 1) return {};
  return node.begin().key();
}

const Json& NodeBody(const Json& node) {
  static const Json kEmpty = Json::object();  // immutable after construction
  if (!node.is_object() || node.size() != 1 || !node.begin()->is_object()) return kEmpty;
  return *node.begin();
}

const Json& ListItems(const Json& node) {
  static const Json kEmptyList = Json::array();  // immutable after construction
  if (NodeName(node) != "List") return kEmptyList;
  const Json& body = NodeBody(node);
  auto it = body.find("items");
  return it != body.end() && it->is_array() ? *it : kEmptyList;
}

const Json* NodeReader::Get(std::string_view key) {
  if (!body_.is_object()) return nullptr;
  auto it = body_.find(key);
  if (it == body_.end()) return nullptr;
  used_.push_back(key);
  return &*it;
}

bool NodeReader::Has(std::string_view key) const {
  return body_.is_object() && body_.contains(key);
}

std::string NodeReader::String(std::string_view key) {
  const Json* v = Get(key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

int64_t NodeReader::Int(std::string_view key, int64_t absent) {
  const Json* v = Get(key);
  return v && v->is_number_integer() ? v->get<int64_t>() : absent;
}

bool NodeReader::Bool(std::string_view key) {
  const Json* v = Get(key);
  return v && v->is_boolean() && v->get<bool>();
}

const Json& NodeReader::List(std::string_view key) {
  static const Json kEmptyList = Json::array();  // immutable after construction
  const Json* v = Get(key);
  return v && v->is_array() ? *v : kEmptyList;
}

void NodeReader::Ignore(std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) used_.push_back(key);
}

std::string_view NodeReader::Leftover() const {
  if (!body_.is_object()) return {};
  for (auto it = body_.begin(); it != body_.end(); ++it) {
    std::string_view key = it.key();
    if (key == "location") continue;
    if (std::find(used_.begin(), used_.end(), key) == used_.end()) return key;
  }
  return {};
}

int Transformer::Position(int location) const {
  if (location < 0 || static_cast<size_t>(location) > query_.size()) return 0;
  int chars = 0;
  for (int i = 0; i < location; ++i) {
    if ((static_cast<unsigned char>(query_[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars + 1;
}

void Transformer::Error(const char* sqlstate, const std::string& message, int location) const {
  throw SqlError(sqlstate, message).WithPosition(Position(location));
}

void Transformer::Unsupported(const std::string& what, int location) const {
  // "CHECK constraints are ...", "SIMILAR TO is ...": a lower-case plural noun takes "are".
  size_t last = what.find_last_of(' ');
  std::string_view word = std::string_view(what).substr(last == std::string::npos ? 0 : last + 1);
  bool plural = word.size() > 2 && word.back() == 's' && word[word.size() - 2] != 's' &&
                std::islower(static_cast<unsigned char>(word[0]));
  Error(sqlstate::kFeatureNotSupported, what + (plural ? " are" : " is") + " not supported",
        location);
}

void Transformer::Finish(const NodeReader& reader, int location) const {
  std::string_view key = reader.Leftover();
  if (!key.empty()) {
    Unsupported(std::string(reader.node_name()) + " field \"" + std::string(key) + "\"", location);
  }
}

Transformer::DepthGuard::DepthGuard(Transformer* t) : t_(t) {
  if (++t_->depth_ > kMaxDepth) {
    --t_->depth_;
    throw SqlError(sqlstate::kStatementTooComplex, "stack depth limit exceeded")
        .WithHint("Simplify the statement: it nests more than " + std::to_string(kMaxDepth) +
                  " levels deep.");
  }
}

ast::StatementPtr Transformer::TransformStatement(const Json& node, int stmt_location) {
  std::string_view name = NodeName(node);
  const Json& body = NodeBody(node);
  if (name == "SelectStmt") {
    auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kSelect);
    stmt->select = TransformSelectBody(body);
    return stmt;
  }
  if (name == "InsertStmt") return TransformInsert(body);
  if (name == "DeleteStmt") return TransformDelete(body);
  if (name == "UpdateStmt") return TransformUpdate(body);
  if (name == "CreateStmt") return TransformCreateTable(body);
  if (name == "CreateTableAsStmt") return TransformCreateTableAs(body);
  if (name == "DropStmt") return TransformDrop(body);
  if (name == "DropRoleStmt") return TransformDropRole(body);
  if (name == "CreateSchemaStmt") return TransformCreateSchema(body);
  if (name == "CreateRoleStmt") return TransformCreateRole(body);
  if (name == "AlterRoleStmt") return TransformAlterRole(body);
  if (name == "AlterTableStmt") return TransformAlterTable(body);
  if (name == "RenameStmt") return TransformRename(body);
  if (name == "CopyStmt") return TransformCopy(body);
  if (name == "TruncateStmt") return TransformTruncate(body);
  if (name == "IndexStmt") return TransformIndex(body);
  if (name == "ViewStmt") return TransformView(body);
  if (name == "TransactionStmt") return TransformTransaction(body);
  if (name == "VariableSetStmt") return TransformVariableSet(body);
  if (name == "VariableShowStmt") return TransformVariableShow(body);
  if (name == "ExplainStmt") return TransformExplain(body);
  if (name == "CheckPointStmt") return TransformCheckpoint(body);
  if (name == "CommentStmt") return TransformComment(body);
  if (name == "CallStmt") return TransformCall(body);
  if (name == "DiscardStmt") return TransformDiscard(body);
  if (name == "DeallocateStmt") return TransformDeallocate(body);
  if (name == "CreateSeqStmt") return TransformSequence(body, true);
  if (name == "AlterSeqStmt") return TransformSequence(body, false);
  std::string_view rest = query_.substr(std::min(query_.size(), size_t(stmt_location)));
  Unsupported(CommandName(rest), stmt_location);
}

}  // namespace pgtransform
}  // namespace firn
