#include "rules/rule_helpers.h"

#include <array>
#include <map>

namespace pgdrydock::rules {

std::string display_name(const Node& range_var) {
  std::string_view schema = range_var.str("schemaname");
  std::string name(range_var.str("relname"));
  return schema.empty() ? name : std::string(schema) + "." + name;
}

bool is_existing(const LintContext& context, const std::string& relation) {
  return !context.is_new(relation);
}

std::vector<Node> alter_table_commands(const Node& alter_table_stmt) {
  std::vector<Node> out;
  for (const Node& cmd : alter_table_stmt.list("cmds"))
    if (Node c = cmd.as("AlterTableCmd"))
      out.push_back(c);
  return out;
}

std::vector<Node> column_constraints(const Node& column_def) {
  std::vector<Node> out;
  for (const Node& c : column_def.list("constraints"))
    if (Node con = c.as("Constraint"))
      out.push_back(con);
  return out;
}

Node column_constraint(const Node& column_def, std::string_view contype) {
  for (const Node& con : column_constraints(column_def))
    if (con.str("contype") == contype)
      return con;
  return {};
}

Node column_default(const Node& column_def) {
  Node expr;
  if (Node con = column_constraint(column_def, "CONSTR_DEFAULT"))
    expr = con["raw_expr"];
  else
    expr = column_def["raw_default"];
  if (!expr)
    return {};
  // DEFAULT NULL: {"A_Const": {"isnull": true}} — PostgreSQL stores no default for it.
  if (Node c = expr.as("A_Const"); c && c.boolean("isnull"))
    return {};
  return expr;
}

namespace {

// Built-in functions marked VOLATILE in pg_proc that people put in column defaults.
// now(), current_timestamp, statement_timestamp() and friends are STABLE: evaluated once.
// Checked against pg_proc.provolatile on PostgreSQL 15: txid_current() and
// pg_current_xact_id() are STABLE, not volatile.
constexpr std::array kVolatileFunctions = {
    "random",           "random_normal",      "setseed",          "gen_random_uuid",
    "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4",
    "uuidv7",           "clock_timestamp",    "timeofday",        "nextval",
    "gen_random_bytes"};

bool is_volatile_function(std::string_view name) {
  for (std::string_view v : kVolatileFunctions)
    if (v == name)
      return true;
  return false;
}

std::optional<std::string> find_volatile(simdjson::dom::element e) {
  if (simdjson::dom::object obj; e.get_object().get(obj) == simdjson::SUCCESS) {
    for (auto field : obj) {
      if (field.key == "FuncCall") {
        std::vector<std::string_view> names = Node(field.value).names("funcname");
        if (!names.empty() && is_volatile_function(names.back()))
          return std::string(names.back());
      }
      if (auto found = find_volatile(field.value))
        return found;
    }
  } else if (simdjson::dom::array arr; e.get_array().get(arr) == simdjson::SUCCESS) {
    for (simdjson::dom::element child : arr)
      if (auto found = find_volatile(child))
        return found;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> volatile_function_in(const Node& expr) {
  if (!expr)
    return std::nullopt;
  return find_volatile(expr.raw());
}

std::string_view base_type_name(const Node& type_name) {
  std::vector<std::string_view> names = type_name.names("names");
  return names.empty() ? std::string_view{} : names.back();
}

bool is_serial_type(const Node& type_name) {
  std::vector<std::string_view> names = type_name.names("names");
  // The grammar leaves serial unqualified; "pg_catalog.serial" is not a type.
  if (names.size() != 1)
    return false;
  std::string_view n = names.front();
  return n == "serial" || n == "bigserial" || n == "smallserial" || n == "serial2" ||
         n == "serial4" || n == "serial8";
}

std::string type_name_sql(const Node& type_name) {
  static const std::map<std::string_view, std::string_view> kSqlSpelling = {
      {"int2", "smallint"},
      {"int4", "integer"},
      {"int8", "bigint"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"bool", "boolean"},
      {"bpchar", "char"},
      {"timestamptz", "timestamptz"},
      {"timetz", "timetz"}};
  std::vector<std::string_view> names = type_name.names("names");
  std::string out;
  bool catalog = names.size() == 2 && names.front() == "pg_catalog";
  if (names.size() > 1 && !catalog) {
    for (std::size_t i = 0; i + 1 < names.size(); ++i)
      out += std::string(names[i]) + ".";
  }
  std::string_view base = names.empty() ? std::string_view{} : names.back();
  if (auto it = kSqlSpelling.find(base); catalog && it != kSqlSpelling.end())
    base = it->second;
  out += base;
  std::vector<Node> mods = type_name.list("typmods");
  if (!mods.empty()) {
    out += "(";
    for (std::size_t i = 0; i < mods.size(); ++i) {
      if (i)
        out += ",";
      Node c = mods[i].as("A_Const");
      out += c ? std::to_string(c["ival"].integer("ival", 0)) : "?";
    }
    out += ")";
  }
  for (std::size_t i = 0; i < type_name.list("arrayBounds").size(); ++i)
    out += "[]";
  return out;
}

std::string lock_display_name(LockMode mode) {
  switch (mode) {
  case LockMode::AccessShare:
    return "ACCESS SHARE";
  case LockMode::RowShare:
    return "ROW SHARE";
  case LockMode::RowExclusive:
    return "ROW EXCLUSIVE";
  case LockMode::ShareUpdateExclusive:
    return "SHARE UPDATE EXCLUSIVE";
  case LockMode::Share:
    return "SHARE";
  case LockMode::ShareRowExclusive:
    return "SHARE ROW EXCLUSIVE";
  case LockMode::Exclusive:
    return "EXCLUSIVE";
  case LockMode::AccessExclusive:
    return "ACCESS EXCLUSIVE";
  }
  return "unknown";
}

std::string blocked_operations(LockMode mode) {
  if (blocks_reads(mode))
    return "blocks reads and writes";
  if (blocks_writes(mode))
    return "blocks writes";
  return "blocks schema changes";
}

std::optional<LockMode> predicted_lock(const std::vector<Effect>& effects,
                                       const std::string& relation) {
  std::optional<LockMode> out;
  for (const Effect& e : effects)
    if (e.relation == relation && (!out || e.lock > *out))
      out = e.lock;
  return out;
}

std::string lock_phrase(const std::vector<Effect>& effects, const std::string& relation,
                        LockMode fallback) {
  LockMode mode = predicted_lock(effects, relation).value_or(fallback);
  return lock_display_name(mode) + " lock (" + blocked_operations(mode) + ")";
}

namespace {
// ACCESS ... and EXCLUSIVE start with a vowel sound; ROW ... and SHARE ... do not.
std::string with_article(std::string phrase) {
  return (phrase.front() == 'A' || phrase.front() == 'E' ? "an " : "a ") + phrase;
}
} // namespace

std::string a_lock_name(LockMode mode) {
  return with_article(lock_display_name(mode));
}

std::string a_lock_phrase(const std::vector<Effect>& effects, const std::string& relation,
                          LockMode fallback) {
  return with_article(lock_phrase(effects, relation, fallback));
}

std::string_view parenthesized_after(std::string_view text, std::size_t from) {
  std::size_t open = text.find('(', from);
  if (open == std::string_view::npos)
    return {};
  int depth = 0;
  char quote = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == quote)
        quote = 0; // a doubled quote closes and reopens: same effect
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return text.substr(open, i - open + 1);
    }
  }
  return {};
}

} // namespace pgdrydock::rules
