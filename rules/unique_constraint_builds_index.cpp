// unique-constraint-builds-index: ADD CONSTRAINT ... UNIQUE / PRIMARY KEY (or a new column
// declared UNIQUE / PRIMARY KEY) on a table that existed before the migration, without
// USING INDEX. PostgreSQL builds the unique index inside the ALTER TABLE, holding
// ACCESS EXCLUSIVE for the whole build. The index can be built CONCURRENTLY first and then
// attached, which takes the strong lock only for a moment.
#include "lint/rule.h"
#include "rules/altered_table.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

bool builds_unique_index(const Node& con) {
  std::string_view t = con.str("contype");
  return (t == "CONSTR_UNIQUE" || t == "CONSTR_PRIMARY") && con.str("indexname").empty();
}

std::string key_list(const Node& con, std::string_view column) {
  std::vector<std::string_view> keys = con.names("keys");
  if (keys.empty())
    return std::string(column);
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i)
    out += (i ? ", " : "") + std::string(keys[i]);
  return out;
}

class UniqueConstraintBuildsIndex : public rules::AlterTableRule {
public:
  std::string_view id() const override { return "unique-constraint-builds-index"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "ADD UNIQUE / PRIMARY KEY builds its index under an ACCESS EXCLUSIVE lock";
  }
  void check_table(const RuleInput& in, const rules::AlteredTable& altered,
                   FindingSink& out) const override {
    for (const auto& [con, column] : rules::added_constraints(altered))
      if (builds_unique_index(con))
        report(in, out, altered.relation, altered.shown, con, column.str("colname"));
  }

private:
  void report(const RuleInput& in, FindingSink& out, const std::string& relation,
              const std::string& table, const Node& con, std::string_view new_column) const {
    bool primary = con.str("contype") == "CONSTR_PRIMARY";
    std::string kind = primary ? "PRIMARY KEY" : "UNIQUE";
    std::string keys = key_list(con, new_column);
    std::string name(con.str("conname"));
    std::string index = name.empty() ? "<index_name>" : name;
    std::string message = "adding " + kind + " (" + keys + ") to table \"" + table +
                          "\" builds a unique index while holding " +
                          rules::a_lock_phrase(in.effects, relation, LockMode::AccessExclusive) +
                          " for the whole build";
    std::string recipe = "Build the index without blocking, then attach it (a brief lock):\n";
    if (!new_column.empty())
      recipe += "  ALTER TABLE " + table + " ADD COLUMN " + std::string(new_column) +
                " <type>;  -- without " + kind + "\n";
    recipe += "  CREATE UNIQUE INDEX CONCURRENTLY " + index + " ON " + table + " (" + keys +
              ");  -- outside a transaction block\n"
              "  ALTER TABLE " +
              table + " ADD CONSTRAINT " + index + " " + kind + " USING INDEX " + index + ";";
    if (primary)
      recipe += "\nPRIMARY KEY also needs the columns NOT NULL: make them NOT NULL first (see "
                "setting-not-null), or ADD PRIMARY KEY ... USING INDEX runs SET NOT NULL with a "
                "full scan under ACCESS EXCLUSIVE.";
    out.add(finding(in, std::move(message), std::move(recipe)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(UniqueConstraintBuildsIndex)
} // namespace pgdrydock
