// Catalog images: the JSON form of the durable catalog (see Catalog::ExportImage).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "catalog/catalog.h"

namespace firn {

namespace {

using json = nlohmann::json;
constexpr int kImageVersion = 1;

bool IsBuiltinSchema(const std::string& name) {
  return name == "pg_catalog" || name == "public" || name == "information_schema";
}

json TypeToJson(const Type& type) { return json{{"oid", type.Oid()}, {"typmod", type.typmod}}; }

Type TypeFromJson(const json& j) {
  std::optional<Type> type = Type::FromOid(j.at("oid").get<uint32_t>());
  if (!type) throw std::runtime_error("unknown type OID " + j.at("oid").dump());
  type->typmod = j.at("typmod").get<int32_t>();
  return *type;
}

json ColumnsToJson(const std::vector<ColumnInfo>& columns) {
  json out = json::array();
  for (const ColumnInfo& c : columns) {
    json column = {{"name", c.name}, {"type", TypeToJson(c.type)}, {"not_null", c.not_null}};
    if (!c.default_expr.empty()) {
      column["default"] = c.default_expr;
      column["default_oid"] = c.default_oid;
    }
    if (c.column_oid != 0) column["column_oid"] = c.column_oid;
    if (c.identity != '\0') column["identity"] = std::string(1, c.identity);
    if (c.generated) column["generated"] = true;
    out.push_back(std::move(column));
  }
  return out;
}

std::vector<ColumnInfo> ColumnsFromJson(const json& j) {
  std::vector<ColumnInfo> out;
  for (const json& c : j) {
    ColumnInfo column{c.at("name").get<std::string>(), TypeFromJson(c.at("type")),
                      c.at("not_null").get<bool>()};
    if (c.contains("default")) {  // absent in images written before defaults existed
      column.default_expr = c.at("default").get<std::string>();
      column.default_oid = c.at("default_oid").get<uint32_t>();
    }
    if (c.contains("column_oid")) column.column_oid = c.at("column_oid").get<uint32_t>();
    if (c.contains("identity")) {
      std::string identity = c.at("identity").get<std::string>();
      if (identity != "a" && identity != "d") throw std::runtime_error("bad identity kind");
      column.identity = identity[0];
    }
    column.generated = c.value("generated", false);  // absent before generated columns
    out.push_back(std::move(column));
  }
  return out;
}

bool SameColumns(const std::vector<ColumnInfo>& a, const std::vector<ColumnInfo>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (a[i].name != b[i].name || a[i].type != b[i].type || a[i].not_null != b[i].not_null ||
        a[i].default_expr != b[i].default_expr || a[i].default_oid != b[i].default_oid ||
        a[i].column_oid != b[i].column_oid || a[i].identity != b[i].identity ||
        a[i].generated != b[i].generated) {
      return false;
    }
  }
  return true;
}

json SequenceToJson(const SequenceInfo& s) {
  // The durable position, not the current one: values up to it may have been handed out
  // without a log (sequence.h), so a restart resumes there.
  SequencePosition at = s.state->Durable();
  const SequenceOptions& o = s.options;
  return json{{"oid", s.oid},
              {"schema", s.schema},
              {"name", s.name},
              {"type", TypeToJson(Type(o.type))},
              {"start", o.start},
              {"increment", o.increment},
              {"min", o.min},
              {"max", o.max},
              {"cache", o.cache},
              {"cycle", o.cycle},
              {"owner_table", s.owner_table},
              {"owner_column", s.owner_column},
              {"value", at.value},
              {"called", at.called}};
}

SequenceInfo SequenceFromJson(const json& j) {
  SequenceInfo s;
  s.oid = j.at("oid").get<uint32_t>();
  s.schema = j.at("schema").get<std::string>();
  s.name = j.at("name").get<std::string>();
  SequenceOptions& o = s.options;
  o.type = TypeFromJson(j.at("type")).id;
  if (o.type != TypeId::kInt2 && o.type != TypeId::kInt4 && o.type != TypeId::kInt8) {
    throw std::runtime_error("bad sequence type");
  }
  o.start = j.at("start").get<int64_t>();
  o.increment = j.at("increment").get<int64_t>();
  o.min = j.at("min").get<int64_t>();
  o.max = j.at("max").get<int64_t>();
  o.cache = j.at("cache").get<int64_t>();
  o.cycle = j.at("cycle").get<bool>();
  s.owner_table = j.at("owner_table").get<uint32_t>();
  s.owner_column = j.at("owner_column").get<int>();
  SequencePosition at{j.at("value").get<int64_t>(), j.at("called").get<bool>()};
  if (o.increment == 0 || o.min >= o.max) {
    throw std::runtime_error("sequence \"" + s.name + "\" has no values");
  }
  // A position logged ahead by a nextval racing an ALTER SEQUENCE may lie past new bounds:
  // at the bound, nextval goes on as it would from there.
  at.value = std::clamp(at.value, o.min, o.max);
  s.state = std::make_shared<SequenceState>(at);
  return s;
}

json IndexToJson(const IndexInfo& index) {
  json columns = json::array();
  for (const IndexColumn& c : index.columns) {
    columns.push_back(
        {{"column", c.column}, {"desc", c.descending}, {"nulls_first", c.nulls_first}});
  }
  json j{{"oid", index.oid},         {"schema", index.schema}, {"name", index.name},
         {"table", index.table_oid}, {"method", index.method}, {"columns", columns},
         {"include", index.include}};
  if (index.unique) j["unique"] = true;
  if (index.constraint != '\0') {
    j["constraint"] = std::string(1, index.constraint);
    j["constraint_oid"] = index.constraint_oid;
  }
  return j;
}

IndexInfo IndexFromJson(const json& j) {
  IndexInfo index;
  index.oid = j.at("oid").get<uint32_t>();
  index.schema = j.at("schema").get<std::string>();
  index.name = j.at("name").get<std::string>();
  index.table_oid = j.at("table").get<uint32_t>();
  index.method = j.at("method").get<std::string>();
  for (const json& c : j.at("columns")) {
    index.columns.push_back(IndexColumn{c.at("column").get<int>(), c.at("desc").get<bool>(),
                                        c.at("nulls_first").get<bool>()});
  }
  index.include = j.at("include").get<std::vector<int>>();
  index.unique = j.value("unique", false);
  const std::string constraint = j.value("constraint", std::string());
  if (constraint == "p" || constraint == "u") {
    index.constraint = constraint[0];
    index.constraint_oid = j.at("constraint_oid").get<uint32_t>();
  }
  return index;
}

json SqlViewToJson(const SqlViewInfo& view) {
  json uses = json::array();
  for (const ViewDependency& d : view.uses) {
    uses.push_back(
        {{"schema", d.schema}, {"name", d.name}, {"oid", d.oid}, {"columns", d.columns}});
  }
  return json{{"oid", view.oid},   {"schema", view.schema},
              {"name", view.name}, {"query", view.query},
              {"uses", uses},      {"columns", ColumnsToJson(view.columns)}};
}

SqlViewInfo SqlViewFromJson(const json& j) {
  SqlViewInfo view;
  view.oid = j.at("oid").get<uint32_t>();
  view.schema = j.at("schema").get<std::string>();
  view.name = j.at("name").get<std::string>();
  view.query = j.at("query").get<std::string>();
  for (const json& d : j.at("uses")) {
    view.uses.push_back(ViewDependency{d.at("schema").get<std::string>(),
                                       d.at("name").get<std::string>(), d.at("oid").get<uint32_t>(),
                                       d.at("columns").get<size_t>()});
  }
  view.columns = ColumnsFromJson(j.at("columns"));
  return view;
}

}  // namespace

std::string Catalog::ExportImage() const {
  std::shared_lock lock(mutex_);
  json image;
  image["version"] = kImageVersion;
  image["next_oid"] = next_oid_;
  image["schemas"] = json::array();
  for (const auto& [name, schema] : schemas_) {
    if (IsBuiltinSchema(name)) continue;
    image["schemas"].push_back({{"oid", schema.oid}, {"name", name}, {"owner", schema.owner}});
  }
  image["tables"] = json::array();
  for (const auto& [key, table] : tables_) {
    json columns = ColumnsToJson(table->columns);
    json options = json::array();
    for (const auto& [k, v] : table->options) options.push_back({k, v});
    json checks = json::array();
    for (const CheckConstraint& c : table->checks) {
      checks.push_back({{"oid", c.oid},
                        {"name", c.name},
                        {"expression", c.expression},
                        {"columns", c.columns},
                        {"validated", c.validated}});
    }
    image["tables"].push_back({{"oid", table->oid},
                               {"schema", table->schema},
                               {"name", table->name},
                               {"columns", columns},
                               {"options", options},
                               {"checks", checks}});
  }
  image["views"] = json::array();
  for (const auto& [key, view] : views_) {
    image["views"].push_back({{"oid", view->oid},
                              {"schema", view->schema},
                              {"name", view->name},
                              {"definition", view->definition},
                              {"source_oid", view->source_oid},
                              {"columns", ColumnsToJson(view->columns)}});
  }
  image["sequences"] = json::array();
  for (const auto& [key, sequence] : sequences_) {
    image["sequences"].push_back(SequenceToJson(*sequence));
  }
  image["indexes"] = json::array();
  for (const auto& [key, index] : indexes_) image["indexes"].push_back(IndexToJson(*index));
  image["sql_views"] = json::array();
  for (const auto& [key, view] : sql_views_) image["sql_views"].push_back(SqlViewToJson(*view));
  image["comments"] = json::array();
  for (const auto& [key, text] : comments_) {
    if (!CommentTargetExists(key)) continue;
    image["comments"].push_back({key.classoid, key.objoid, key.objsubid, text});
  }
  image["roles"] = json::array();
  for (const auto& [name, role] : roles_) {
    image["roles"].push_back({{"oid", role.oid},
                              {"name", name},
                              {"superuser", role.superuser},
                              {"login", role.can_login},
                              {"scram", role.scram_secret}});
  }
  return image.dump();
}

void Catalog::ApplyImage(std::string_view text) {
  json image;
  try {
    image = json::parse(text);
    if (image.at("version").get<int>() != kImageVersion) {
      throw std::runtime_error("unsupported catalog image version " + image.at("version").dump());
    }
    std::map<std::string, SchemaInfo> schemas;
    for (const auto& [name, info] : schemas_) {
      if (IsBuiltinSchema(name)) schemas[name] = info;
    }
    for (const json& s : image.at("schemas")) {
      SchemaInfo info{s.at("oid").get<uint32_t>(), s.at("name").get<std::string>(),
                      s.at("owner").get<std::string>()};
      schemas[info.name] = info;
    }
    std::vector<TableInfo> tables;
    for (const json& t : image.at("tables")) {
      TableInfo info;
      info.oid = t.at("oid").get<uint32_t>();
      info.schema = t.at("schema").get<std::string>();
      info.name = t.at("name").get<std::string>();
      info.columns = ColumnsFromJson(t.at("columns"));
      for (const json& o : t.at("options")) {
        info.options.emplace_back(o.at(0).get<std::string>(), o.at(1).get<std::string>());
      }
      for (const json& c : t.value("checks", json::array())) {
        info.checks.push_back(CheckConstraint{
            c.at("oid").get<uint32_t>(), c.at("name").get<std::string>(),
            c.at("expression").get<std::string>(), c.at("columns").get<std::vector<int>>(),
            c.at("validated").get<bool>()});
      }
      tables.push_back(std::move(info));
    }
    std::vector<FeatureViewInfo> views;
    for (const json& v : image.value("views", json::array())) {
      FeatureViewInfo info;
      info.oid = v.at("oid").get<uint32_t>();
      info.schema = v.at("schema").get<std::string>();
      info.name = v.at("name").get<std::string>();
      info.definition = v.at("definition").get<std::string>();
      info.source_oid = v.at("source_oid").get<uint32_t>();
      info.columns = ColumnsFromJson(v.at("columns"));
      views.push_back(std::move(info));
    }
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const SequenceInfo>> sequences;
    for (const json& j : image.value("sequences", json::array())) {
      SequenceInfo info = SequenceFromJson(j);
      auto key = std::make_pair(info.schema, info.name);
      sequences[key] = std::make_shared<const SequenceInfo>(std::move(info));
    }
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const IndexInfo>> indexes;
    for (const json& j : image.value("indexes", json::array())) {
      IndexInfo info = IndexFromJson(j);
      auto key = std::make_pair(info.schema, info.name);
      indexes[key] = std::make_shared<const IndexInfo>(std::move(info));
    }
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const SqlViewInfo>> sql_views;
    for (const json& j : image.value("sql_views", json::array())) {
      SqlViewInfo info = SqlViewFromJson(j);
      auto key = std::make_pair(info.schema, info.name);
      sql_views[key] = std::make_shared<const SqlViewInfo>(std::move(info));
    }
    std::map<std::string, RoleInfo> roles;
    for (const json& r : image.at("roles")) {
      RoleInfo role;
      role.oid = r.at("oid").get<uint32_t>();
      role.name = r.at("name").get<std::string>();
      role.superuser = r.at("superuser").get<bool>();
      role.can_login = r.at("login").get<bool>();
      role.scram_secret = r.at("scram").get<std::string>();
      roles[role.name] = role;
    }
    uint32_t next_oid = image.at("next_oid").get<uint32_t>();
    std::map<CommentKey, std::string> comments;
    for (const json& c : image.value("comments", json::array())) {
      CommentKey key{c.at(0).get<uint32_t>(), c.at(1).get<uint32_t>(), c.at(2).get<int32_t>()};
      comments[key] = c.at(3).get<std::string>();
    }

    std::unique_lock lock(mutex_);
    std::map<uint32_t, std::shared_ptr<const TableInfo>> by_oid;
    for (const auto& [key, table] : tables_) by_oid[table->oid] = table;
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const TableInfo>> next_tables;
    for (TableInfo& info : tables) {
      auto key = std::make_pair(info.schema, info.name);
      auto existing = by_oid.find(info.oid);
      if (existing != by_oid.end()) {
        // The same table keeps its data; its name, columns, options and checks may have
        // changed since.
        if (existing->second->name == info.name && existing->second->schema == info.schema &&
            SameColumns(existing->second->columns, info.columns) &&
            existing->second->options == info.options && existing->second->checks == info.checks) {
          next_tables[key] = existing->second;
          continue;
        }
        info.data = existing->second->data;
        // ALTER TABLE ADD COLUMN: rows keep the values of the columns both descriptions
        // start with (by position and identity: columns are only ever added, and renames
        // keep them); the added ones are NULL.
        const std::vector<ColumnInfo>& was = existing->second->columns;
        size_t kept = 0;
        while (kept < was.size() && kept < info.columns.size() &&
               was[kept].type == info.columns[kept].type &&
               was[kept].column_oid == info.columns[kept].column_oid) {
          kept++;
        }
        if (kept != was.size() || kept != info.columns.size()) {
          info.data->SetColumns(info.ColumnTypes(), kept);
        }
        next_tables[key] = std::make_shared<const TableInfo>(std::move(info));
        continue;
      }
      info.data = std::make_shared<TableData>(info.ColumnTypes());
      next_tables[key] = std::make_shared<const TableInfo>(std::move(info));
    }
    std::map<uint32_t, std::shared_ptr<const FeatureViewInfo>> views_by_oid;
    for (const auto& [key, view] : views_) views_by_oid[view->oid] = view;
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const FeatureViewInfo>>
        next_views;
    for (FeatureViewInfo& info : views) {
      auto key = std::make_pair(info.schema, info.name);
      auto existing = views_by_oid.find(info.oid);
      next_views[key] = existing != views_by_oid.end()
                            ? existing->second
                            : std::make_shared<const FeatureViewInfo>(std::move(info));
    }
    schemas_ = std::move(schemas);
    tables_ = std::move(next_tables);
    views_ = std::move(next_views);
    // Images are only applied at recovery, each newer than the last: a sequence takes the
    // image's position (its own state object; nothing holds the old one yet).
    sequences_ = std::move(sequences);
    indexes_ = std::move(indexes);
    sql_views_ = std::move(sql_views);
    roles_ = std::move(roles);
    comments_ = std::move(comments);
    next_oid_ = std::max(next_oid_, next_oid);
    version_.fetch_add(1, std::memory_order_acq_rel);
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("malformed catalog image: ") + e.what());
  }
}

}  // namespace firn
