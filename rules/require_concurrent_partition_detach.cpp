// require-concurrent-partition-detach: ALTER TABLE ... DETACH PARTITION without CONCURRENTLY on
// a partitioned table that existed before the migration. The plain form takes an ACCESS
// EXCLUSIVE lock on the parent, so every read and write of the whole partitioned table waits
// behind it (and behind any long query it waits for). PostgreSQL 14 added DETACH PARTITION ...
// CONCURRENTLY (SHARE UPDATE EXCLUSIVE on the parent, two transactions, outside a transaction
// block); before 14 there is no non-blocking form, so the plain one is not reported there, and
// the CONCURRENTLY form is (that server rejects it).
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/altered_table.h"
#include "rules/outside_transaction.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class RequireConcurrentPartitionDetach : public rules::AlterTableRule {
public:
  std::string_view id() const override { return "require-concurrent-partition-detach"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "DETACH PARTITION without CONCURRENTLY blocks reads and writes of the whole "
           "partitioned table (PostgreSQL 14+)";
  }

  void check_table(const RuleInput& in, const rules::AlteredTable& altered,
                   FindingSink& out) const override {
    int version = in.context.pg_version;
    for (const Node& cmd : rules::commands_of(altered, "AT_DetachPartition")) {
      Node partition_cmd = cmd["def"].as("PartitionCmd");
      std::string partition = rules::display_name(partition_cmd["name"].body());
      bool concurrent = partition_cmd.boolean("concurrent");
      if (concurrent && version < 14) {
        out.add(finding(
            in,
            fmt::format("DETACH PARTITION ... CONCURRENTLY exists from PostgreSQL 14: on "
                        "PostgreSQL {} this statement is a syntax error and the migration fails",
                        version),
            fmt::format("Before PostgreSQL 14 only the blocking form exists: run\n"
                        "  ALTER TABLE {} DETACH PARTITION {};\n"
                        "in a short transaction with SET LOCAL lock_timeout = '2s', at a quiet "
                        "time.",
                        altered.shown, partition)));
        continue;
      }
      if (concurrent || version < 14)
        continue;
      std::string recipe = fmt::format(
          "Detach without blocking queries (PostgreSQL 14+, outside a transaction block, on a "
          "table without a default partition):\n"
          "  ALTER TABLE {0} DETACH PARTITION {1} CONCURRENTLY;\n"
          "If it is interrupted (cancelled, timeout, crash) the partition stays \"detach "
          "pending\": finish it with\n"
          "  ALTER TABLE {0} DETACH PARTITION {1} FINALIZE;",
          altered.shown, partition);
      if (in.context.in_transaction)
        recipe.append("\n").append(rules::how_to_run_outside_transaction(in.context));
      out.add(finding(
          in,
          fmt::format("detaching partition \"{}\" takes {} on the partitioned table \"{}\": "
                      "reads and writes of every partition wait until the transaction ends",
                      partition,
                      rules::a_lock_phrase(in.effects, altered.relation, LockMode::AccessExclusive),
                      altered.shown),
          std::move(recipe)));
    }
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(RequireConcurrentPartitionDetach)
} // namespace pgdrydock
