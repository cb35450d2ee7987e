#include "rules/rule_helpers.h"

#include <array>
#include <map>

namespace pgdrydock::rules {

std::string display_name(const Node& range_var) {
  std::string_view schema = range_var.str("schemaname");
  std::string name(range_var.str("relname"));
  return schema.empty() ? name : std::string(schema) + "." + name;
}

bool begins_transaction(const Node& root) {
  std::string_view k = root.body().str("kind");
  return root.kind() == "TransactionStmt" && (k == "TRANS_STMT_BEGIN" || k == "TRANS_STMT_START");
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

std::string_view base_type_name(const Node& type_name) {
  std::vector<std::string_view> names = type_name.names("names");
  return names.empty() ? std::string_view{} : names.back();
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

bool predicted_rewrite(const std::vector<Effect>& effects, const std::string& relation) {
  for (const Effect& e : effects)
    if (e.relation == relation && e.rewrite)
      return true;
  return false;
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
