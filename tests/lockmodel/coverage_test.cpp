// The catalogue covers what the issue asks of it: at least 250 cases, every ALTER TABLE
// sub-command PostgreSQL 15 accepts from SQL, and every statement kind a rule looks at.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "case_file.h"
#include "lint/rule_registry.h"
#include "lint/sql_parser.h"

namespace pgdrydock::lockmodel {
namespace {

CaseFile cases() {
  return read_case_file(std::string(PGDRYDOCK_TEST_DIR) + "/cases.txt");
}

// What the cases' statements are made of: statement kinds and ALTER TABLE sub-commands.
struct Coverage {
  std::set<std::string> kinds;
  std::set<std::string> subcommands;
};

Coverage coverage(const CaseFile& file) {
  Coverage out;
  ParseSession session;
  for (const LockCase& c : file.cases) {
    ParseResult root = session.parse(c.sql);
    if (!root)
      continue;
    out.kinds.emplace(root->kind());
    for (const Node& cmd : root->as("AlterTableStmt").list("cmds"))
      out.subcommands.emplace(cmd.as("AlterTableCmd").str("subtype"));
  }
  return out;
}

TEST(LockModelCases, AtLeast250AndEightyOnEveryServerVersion) {
  CaseFile file = cases();
  EXPECT_GE(file.cases.size(), 250U);
  for (int major = 10; major <= 17; ++major) {
    int runnable = 0;
    for (const LockCase& c : file.cases)
      runnable += !c.pg_version || c.pg_version == major;
    EXPECT_GE(runnable, 80) << "PostgreSQL " << major;
  }
}

TEST(LockModelCases, CoverEveryAlterTableSubcommandOfPostgres15) {
  // AlterTableType of PostgreSQL 15 (parsenodes.h) that the grammar produces; the others
  // (…Recurse, ReAdd…, CookedColumnDefault, AddIndex, CheckNotNull, ReplaceRelOptions,
  // AddColumnToView) are made internally from these.
  const char* const kFromSql[] = {"AT_AddColumn",
                                  "AT_ColumnDefault",
                                  "AT_DropNotNull",
                                  "AT_SetNotNull",
                                  "AT_DropExpression",
                                  "AT_SetStatistics",
                                  "AT_SetOptions",
                                  "AT_ResetOptions",
                                  "AT_SetStorage",
                                  "AT_SetCompression",
                                  "AT_DropColumn",
                                  "AT_AddConstraint",
                                  "AT_AlterConstraint",
                                  "AT_ValidateConstraint",
                                  "AT_DropConstraint",
                                  "AT_AlterColumnType",
                                  "AT_AlterColumnGenericOptions",
                                  "AT_ChangeOwner",
                                  "AT_ClusterOn",
                                  "AT_DropCluster",
                                  "AT_SetLogged",
                                  "AT_SetUnLogged",
                                  "AT_DropOids",
                                  "AT_SetAccessMethod",
                                  "AT_SetTableSpace",
                                  "AT_SetRelOptions",
                                  "AT_ResetRelOptions",
                                  "AT_EnableTrig",
                                  "AT_EnableAlwaysTrig",
                                  "AT_EnableReplicaTrig",
                                  "AT_DisableTrig",
                                  "AT_EnableTrigAll",
                                  "AT_DisableTrigAll",
                                  "AT_EnableTrigUser",
                                  "AT_DisableTrigUser",
                                  "AT_EnableRule",
                                  "AT_EnableAlwaysRule",
                                  "AT_EnableReplicaRule",
                                  "AT_DisableRule",
                                  "AT_AddInherit",
                                  "AT_DropInherit",
                                  "AT_AddOf",
                                  "AT_DropOf",
                                  "AT_ReplicaIdentity",
                                  "AT_EnableRowSecurity",
                                  "AT_DisableRowSecurity",
                                  "AT_ForceRowSecurity",
                                  "AT_NoForceRowSecurity",
                                  "AT_GenericOptions",
                                  "AT_AttachPartition",
                                  "AT_DetachPartition",
                                  "AT_AddIdentity",
                                  "AT_SetIdentity",
                                  "AT_DropIdentity"};
  Coverage c = coverage(cases());
  for (const char* subcommand : kFromSql)
    EXPECT_TRUE(c.subcommands.count(subcommand)) << "no case runs " << subcommand;
}

TEST(LockModelCases, CoverEveryStatementKindARuleLooksAt) {
  Coverage c = coverage(cases());
  for (const auto& rule : RuleRegistry::instance().rules()) {
    for (std::string_view kind : rule->statement_kinds()) {
      if (kind.rfind('(', 0) == 0)
        continue; // "(migration)", "(psql meta-command)": not a statement
      EXPECT_TRUE(c.kinds.count(std::string(kind)))
          << "rule " << rule->id() << " looks at " << kind << ", which no case runs";
    }
  }
}

} // namespace
} // namespace pgdrydock::lockmodel
