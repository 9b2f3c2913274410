// Sequence DDL for SessionState: CREATE / ALTER / DROP SEQUENCE, and the sequences of serial
// and identity columns. Definitions change with the transaction (undone by ROLLBACK);
// positions do not (ALTER SEQUENCE RESTART, like setval, stays).
#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "catalog/qualified_name.h"
#include "common/sql_error.h"
#include "engine/session_state.h"
#include "sql/binder/binder.h"
#include "sql/binder/column_default.h"
#include "sql/parser/type_name.h"

namespace firn {

namespace {

int64_t OptionInteger(const ast::SequenceOption& o) {
  const std::string& text = o.value;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    throw SqlError(sqlstate::kInvalidTextRepresentation,
                   "invalid input syntax for type bigint: \"" + text + "\"");
  }
  if (errno == ERANGE) {
    throw SqlError(sqlstate::kNumericValueOutOfRange,
                   "value \"" + text + "\" is out of range for type bigint");
  }
  return v;
}

// The default that calls the sequence: nextval('name'::regclass), as PostgreSQL shows it.
std::string NextvalText(const SequenceInfo& s) {
  std::string name =
      s.schema == "public" ? QuoteIdent(s.name) : QuoteIdent(s.schema) + "." + QuoteIdent(s.name);
  std::string literal;
  for (char c : name) literal += c == '\'' ? std::string("''") : std::string(1, c);
  return "nextval('" + literal + "'::regclass)";
}

// Whether a bound DEFAULT calls `sequence`: names it by a regclass literal (an OID constant,
// as serial columns' defaults do) or as text in nextval / currval / setval.
bool CallsSequence(const BoundExpr& e, const SequenceInfo& sequence) {
  if (e.kind == BoundExprKind::kConstant && e.type.id == TypeId::kOid && !e.value.is_null() &&
      e.value.GetInt64() == sequence.oid) {
    return true;
  }
  if (e.kind == BoundExprKind::kFunction && e.function.fn != nullptr && !e.children.empty()) {
    const std::string& fn = e.function.fn->name;
    const BoundExpr* arg = e.children[0].get();
    while (arg->kind == BoundExprKind::kCast && !arg->children.empty()) {
      arg = arg->children[0].get();
    }
    const TypeId literal = arg->value.type().id;
    if ((fn == "nextval" || fn == "currval" || fn == "setval") &&
        arg->kind == BoundExprKind::kConstant && !arg->value.is_null() &&
        (IsStringType(literal) || literal == TypeId::kUnknown)) {
      std::vector<std::string> parts = SplitQualifiedName(arg->value.GetString());
      std::string schema = parts.size() == 2 ? parts[0] : "public";
      if (!parts.empty() && parts.back() == sequence.name && schema == sequence.schema) {
        return true;
      }
    }
  }
  for (const BoundExprPtr& child : e.children) {
    if (child && CallsSequence(*child, sequence)) return true;
  }
  return e.else_expr && CallsSequence(*e.else_expr, sequence);
}

// serial, bigserial, smallserial (and serial4/8/2): the integer type, or nullopt.
std::optional<TypeId> SerialType(const ast::TypeName& type) {
  if (type.names.size() != 1) return std::nullopt;
  const std::string& n = type.names[0];
  if (n == "serial" || n == "serial4") return TypeId::kInt4;
  if (n == "bigserial" || n == "serial8") return TypeId::kInt8;
  if (n == "smallserial" || n == "serial2") return TypeId::kInt2;
  return std::nullopt;
}

}  // namespace

SequenceChanges SessionState::ReadSequenceOptions(const std::vector<ast::SequenceOption>& options,
                                                  std::optional<SequenceOwner>* owner) {
  SequenceChanges c;
  for (const ast::SequenceOption& o : options) {
    const std::string& n = o.name;
    if (n == "as") {
      c.type = ResolveTypeName(o.type).id;
    } else if (n == "increment") {
      c.increment = OptionInteger(o);
    } else if (n == "start") {
      c.start = OptionInteger(o);
    } else if (n == "cache") {
      c.cache = OptionInteger(o);
    } else if (n == "minvalue") {
      c.min = o.has_value ? std::optional<int64_t>(OptionInteger(o)) : std::nullopt;
    } else if (n == "maxvalue") {
      c.max = o.has_value ? std::optional<int64_t>(OptionInteger(o)) : std::nullopt;
    } else if (n == "restart") {
      c.restart = o.has_value ? std::optional<int64_t>(OptionInteger(o)) : std::nullopt;
    } else if (n == "cycle") {
      c.cycle = o.value == "true";
    } else if (n == "owned_by" && owner != nullptr) {
      if (o.names.size() == 1 && o.names[0] == "none") {
        *owner = SequenceOwner{};
        continue;
      }
      if (o.names.size() < 2 || o.names.size() > 3) {
        throw SqlError(sqlstate::kSyntaxError, "invalid OWNED BY option")
            .WithHint("Specify OWNED BY table.column or OWNED BY NONE.");
      }
      const std::string& column = o.names.back();
      std::string schema = o.names.size() == 3 ? o.names[0] : "";
      const std::string& table_name = o.names[o.names.size() - 2];
      BinderContext bctx = MakeBinderContext(db_, startup_.user);
      Binder binder(bctx);
      auto table = binder.ResolveTable(schema, table_name, -1);
      int index = table->FindColumn(column);
      if (index < 0) {
        throw SqlError(sqlstate::kUndefinedColumn, "column \"" + column + "\" of relation \"" +
                                                       table->name + "\" does not exist");
      }
      *owner = SequenceOwner{table, index};
    } else {
      throw SqlError(sqlstate::kSyntaxError, "option \"" + n + "\" not recognized");
    }
  }
  return c;
}

void SessionState::CheckOwner(const SequenceInfo& sequence, const SequenceOwner& owner) {
  if (!owner.table) return;
  if (owner.table->system_rows) {
    throw SqlError(sqlstate::kWrongObjectType,
                   "sequence cannot be owned by relation \"" + owner.table->name + "\"");
  }
  if (owner.table->schema != sequence.schema) {
    throw SqlError(sqlstate::kObjectNotInPrerequisiteState,
                   "sequence must be in same schema as table it is linked to");
  }
}

std::string SessionState::ExecuteSequence(const ast::SequenceStmt& s, bool create,
                                          ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  const std::string schema = s.name.schema.empty() ? "public" : s.name.schema;
  std::optional<SequenceOwner> owner;
  SequenceChanges changes = ReadSequenceOptions(s.options, &owner);
  if (create) {
    SequenceInfo info;
    info.schema = schema;
    info.name = s.name.name;
    ApplySequenceChanges(changes, &info.options, nullptr);
    if (owner) {
      CheckOwner(info, *owner);
      info.owner_table = owner->table ? owner->table->oid : 0;
      info.owner_column = owner->table ? owner->column : -1;
    }
    auto made = catalog.CreateSequence(std::move(info), s.if_not_exists);
    if (!made) {
      sink.OnNotice(Notice{"NOTICE", sqlstate::kDuplicateTable,
                           "relation \"" + s.name.name + "\" already exists, skipping", "", ""});
      return "CREATE SEQUENCE";
    }
    txn_.AddUndo([&catalog, made] { catalog.DropSequence(made->schema, made->name, true); });
    return "CREATE SEQUENCE";
  }
  auto sequence = catalog.GetSequence(schema, s.name.name);
  if (!sequence) {
    if (catalog.GetTable(schema, s.name.name) || catalog.GetView(schema, s.name.name)) {
      throw SqlError(sqlstate::kWrongObjectType, "\"" + s.name.name + "\" is not a sequence");
    }
    if (s.if_exists) {
      sink.OnNotice(Notice{"NOTICE", "00000",
                           "relation \"" + s.name.name + "\" does not exist, skipping", "", ""});
      return "ALTER SEQUENCE";
    }
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + s.name.name + "\" does not exist");
  }
  auto changed = std::make_shared<SequenceInfo>(*sequence);
  SequencePosition position = sequence->state->Current();
  ApplySequenceChanges(changes, &changed->options, &position);
  if (owner) {
    CheckOwner(*changed, *owner);
    changed->owner_table = owner->table ? owner->table->oid : 0;
    changed->owner_column = owner->table ? owner->column : -1;
  }
  // The position restarts, or stays and is logged again: a durable position a few values
  // ahead may lie outside new bounds.
  if (changes.restart) {
    changed->state->Set(position);
  } else {
    changed->state->Relog();
  }
  catalog.NoteSequenceLogged();
  if (!catalog.ReplaceSequence(changed)) {
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + s.name.name + "\" does not exist");
  }
  txn_.AddUndo([&catalog, sequence] { catalog.ReplaceSequence(sequence); });
  return "ALTER SEQUENCE";
}

std::string SessionState::ExecuteDropSequences(const ast::DropStmt& s, ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  for (const ast::QualifiedName& n : s.names) {
    std::string schema = n.schema.empty() ? "public" : n.schema;
    auto sequence = catalog.GetSequence(schema, n.name);
    if (!sequence) {
      if (catalog.GetTable(schema, n.name)) {
        throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not a sequence")
            .WithHint("Use DROP TABLE to remove a table.");
      }
      if (s.if_exists) {
        sink.OnNotice(Notice{"NOTICE", "00000",
                             "sequence \"" + n.name + "\" does not exist, skipping", "", ""});
        continue;
      }
      throw SqlError(sqlstate::kUndefinedTable, "sequence \"" + n.name + "\" does not exist");
    }
    DetachDependents(*sequence, s.cascade, sink);
    catalog.DropSequence(schema, n.name, true);
    txn_.AddUndo([&catalog, sequence] { catalog.RestoreSequence(sequence); });
  }
  return "DROP SEQUENCE";
}

void SessionState::DetachDependents(const SequenceInfo& sequence, bool cascade, ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  for (const auto& table : catalog.ListTables()) {
    for (size_t c = 0; c < table->columns.size(); c++) {
      const ColumnInfo& column = table->columns[c];
      if (column.default_expr.empty()) continue;
      const std::string what = "column " + column.name + " of table " + table->name;
      if (column.identity != '\0') {
        if (sequence.owner_table != table->oid || sequence.owner_column != static_cast<int>(c)) {
          continue;
        }
        throw SqlError(
            sqlstate::kDependentObjectsStillExist,
            "cannot drop sequence " + sequence.name + " because " + what + " requires it")
            .WithHint("You can drop " + what + " instead.");
      }
      BoundExprPtr bound;
      try {
        bound = BindColumnDefault(binder, column);
      } catch (const SqlError&) {
        continue;  // a default naming something already gone cannot use this sequence
      }
      if (!CallsSequence(*bound, sequence)) continue;
      if (!cascade) {
        throw SqlError(
            sqlstate::kDependentObjectsStillExist,
            "cannot drop sequence " + sequence.name + " because other objects depend on it")
            .WithDetail("default value for " + what + " depends on sequence " + sequence.name)
            .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
      }
      sink.OnNotice(
          Notice{"NOTICE", "00000", "drop cascades to default value for " + what, "", ""});
      auto current = catalog.GetTableByOid(table->oid);  // an earlier column may have changed it
      auto changed = std::make_shared<TableInfo>(*current);
      changed->columns[c].default_expr.clear();
      changed->columns[c].default_oid = 0;
      if (catalog.ReplaceTable(changed)) {
        txn_.AddUndo([&catalog, current] { catalog.ReplaceTable(current); });
      }
    }
  }
}

void SessionState::DropOwnedSequences(const TableInfo& table) {
  Catalog& catalog = db_.catalog();
  for (const auto& sequence : catalog.SequencesOwnedBy(table.oid)) {
    catalog.DropSequence(sequence->schema, sequence->name, true);
    txn_.AddUndo([&catalog, sequence] { catalog.RestoreSequence(sequence); });
  }
}

bool SessionState::MakeColumnSequence(const ast::ColumnDef& def, const TableInfo& table,
                                      ColumnInfo& column, std::vector<uint32_t>* made) {
  std::optional<TypeId> serial = SerialType(def.type);
  if (!serial && def.identity == '\0') return false;
  const std::string where = "column \"" + def.name + "\" of table \"" + table.name + "\"";
  if (serial && def.type.array_bounds > 0) {
    throw SqlError(sqlstate::kFeatureNotSupported, "array of serial is not implemented")
        .WithPosition(def.type.location + 1);
  }
  if (def.default_value) {
    throw SqlError(sqlstate::kSyntaxError,
                   (def.identity != '\0' ? "both default and identity specified for "
                                         : "multiple default values specified for ") +
                       where);
  }
  SequenceChanges changes;
  if (serial) {
    if (def.identity != '\0') {
      throw SqlError(sqlstate::kSyntaxError, "both default and identity specified for " + where);
    }
    column.type = Type(*serial);
  } else {
    if (column.type.id != TypeId::kInt2 && column.type.id != TypeId::kInt4 &&
        column.type.id != TypeId::kInt8) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "identity column type must be smallint, integer, or bigint");
    }
    changes = ReadSequenceOptions(def.identity_options, nullptr);
    if (changes.type) {
      throw SqlError(sqlstate::kSyntaxError, "option \"as\" not recognized");
    }
  }
  changes.type = column.type.id;
  SequenceInfo info;
  info.schema = table.schema;
  Catalog& catalog = db_.catalog();
  info.name = catalog.ChooseRelationName(info.schema, table.name, def.name, "seq");
  ApplySequenceChanges(changes, &info.options, nullptr);
  auto sequence = catalog.CreateSequence(std::move(info), false);
  txn_.AddUndo(
      [&catalog, sequence] { catalog.DropSequence(sequence->schema, sequence->name, true); });
  column.not_null = true;
  column.default_expr = NextvalText(*sequence);
  column.identity = def.identity;
  made->push_back(sequence->oid);
  return true;
}

bool SessionState::IsSerialType(const ast::TypeName& type) { return SerialType(type).has_value(); }

void SessionState::OwnColumnSequences(const TableInfo& table, const std::vector<uint32_t>& made) {
  Catalog& catalog = db_.catalog();
  for (uint32_t oid : made) {
    auto sequence = catalog.GetSequenceByOid(oid);
    if (!sequence) continue;
    for (size_t c = 0; c < table.columns.size(); c++) {
      if (table.columns[c].default_expr != NextvalText(*sequence)) continue;
      auto owned = std::make_shared<SequenceInfo>(*sequence);
      owned->owner_table = table.oid;
      owned->owner_column = static_cast<int>(c);
      catalog.ReplaceSequence(owned);
    }
  }
}

}  // namespace firn
