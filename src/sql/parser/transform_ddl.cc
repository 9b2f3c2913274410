// DDL: CREATE TABLE [AS], DROP, CREATE SCHEMA, CREATE/ALTER/DROP ROLE, and the DefElem
// options shared with COPY, EXPLAIN and transaction statements.
// Thread-safety: see transform.h.
#include <algorithm>
#include <string>

#include "sql/parser/source_text.h"
#include "sql/parser/transform.h"

namespace firn::pgtransform {
namespace {

// An ALTER TABLE subcommand's syntax for errors, from its AlterTableType ("AT_AddColumn").
std::string AlterCommandName(const std::string& subtype) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"AT_AddColumn", "ADD COLUMN"},
      {"AT_DropColumn", "DROP COLUMN"},
      {"AT_AlterColumnType", "ALTER COLUMN TYPE"},
      {"AT_SetNotNull", "SET NOT NULL"},
      {"AT_DropNotNull", "DROP NOT NULL"},
      {"AT_AddConstraint", "ADD CONSTRAINT"},
      {"AT_DropConstraint", "DROP CONSTRAINT"},
      {"AT_ChangeOwner", "OWNER TO"},
      {"AT_SetRelOptions", "SET (...)"},
  };
  for (const auto& [type, name] : kNames) {
    if (subtype == type) return name;
  }
  return subtype.rfind("AT_", 0) == 0 ? subtype.substr(3) : subtype;
}

// A RoleSpec's field object: only a plain role name is accepted.
std::string RoleName(const Transformer& t, const Json& spec) {
  int loc = spec.value("location", -1);
  std::string type = spec.value("roletype", "");
  if (type != "ROLESPEC_CSTRING") {
    std::string what = type.rfind("ROLESPEC_", 0) == 0 ? type.substr(9) : type;
    t.Unsupported("role specification " + what, loc);
  }
  return spec.value("rolename", "");
}

}  // namespace

std::string Transformer::OptionValue(const Json* arg, const std::string& name, int location) const {
  if (arg == nullptr) return "true";  // a bare option name means true
  std::string_view type = NodeName(*arg);
  const Json& body = NodeBody(*arg);
  if (type == "String") return body.value("sval", "");
  if (type == "Float") return body.value("fval", "0");
  if (type == "Boolean") return body.value("boolval", false) ? "true" : "false";
  if (type == "Integer") {
    return std::to_string(body.contains("ival") ? body["ival"].get<int64_t>()
                                                : RecoverInteger(location, true));
  }
  if (type == "A_Star") return "*";
  if (type == "A_Const") {
    int loc = body.value("location", location);
    if (body.contains("sval")) return body["sval"].value("sval", "");
    if (body.contains("fval")) return body["fval"].value("fval", "0");
    if (body.contains("boolval")) return body["boolval"].value("boolval", false) ? "true" : "false";
    if (body.contains("ival")) {
      const Json& iv = body["ival"];
      return std::to_string(iv.contains("ival") ? iv["ival"].get<int64_t>()
                                                : RecoverInteger(loc, false));
    }
  }
  if (type == "TypeName") {  // WITH (x = word) parses the word as a type name
    const Json& names = body.value("names", Json::array());
    if (names.size() == 1 && !body.contains("typmods") && !body.contains("arrayBounds")) {
      return StringValue(names[0]);
    }
  }
  Unsupported("value of option \"" + name + "\"", location);
}

ast::Option Transformer::TransformOption(const Json& def_elem) {
  NodeReader r("DefElem", NodeBody(def_elem));
  ast::Option option;
  option.location = r.Location();
  option.name = r.String("defname");
  if (r.Has("defnamespace")) Unsupported("option namespace", option.location);
  std::string action = r.String("defaction");
  if (!action.empty() && action != "DEFELEM_UNSPEC") Unsupported("option action", option.location);
  option.value = OptionValue(r.Get("arg"), option.name, option.location);
  Finish(r, option.location);
  return option;
}

ast::ColumnDef Transformer::TransformColumnDef(const Json& body, const std::string& table_name) {
  NodeReader r("ColumnDef", body);
  ast::ColumnDef col;
  col.location = r.Location();
  col.name = r.String("colname");
  if (const Json* type = r.Get("typeName")) col.type = TransformTypeName(*type);
  if (r.Has("collClause")) Unsupported("COLLATE", col.location);
  if (r.Has("compression")) Unsupported("column COMPRESSION", col.location);
  if (r.Has("storage")) Unsupported("column STORAGE", col.location);
  bool saw_null = false;
  const Json& constraints = r.List("constraints");
  for (size_t i = 0; i < constraints.size(); ++i) {
    NodeReader c("Constraint", NodeBody(constraints[i]));
    int loc = c.Location();
    std::string type = c.String("contype");
    if (type == "CONSTR_NULL" || type == "CONSTR_NOTNULL") {
      bool not_null = type == "CONSTR_NOTNULL";
      if ((not_null && saw_null) || (!not_null && col.not_null)) {
        Error(sqlstate::kSyntaxError,
              "conflicting NULL/NOT NULL declarations for column \"" + col.name + "\"", loc);
      }
      (not_null ? col.not_null : saw_null) = true;
    } else if (type == "CONSTR_DEFAULT") {
      if (col.default_value) {
        Error(sqlstate::kSyntaxError,
              "multiple default values specified for column \"" + col.name + "\" of table \"" +
                  table_name + "\"",
              loc);
      }
      col.default_value = TransformOptionalExpr(c.Get("raw_expr"));
      col.default_location = loc;
      // The text runs to the next constraint of this column, if any.
      size_t limit = std::string::npos;
      if (i + 1 < constraints.size()) {
        int next = static_cast<int>(NodeBody(constraints[i + 1]).value("location", -1));
        if (next >= 0) limit = static_cast<size_t>(next);
      }
      col.default_text = DefaultExpressionText(query_, static_cast<size_t>(loc), limit);
    } else if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
      col.primary_key |= type == "CONSTR_PRIMARY";
      col.keys.push_back(TransformKeyConstraint(c, col.name));
    } else if (type == "CONSTR_IDENTITY") {
      if (col.identity != '\0') {
        Error(sqlstate::kSyntaxError,
              "multiple identity specifications for column \"" + col.name + "\" of table \"" +
                  table_name + "\"",
              loc);
      }
      std::string when = c.String("generated_when");
      col.identity = when == "a" ? 'a' : 'd';
      col.identity_options = TransformSequenceOptions(c.List("options"));
    } else if (type == "CONSTR_GENERATED") {
      if (!col.generated_text.empty()) {
        Error(sqlstate::kSyntaxError,
              "multiple generation clauses specified for column \"" + col.name + "\" of table \"" +
                  table_name + "\"",
              loc);
      }
      size_t offset = 0;
      col.generated_text =
          GeneratedExpressionText(query_, static_cast<size_t>(std::max(loc, 0)), &offset);
      col.generated_text_location = static_cast<int>(offset);
      if (col.generated_text.empty()) Unsupported("a generated column written this way", loc);
      col.generated_location = loc;
      c.Ignore({"raw_expr", "generated_when"});
    } else if (type == "CONSTR_CHECK") {
      col.checks.push_back(TransformCheckConstraint(c, col.name));
    } else if (type == "CONSTR_FOREIGN") {
      Unsupported("FOREIGN KEY constraints", loc);
    } else {
      Unsupported("constraint attribute " + type.substr(type.rfind('_') + 1), loc);
    }
    c.Ignore({"conname"});  // the names of NOT NULL and DEFAULT are not kept
    Finish(c, loc);
  }
  if (!col.generated_text.empty() && col.default_value) {
    Error(sqlstate::kSyntaxError,
          "both default and generation expression specified for column \"" + col.name +
              "\" of table \"" + table_name + "\"",
          std::max(col.default_location, col.generated_location));
  }
  if (!col.generated_text.empty() && col.identity != '\0') {
    Error(sqlstate::kSyntaxError,
          "both identity and generation expression specified for column \"" + col.name +
              "\" of table \"" + table_name + "\"",
          col.generated_location);
  }
  r.Ignore({"is_local", "inhcount", "is_from_type", "is_not_null"});
  Finish(r, col.location);
  return col;
}

ast::KeyConstraintDef Transformer::TransformKeyConstraint(NodeReader& c,
                                                          const std::string& column) {
  ast::KeyConstraintDef key;
  key.location = c.Location();
  key.primary = c.String("contype") == "CONSTR_PRIMARY";
  key.name = c.String("conname");
  key.columns = column.empty() ? StringList(c.List("keys")) : std::vector<std::string>{column};
  if (c.Has("including")) Unsupported("INCLUDE in a constraint", key.location);
  if (c.Has("options")) Unsupported("index storage parameters", key.location);
  if (c.Has("indexspace")) Unsupported("USING INDEX TABLESPACE", key.location);
  if (c.Has("indexname")) Unsupported("a constraint USING INDEX", key.location);
  if (c.Bool("deferrable")) Unsupported("DEFERRABLE constraints", key.location);
  if (c.Bool("nulls_not_distinct")) Unsupported("NULLS NOT DISTINCT", key.location);
  c.Ignore({"initdeferred", "reset_default_tblspc"});
  return key;
}

ast::CheckConstraintDef Transformer::TransformCheckConstraint(NodeReader& c,
                                                              const std::string& column) {
  ast::CheckConstraintDef check;
  check.location = c.Location();
  check.name = c.String("conname");
  check.column = column;
  check.text = CheckExpressionText(query_, static_cast<size_t>(std::max(check.location, 0)));
  if (check.text.empty()) Unsupported("a CHECK constraint written this way", check.location);
  check.validate = !c.Bool("skip_validation");
  if (c.Bool("deferrable")) Unsupported("DEFERRABLE constraints", check.location);
  // NO INHERIT means nothing without inheritance; the expression is bound from `text`.
  c.Ignore({"raw_expr", "is_no_inherit", "initially_valid", "initdeferred"});
  return check;
}

ast::StatementPtr Transformer::TransformCreateTable(const Json& body) {
  NodeReader r("CreateStmt", body);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kCreateTable);
  auto ct = std::make_unique<ast::CreateTableStmt>();
  const Json* rel = r.Get("relation");
  if (rel == nullptr) Unsupported("CREATE TABLE without a name", -1);
  ast::QualifiedName name = TransformRangeVarName(*rel, nullptr);
  int loc = name.location;
  std::string persistence = rel->value("relpersistence", "p");
  if (persistence == "u") Unsupported("UNLOGGED tables", loc);
  ct->temporary = persistence == "t";
  ct->schema = std::move(name.schema);
  ct->name = std::move(name.name);
  ct->if_not_exists = r.Bool("if_not_exists");
  for (const Json& elt : r.List("tableElts")) {
    std::string_view kind = NodeName(elt);
    if (kind == "ColumnDef") {
      ct->columns.push_back(TransformColumnDef(NodeBody(elt), ct->name));
      continue;
    }
    NodeReader c(kind, NodeBody(elt));
    int cloc = c.Location();
    if (kind == "TableLikeClause") {
      ast::TableLikeDef like;
      const Json* source = c.Get("relation");
      if (source == nullptr) Unsupported("LIKE without a table", cloc);
      like.source = TransformRangeVarName(*source, nullptr);
      like.location = like.source.location;
      like.options = static_cast<uint32_t>(c.Int("options"));
      like.position = ct->columns.size();
      c.Ignore({"relationOid"});
      Finish(c, cloc);
      ct->likes.push_back(std::move(like));
      continue;
    }
    std::string type = c.String("contype");
    if (kind == "Constraint" && type == "CONSTR_CHECK") {
      ct->checks.push_back(TransformCheckConstraint(c, ""));
      Finish(c, cloc);
      continue;
    }
    if (kind != "Constraint" || (type != "CONSTR_PRIMARY" && type != "CONSTR_UNIQUE")) {
      Unsupported(type == "CONSTR_FOREIGN" ? "FOREIGN KEY constraints" : "table constraint " + type,
                  cloc);
    }
    ct->keys.push_back(TransformKeyConstraint(c, ""));
    Finish(c, cloc);
  }
  if (r.Has("inhRelations")) Unsupported("INHERITS", loc);
  if (r.Has("partspec")) Unsupported("PARTITION BY", loc);
  if (r.Has("partbound")) Unsupported("PARTITION OF", loc);
  if (r.Has("ofTypename")) Unsupported("CREATE TABLE OF", loc);
  if (r.Has("tablespacename")) Unsupported("TABLESPACE", loc);
  if (r.Has("accessMethod")) Unsupported("table access method", loc);
  std::string on_commit = r.String("oncommit");
  if (!on_commit.empty() && on_commit != "ONCOMMIT_NOOP") Unsupported("ON COMMIT", loc);
  for (const Json& opt : r.List("options")) ct->options.push_back(TransformOption(opt));
  Finish(r, loc);
  stmt->create_table = std::move(ct);
  return stmt;
}

ast::StatementPtr Transformer::TransformCreateTableAs(const Json& body) {
  NodeReader r("CreateTableAsStmt", body);
  std::string objtype = r.String("objtype");
  if (r.Bool("is_select_into")) Unsupported("SELECT INTO", -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kCreateTable);
  auto ct = std::make_unique<ast::CreateTableStmt>();
  ct->materialized_view = objtype == "OBJECT_MATVIEW";
  ct->if_not_exists = r.Bool("if_not_exists");
  const Json* into = r.Get("into");
  const Json* query = r.Get("query");
  if (into == nullptr || query == nullptr) Unsupported("CREATE TABLE AS without a query", -1);
  NodeReader i("IntoClause", *into);
  const Json* rel = i.Get("rel");
  if (rel == nullptr) Unsupported("CREATE TABLE AS without a name", -1);
  ast::QualifiedName name = TransformRangeVarName(*rel, nullptr);
  int loc = name.location;
  std::string persistence = rel->value("relpersistence", "p");
  if (persistence == "u") Unsupported("UNLOGGED tables", loc);
  ct->temporary = persistence == "t";
  ct->schema = std::move(name.schema);
  ct->name = std::move(name.name);
  if (i.Has("colNames")) Unsupported("column names in CREATE TABLE AS", loc);
  if (i.Bool("skipData")) Unsupported("CREATE TABLE AS ... WITH NO DATA", loc);
  if (i.Has("tableSpaceName")) Unsupported("TABLESPACE", loc);
  if (i.Has("accessMethod")) Unsupported("table access method", loc);
  std::string on_commit = i.String("onCommit");
  if (!on_commit.empty() && on_commit != "ONCOMMIT_NOOP") Unsupported("ON COMMIT", loc);
  for (const Json& opt : i.List("options")) ct->options.push_back(TransformOption(opt));
  Finish(i, loc);
  if (NodeName(*query) != "SelectStmt") Unsupported("CREATE TABLE AS EXECUTE", loc);
  ct->as_select = TransformSelectNode(*query);
  Finish(r, loc);
  stmt->create_table = std::move(ct);
  return stmt;
}

ast::StatementPtr Transformer::TransformDrop(const Json& body) {
  NodeReader r("DropStmt", body);
  auto drop = std::make_unique<ast::DropStmt>();
  std::string type = r.String("removeType");
  if (type == "OBJECT_TABLE") {
    drop->object = ast::ObjectKind::kTable;
  } else if (type == "OBJECT_SCHEMA") {
    drop->object = ast::ObjectKind::kSchema;
  } else if (type == "OBJECT_VIEW") {
    drop->object = ast::ObjectKind::kView;
  } else if (type == "OBJECT_MATVIEW") {
    drop->object = ast::ObjectKind::kMaterializedView;
  } else if (type == "OBJECT_INDEX") {
    drop->object = ast::ObjectKind::kIndex;
  } else if (type == "OBJECT_SEQUENCE") {
    drop->object = ast::ObjectKind::kSequence;
  } else {
    std::string what = type.rfind("OBJECT_", 0) == 0 ? type.substr(7) : type;
    Unsupported("DROP " + what, -1);
  }
  if (r.Bool("concurrent")) Unsupported("DROP INDEX CONCURRENTLY", -1);
  drop->if_exists = r.Bool("missing_ok");
  drop->cascade = r.String("behavior") == "DROP_CASCADE";
  for (const Json& obj : r.List("objects")) {
    std::vector<std::string> parts =
        NodeName(obj) == "List" ? StringList(ListItems(obj)) : std::vector{StringValue(obj)};
    ast::QualifiedName name;
    if (parts.size() == 2) name.schema = parts[0];
    if (parts.empty() || parts.size() > 2) Unsupported("cross-database reference", -1);
    name.name = parts.back();
    drop->names.push_back(std::move(name));
  }
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kDrop);
  stmt->drop = std::move(drop);
  return stmt;
}

ast::StatementPtr Transformer::TransformDropRole(const Json& body) {
  NodeReader r("DropRoleStmt", body);
  auto drop = std::make_unique<ast::DropStmt>();
  drop->object = ast::ObjectKind::kRole;
  drop->if_exists = r.Bool("missing_ok");
  for (const Json& role : r.List("roles")) {
    ast::QualifiedName name;
    if (NodeName(role) != "RoleSpec") Unsupported("role specification", -1);
    name.name = RoleName(*this, NodeBody(role));
    name.location = NodeBody(role).value("location", -1);
    drop->names.push_back(std::move(name));
  }
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kDrop);
  stmt->drop = std::move(drop);
  return stmt;
}

ast::StatementPtr Transformer::TransformCreateSchema(const Json& body) {
  NodeReader r("CreateSchemaStmt", body);
  auto cs = std::make_unique<ast::CreateSchemaStmt>();
  cs->name = r.String("schemaname");
  cs->if_not_exists = r.Bool("if_not_exists");
  if (const Json* role = r.Get("authrole")) {
    Unsupported("CREATE SCHEMA AUTHORIZATION", NodeBody(*role).value("location", -1));
  }
  if (r.Has("schemaElts")) Unsupported("CREATE SCHEMA with schema elements", -1);
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kCreateSchema);
  stmt->create_schema = std::move(cs);
  return stmt;
}

std::vector<ast::RoleOption> Transformer::TransformRoleOptions(const Json& list) {
  std::vector<ast::RoleOption> options;
  for (const Json& node : list) {
    NodeReader r("DefElem", NodeBody(node));
    int loc = r.Location();
    std::string name = r.String("defname");
    if (name == "addroleto" || name == "rolemembers" || name == "adminmembers") {
      Unsupported("role membership options", loc);
    }
    if (name == "sysid") Unsupported("SYSID", loc);
    ast::RoleOption option;
    option.name = name == "canlogin"          ? "login"
                  : name == "isreplication"   ? "replication"
                  : name == "connectionlimit" ? "connection_limit"
                  : name == "validUntil"      ? "valid_until"
                                              : name;
    const Json* arg = r.Get("arg");
    if (arg == nullptr && name == "password") {
      option.is_null = true;
    } else {
      option.value = OptionValue(arg, name, loc);
    }
    r.Ignore({"defaction"});
    Finish(r, loc);
    options.push_back(std::move(option));
  }
  return options;
}

ast::StatementPtr Transformer::TransformCreateRole(const Json& body) {
  NodeReader r("CreateRoleStmt", body);
  auto cr = std::make_unique<ast::CreateRoleStmt>();
  cr->name = r.String("role");
  cr->is_user = r.String("stmt_type") == "ROLESTMT_USER";
  cr->options = TransformRoleOptions(r.List("options"));
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kCreateRole);
  stmt->create_role = std::move(cr);
  return stmt;
}

ast::StatementPtr Transformer::TransformAlterRole(const Json& body) {
  NodeReader r("AlterRoleStmt", body);
  auto ar = std::make_unique<ast::AlterRoleStmt>();
  const Json* role = r.Get("role");
  if (role == nullptr) Unsupported("ALTER ROLE without a role", -1);
  ar->name = RoleName(*this, *role);
  if (r.Int("action", 1) != 1) Unsupported("ALTER GROUP ... DROP USER", -1);
  ar->options = TransformRoleOptions(r.List("options"));
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kAlterRole);
  stmt->alter_role = std::move(ar);
  return stmt;
}

ast::StatementPtr Transformer::TransformRename(const Json& body) {
  NodeReader r("RenameStmt", body);
  const std::string what = r.String("renameType");
  const Json* rel = r.Get("relation");
  const int loc = rel != nullptr ? rel->value("location", -1) : -1;
  auto object = [](const std::string& type) {
    if (type == "OBJECT_MATVIEW") return std::string("MATERIALIZED VIEW");
    return type.rfind("OBJECT_", 0) == 0 ? type.substr(7) : type;
  };
  if ((what != "OBJECT_COLUMN" && what != "OBJECT_TABLE" && what != "OBJECT_VIEW" &&
       what != "OBJECT_INDEX" && what != "OBJECT_TABCONSTRAINT") ||
      rel == nullptr) {
    Unsupported("ALTER " + object(what) + " ... RENAME", loc);
  }
  const std::string relation = r.String("relationType");
  if (what == "OBJECT_COLUMN" && relation != "OBJECT_TABLE" && relation != "OBJECT_VIEW") {
    Unsupported("ALTER " + object(relation) + " ... RENAME COLUMN", loc);
  }
  auto at = std::make_unique<ast::AlterTableStmt>();
  at->table = TransformRangeVarName(*rel, nullptr);
  at->if_exists = r.Bool("missing_ok");
  at->alter_view = what == "OBJECT_VIEW" || (what == "OBJECT_COLUMN" && relation == "OBJECT_VIEW");
  at->alter_index = what == "OBJECT_INDEX";
  ast::AlterTableCommand command;
  command.kind = what == "OBJECT_COLUMN"          ? ast::AlterTableKind::kRenameColumn
                 : what == "OBJECT_TABCONSTRAINT" ? ast::AlterTableKind::kRenameConstraint
                                                  : ast::AlterTableKind::kRenameTable;
  command.column = r.String("subname");
  command.new_name = r.String("newname");
  at->commands.push_back(std::move(command));
  r.Ignore({"behavior"});
  Finish(r, loc);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kAlterTable);
  stmt->alter_table = std::move(at);
  return stmt;
}

ast::StatementPtr Transformer::TransformAlterTable(const Json& body) {
  NodeReader r("AlterTableStmt", body);
  std::string objtype = r.String("objtype");
  const Json* rel = r.Get("relation");
  if (rel == nullptr) Unsupported("ALTER TABLE without a name", -1);
  auto at = std::make_unique<ast::AlterTableStmt>();
  at->table = TransformRangeVarName(*rel, nullptr);
  const int loc = at->table.location;
  if (objtype != "OBJECT_TABLE") {
    std::string what = objtype == "OBJECT_MATVIEW"        ? "MATERIALIZED VIEW"
                       : objtype.rfind("OBJECT_", 0) == 0 ? objtype.substr(7)
                                                          : objtype;
    Unsupported("ALTER " + what, loc);
  }
  at->if_exists = r.Bool("missing_ok");
  const Json& cmds = r.List("cmds");
  for (size_t i = 0; i < cmds.size(); ++i) {
    NodeReader c("AlterTableCmd", NodeBody(cmds[i]));
    std::string subtype = c.String("subtype");
    if (subtype != "AT_ColumnDefault" && subtype != "AT_AddColumn" && subtype != "AT_SetNotNull" &&
        subtype != "AT_DropNotNull" && subtype != "AT_AddConstraint" &&
        subtype != "AT_DropConstraint") {
      Unsupported("ALTER TABLE " + AlterCommandName(subtype), loc);
    }
    ast::AlterTableCommand command;
    command.column = c.String("name");
    if (subtype == "AT_AddConstraint") {
      const Json* def = c.Get("def");
      if (def == nullptr || NodeName(*def) != "Constraint") {
        Unsupported("ALTER TABLE ADD CONSTRAINT without a constraint", loc);
      }
      NodeReader k("Constraint", NodeBody(*def));
      const int kloc = k.Location();
      const std::string type = k.String("contype");
      if (type == "CONSTR_CHECK") {
        command.kind = ast::AlterTableKind::kAddCheck;
        command.check = TransformCheckConstraint(k, "");
      } else if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
        command.kind = ast::AlterTableKind::kAddConstraint;
        command.constraint = TransformKeyConstraint(k, "");
      } else {
        Unsupported(
            type == "CONSTR_FOREIGN" ? "FOREIGN KEY constraints" : "table constraint " + type,
            kloc);
      }
      k.Ignore({"skip_validation", "initially_valid"});
      Finish(k, kloc);
    } else if (subtype == "AT_DropConstraint") {
      command.kind = ast::AlterTableKind::kDropConstraint;
      command.if_exists = c.Bool("missing_ok");
    } else if (subtype == "AT_SetNotNull" || subtype == "AT_DropNotNull") {
      command.kind = subtype == "AT_SetNotNull" ? ast::AlterTableKind::kSetNotNull
                                                : ast::AlterTableKind::kDropNotNull;
    } else if (subtype == "AT_AddColumn") {
      const Json* def = c.Get("def");
      if (def == nullptr) Unsupported("ALTER TABLE ADD COLUMN without a column", loc);
      command.kind = ast::AlterTableKind::kAddColumn;
      command.column_def = TransformColumnDef(NodeBody(*def), at->table.name);
      command.column = command.column_def.name;
      command.if_not_exists = c.Bool("missing_ok");
    } else if (const Json* def = c.Get("def")) {
      command.kind = ast::AlterTableKind::kSetDefault;
      command.default_value = TransformExpr(*def);
      command.default_text = AlterDefaultText(query_, static_cast<size_t>(loc), i);
    } else {
      command.kind = ast::AlterTableKind::kDropDefault;
    }
    c.Ignore({"behavior", "missing_ok"});
    Finish(c, loc);
    at->commands.push_back(std::move(command));
  }
  Finish(r, loc);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kAlterTable);
  stmt->alter_table = std::move(at);
  return stmt;
}

}  // namespace firn::pgtransform
