// identifier-too-long: a statement names a new object (table, column, index, constraint,
// sequence, view, type, domain, function, trigger, policy, schema, or a new name given by
// RENAME) with an identifier longer than 63 bytes. PostgreSQL cuts identifiers to
// NAMEDATALEN - 1 = 63 bytes with only a NOTICE, so the object gets another name than the one
// written: two long names that share their first 63 bytes collide, and whatever looks the
// object up by the written name as a string (schema diff tools, ORMs, `WHERE indexname = '...'`
// in a later migration) does not find it.
// The parse tree already holds the cut names (libpg_query's scanner cuts them), so the tree
// only says which names a statement defines; the scanner's tokens give the written length.
// A name cut on a multi-byte character ends 60 to 63 bytes long, so statements without a
// defined name that long are never scanned.
#include <set>

#include "lint/rule.h"
#include "lint/sql_parser.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

constexpr std::size_t kMaxIdentifierBytes = 63;               // NAMEDATALEN - 1
constexpr std::size_t kShortestCut = kMaxIdentifierBytes - 3; // a 4-byte character cut off

std::string_view last_name(const Node& node, std::string_view key) {
  std::vector<std::string_view> names = node.names(key);
  return names.empty() ? std::string_view{} : names.back();
}

void column_names(const Node& def, std::vector<std::string_view>& out) {
  out.push_back(def.str("colname"));
  for (const Node& con : rules::column_constraints(def))
    out.push_back(con.str("conname"));
}

// The names the statement gives, as the parse tree holds them (already cut).
std::vector<std::string_view> defined_names(const Node& root) {
  const std::string_view kind = root.kind();
  const Node b = root.body();
  std::vector<std::string_view> out;
  if (kind == "CreateStmt") {
    out.push_back(b["relation"].str("relname"));
    for (const Node& elt : b.list("tableElts")) {
      if (Node def = elt.as("ColumnDef"))
        column_names(def, out);
      else if (Node con = elt.as("Constraint"))
        out.push_back(con.str("conname"));
    }
  } else if (kind == "AlterTableStmt") {
    for (const Node& cmd : rules::alter_table_commands(b)) {
      if (Node def = cmd["def"].as("ColumnDef"); def && cmd.str("subtype") == "AT_AddColumn")
        column_names(def, out);
      else if (Node con = cmd["def"].as("Constraint"))
        out.push_back(con.str("conname"));
    }
  } else if (kind == "CompositeTypeStmt") {
    out.push_back(b["typevar"].str("relname"));
    for (const Node& elt : b.list("coldeflist"))
      if (Node def = elt.as("ColumnDef"))
        column_names(def, out);
  } else if (kind == "CreateDomainStmt") {
    out.push_back(last_name(b, "domainname"));
    for (const Node& c : b.list("constraints"))
      out.push_back(c.as("Constraint").str("conname"));
  } else if (kind == "IndexStmt") {
    out.push_back(b.str("idxname"));
  } else if (kind == "CreateSeqStmt") {
    out.push_back(b["sequence"].str("relname"));
  } else if (kind == "ViewStmt") {
    out.push_back(b["view"].str("relname"));
  } else if (kind == "CreateTableAsStmt") {
    out.push_back(b["into"]["rel"].str("relname"));
  } else if (kind == "CreateEnumStmt" || kind == "CreateRangeStmt") {
    out.push_back(last_name(b, "typeName"));
  } else if (kind == "DefineStmt") {
    out.push_back(last_name(b, "defnames"));
  } else if (kind == "CreateFunctionStmt") {
    out.push_back(last_name(b, "funcname"));
  } else if (kind == "CreateTrigStmt") {
    out.push_back(b.str("trigname"));
  } else if (kind == "CreatePolicyStmt") {
    out.push_back(b.str("policy_name"));
  } else if (kind == "CreateSchemaStmt") {
    out.push_back(b.str("schemaname"));
  } else if (kind == "RenameStmt") {
    out.push_back(b.str("newname"));
  }
  return out;
}

// The identifier as PostgreSQL reads it: quotes removed ("" is one quote), unquoted ASCII
// letters folded to lower case.
std::string folded(std::string_view token) {
  std::string out;
  if (token.size() >= 2 && token.front() == '"') {
    token = token.substr(1, token.size() - 2);
    for (std::size_t i = 0; i < token.size(); ++i) {
      out += token[i];
      if (token[i] == '"')
        ++i; // the second quote of a doubled pair
    }
    return out;
  }
  for (char c : token)
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// The first 63 bytes of a longer name, cut before a UTF-8 character that would not fit (as
// pg_mbcliplen does).
std::string_view cut(std::string_view name) {
  std::size_t n = kMaxIdentifierBytes;
  while (n > 0 && (static_cast<unsigned char>(name[n]) & 0xC0) == 0x80)
    --n;
  return name.substr(0, n);
}

class IdentifierTooLong : public Rule {
public:
  std::string_view id() const override { return "identifier-too-long"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "A new name longer than 63 bytes, which PostgreSQL silently cuts";
  }
  std::vector<std::string_view> statement_kinds() const override {
    return {"CreateStmt",     "AlterTableStmt",   "CompositeTypeStmt", "CreateDomainStmt",
            "IndexStmt",      "CreateSeqStmt",    "ViewStmt",          "CreateTableAsStmt",
            "CreateEnumStmt", "CreateRangeStmt",  "DefineStmt",        "CreateFunctionStmt",
            "CreateTrigStmt", "CreatePolicyStmt", "CreateSchemaStmt",  "RenameStmt"};
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.context.direction == Direction::Down)
      return; // a down script restores names judged where they were first created
    std::set<std::string_view> candidates;
    for (std::string_view name : defined_names(in.root))
      if (name.size() >= kShortestCut)
        candidates.insert(name);
    if (candidates.empty())
      return;
    const std::string_view text = in.statement.text();
    std::set<std::string> reported;
    for (const TokenSpan& span : scan_identifiers(text)) {
      std::string name = folded(text.substr(span.begin, span.end - span.begin));
      if (name.size() <= kMaxIdentifierBytes || !candidates.count(cut(name)) ||
          !reported.insert(name).second)
        continue;
      Finding f = finding(
          in,
          "identifier \"" + name + "\" is " + std::to_string(name.size()) +
              " bytes: PostgreSQL keeps only the first 63 and names the object \"" +
              std::string(cut(name)) +
              "\" (a NOTICE, no error), so a lookup by the written name fails and names that "
              "share those 63 bytes collide",
          "Choose a name of at most 63 bytes, for example \"" + shortened(name) +
              "\", and use that name everywhere it is referred to.");
      f.location = in.statement.file->location(in.statement.begin + span.begin);
      out.add(std::move(f));
    }
  }

private:
  // A suggestion: drop vowels after the first letter of each word until it fits, then cut.
  static std::string shortened(const std::string& name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
      const bool word_start = i == 0 || name[i - 1] == '_';
      const bool vowel = std::string_view("aeiou").find(name[i]) != std::string_view::npos;
      if (word_start || !vowel)
        out += name[i];
    }
    return out.size() > kMaxIdentifierBytes ? std::string(cut(out)) : out;
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(IdentifierTooLong)
} // namespace pgdrydock
