#include "storage/avro/schema.h"

#include <map>
#include <set>
#include <utility>

namespace firn::avro {

namespace {

constexpr int kMaxSchemaDepth = 64;

struct PrimitiveName {
  const char* name;
  Kind kind;
};
constexpr PrimitiveName kPrimitives[] = {
    {"null", Kind::kNull},   {"boolean", Kind::kBoolean}, {"int", Kind::kInt},
    {"long", Kind::kLong},   {"float", Kind::kFloat},     {"double", Kind::kDouble},
    {"bytes", Kind::kBytes}, {"string", Kind::kString},
};

bool PrimitiveKind(std::string_view name, Kind* kind) {
  for (const PrimitiveName& p : kPrimitives) {
    if (name == p.name) {
      *kind = p.kind;
      return true;
    }
  }
  return false;
}

bool IsNamed(Kind k) { return k == Kind::kRecord || k == Kind::kEnum || k == Kind::kFixed; }

// --- printing ---

class Printer {
 public:
  nlohmann::json Print(const SchemaPtr& s) {
    const Node& n = *s;
    if (IsNamed(n.kind) && !printed_.insert(n.name).second) return n.name;
    nlohmann::json out = nlohmann::json::object();
    switch (n.kind) {
      case Kind::kRecord: {
        out["type"] = "record";
        out["name"] = n.name;
        nlohmann::json fields = nlohmann::json::array();
        for (const Field& f : n.fields) {
          nlohmann::json jf = f.props.is_object() ? f.props : nlohmann::json::object();
          jf["name"] = f.name;
          jf["type"] = Print(f.schema);
          if (f.has_default) jf["default"] = f.default_value;
          fields.push_back(std::move(jf));
        }
        out["fields"] = std::move(fields);
        break;
      }
      case Kind::kEnum:
        out["type"] = "enum";
        out["name"] = n.name;
        out["symbols"] = n.symbols;
        break;
      case Kind::kFixed:
        out["type"] = "fixed";
        out["name"] = n.name;
        out["size"] = n.size;
        break;
      case Kind::kArray:
        out["type"] = "array";
        out["items"] = Print(n.items);
        break;
      case Kind::kMap:
        out["type"] = "map";
        out["values"] = Print(n.values);
        break;
      case Kind::kUnion: {
        nlohmann::json arr = nlohmann::json::array();
        for (const SchemaPtr& b : n.branches) arr.push_back(Print(b));
        return arr;
      }
      default:
        if (n.props.empty()) return KindName(n.kind);
        out["type"] = KindName(n.kind);
        break;
    }
    for (auto it = n.props.begin(); it != n.props.end(); ++it) {
      if (!out.contains(it.key())) out[it.key()] = it.value();
    }
    return out;
  }

 private:
  std::set<std::string> printed_;
};

// --- parsing ---

class Parser {
 public:
  Result<SchemaPtr> Parse(const nlohmann::json& j, const std::string& ns, int depth) {
    if (depth > kMaxSchemaDepth) return Status::InvalidArgument("Avro schema nested too deeply");
    if (j.is_string()) return ParseName(j.get<std::string>(), ns);
    if (j.is_array()) return ParseUnion(j, ns, depth);
    if (!j.is_object())
      return Status::InvalidArgument("Avro schema must be a string, array or object");
    auto type_it = j.find("type");
    if (type_it == j.end()) return Status::InvalidArgument("Avro schema object without \"type\"");
    if (!type_it->is_string()) {
      // {"type": {...}} or {"type": [...]}: a wrapped schema; extra props are dropped.
      return Parse(*type_it, ns, depth + 1);
    }
    const std::string type = type_it->get<std::string>();
    auto node = std::make_shared<Node>();
    Kind kind;
    if (PrimitiveKind(type, &kind)) {
      node->kind = kind;
      CopyProps(j, {"type"}, &node->props);
      return SchemaPtr(node);
    }
    if (type == "array") {
      auto items = j.find("items");
      if (items == j.end()) return Status::InvalidArgument("Avro array schema without \"items\"");
      auto r = Parse(*items, ns, depth + 1);
      if (!r.ok()) return r.status();
      node->kind = Kind::kArray;
      node->items = r.value();
      CopyProps(j, {"type", "items"}, &node->props);
      return SchemaPtr(node);
    }
    if (type == "map") {
      auto values = j.find("values");
      if (values == j.end()) return Status::InvalidArgument("Avro map schema without \"values\"");
      auto r = Parse(*values, ns, depth + 1);
      if (!r.ok()) return r.status();
      node->kind = Kind::kMap;
      node->values = r.value();
      CopyProps(j, {"type", "values"}, &node->props);
      return SchemaPtr(node);
    }
    if (type == "record" || type == "error" || type == "enum" || type == "fixed") {
      return ParseNamed(j, type, ns, depth, node);
    }
    // {"type": "some.Name"}: a reference with props.
    return ParseName(type, ns);
  }

 private:
  static void CopyProps(const nlohmann::json& j, std::initializer_list<const char*> skip,
                        nlohmann::json* props) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool skipped = false;
      for (const char* s : skip) skipped = skipped || it.key() == s;
      if (!skipped) (*props)[it.key()] = it.value();
    }
  }

  static std::string FullName(const std::string& name, const std::string& ns) {
    if (name.find('.') != std::string::npos || ns.empty()) return name;
    return ns + "." + name;
  }

  Result<SchemaPtr> ParseName(const std::string& name, const std::string& ns) {
    Kind kind;
    if (PrimitiveKind(name, &kind)) return Primitive(kind);
    for (const std::string& candidate : {FullName(name, ns), name}) {
      if (defining_.count(candidate) != 0) {
        return Status::InvalidArgument("recursive Avro schema \"" + name + "\" is not supported");
      }
      auto it = named_.find(candidate);
      if (it != named_.end()) return it->second;
    }
    return Status::InvalidArgument("unknown Avro type \"" + name + "\"");
  }

  Result<SchemaPtr> ParseUnion(const nlohmann::json& j, const std::string& ns, int depth) {
    std::vector<SchemaPtr> branches;
    for (const nlohmann::json& b : j) {
      auto r = Parse(b, ns, depth + 1);
      if (!r.ok()) return r.status();
      if (r.value()->kind == Kind::kUnion) {
        return Status::InvalidArgument("Avro union directly inside a union");
      }
      branches.push_back(r.value());
    }
    if (branches.empty()) return Status::InvalidArgument("empty Avro union");
    return Union(std::move(branches));
  }

  Result<SchemaPtr> ParseNamed(const nlohmann::json& j, const std::string& type,
                               const std::string& outer_ns, int depth, std::shared_ptr<Node> node) {
    auto name_it = j.find("name");
    if (name_it == j.end() || !name_it->is_string() || name_it->get<std::string>().empty()) {
      return Status::InvalidArgument("Avro " + type + " schema without a name");
    }
    std::string ns = outer_ns;
    auto ns_it = j.find("namespace");
    if (ns_it != j.end() && ns_it->is_string()) ns = ns_it->get<std::string>();
    const std::string full = FullName(name_it->get<std::string>(), ns);
    if (named_.count(full) != 0 || defining_.count(full) != 0) {
      return Status::InvalidArgument("Avro type \"" + full + "\" defined twice");
    }
    const std::string inner_ns =
        full.find('.') == std::string::npos ? ns : full.substr(0, full.rfind('.'));
    node->name = full;
    if (type == "enum") {
      node->kind = Kind::kEnum;
      auto symbols = j.find("symbols");
      if (symbols == j.end() || !symbols->is_array()) {
        return Status::InvalidArgument("Avro enum \"" + full + "\" without symbols");
      }
      for (const nlohmann::json& s : *symbols) {
        if (!s.is_string()) return Status::InvalidArgument("Avro enum symbol is not a string");
        node->symbols.push_back(s.get<std::string>());
      }
      CopyProps(j, {"type", "name", "namespace", "symbols"}, &node->props);
    } else if (type == "fixed") {
      node->kind = Kind::kFixed;
      auto size = j.find("size");
      if (size == j.end() || !size->is_number_integer() || size->get<int64_t>() < 0) {
        return Status::InvalidArgument("Avro fixed \"" + full + "\" without a valid size");
      }
      node->size = size->get<int64_t>();
      CopyProps(j, {"type", "name", "namespace", "size"}, &node->props);
    } else {
      node->kind = Kind::kRecord;
      auto fields = j.find("fields");
      if (fields == j.end() || !fields->is_array()) {
        return Status::InvalidArgument("Avro record \"" + full + "\" without fields");
      }
      defining_.insert(full);
      for (const nlohmann::json& jf : *fields) {
        if (!jf.is_object() || !jf.contains("name") || !jf["name"].is_string() ||
            !jf.contains("type")) {
          return Status::InvalidArgument("malformed field in Avro record \"" + full + "\"");
        }
        auto r = Parse(jf["type"], inner_ns, depth + 1);
        if (!r.ok()) return r.status();
        Field f;
        f.name = jf["name"].get<std::string>();
        f.schema = r.value();
        if (jf.contains("default")) {
          f.has_default = true;
          f.default_value = jf["default"];
        }
        CopyProps(jf, {"name", "type", "default"}, &f.props);
        node->fields.push_back(std::move(f));
      }
      defining_.erase(full);
      CopyProps(j, {"type", "name", "namespace", "fields"}, &node->props);
    }
    named_[full] = node;
    return SchemaPtr(node);
  }

  std::map<std::string, SchemaPtr> named_;
  std::set<std::string> defining_;
};

}  // namespace

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kInt:
      return "int";
    case Kind::kLong:
      return "long";
    case Kind::kFloat:
      return "float";
    case Kind::kDouble:
      return "double";
    case Kind::kBytes:
      return "bytes";
    case Kind::kString:
      return "string";
    case Kind::kRecord:
      return "record";
    case Kind::kEnum:
      return "enum";
    case Kind::kArray:
      return "array";
    case Kind::kMap:
      return "map";
    case Kind::kUnion:
      return "union";
    case Kind::kFixed:
      return "fixed";
  }
  return "?";
}

int Node::FieldIndex(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); i++) {
    if (fields[i].name == field_name) return static_cast<int>(i);
  }
  return -1;
}

int64_t Node::IntProp(const char* key, int64_t fallback) const {
  auto it = props.find(key);
  if (it == props.end() || !it->is_number_integer()) return fallback;
  return it->get<int64_t>();
}

SchemaPtr Primitive(Kind kind, nlohmann::json props) {
  auto n = std::make_shared<Node>();
  n->kind = kind;
  n->props = std::move(props);
  return n;
}

SchemaPtr Record(std::string name, std::vector<Field> fields) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kRecord;
  n->name = std::move(name);
  n->fields = std::move(fields);
  return n;
}

SchemaPtr Enum(std::string name, std::vector<std::string> symbols) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kEnum;
  n->name = std::move(name);
  n->symbols = std::move(symbols);
  return n;
}

SchemaPtr Fixed(std::string name, int64_t size, nlohmann::json props) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kFixed;
  n->name = std::move(name);
  n->size = size;
  n->props = std::move(props);
  return n;
}

SchemaPtr Array(SchemaPtr items, nlohmann::json props) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kArray;
  n->items = std::move(items);
  n->props = std::move(props);
  return n;
}

SchemaPtr Map(SchemaPtr values, nlohmann::json props) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kMap;
  n->values = std::move(values);
  n->props = std::move(props);
  return n;
}

SchemaPtr Union(std::vector<SchemaPtr> branches) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kUnion;
  n->branches = std::move(branches);
  return n;
}

SchemaPtr Optional(SchemaPtr schema) { return Union({Primitive(Kind::kNull), std::move(schema)}); }

Field MakeField(std::string name, SchemaPtr schema, nlohmann::json props) {
  Field f;
  f.name = std::move(name);
  f.has_default = schema->kind == Kind::kUnion && !schema->branches.empty() &&
                  schema->branches[0]->kind == Kind::kNull;
  f.schema = std::move(schema);
  f.props = std::move(props);
  return f;
}

nlohmann::json SchemaToJson(const SchemaPtr& schema) { return Printer().Print(schema); }

std::string SchemaToString(const SchemaPtr& schema) { return SchemaToJson(schema).dump(); }

Result<SchemaPtr> ParseSchemaJson(const nlohmann::json& json) {
  return Parser().Parse(json, "", 0);
}

Result<SchemaPtr> ParseSchema(std::string_view json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("Avro schema is not valid JSON");
  return ParseSchemaJson(j);
}

}  // namespace firn::avro
