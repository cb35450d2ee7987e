// timestamp <-> timestamptz after `SET timezone = 'UTC'`: PostgreSQL 12 and later keep the
// stored values (crates.io's 2025-02-17 migration changed 42 columns that way and no table was
// rewritten). The lock model and changing-column-type must both know it; any other zone, an
// older server, or a setting a ROLLBACK undid, still rewrites. The server-side proof is in
// tests/lockmodel/cases.txt ("... in a UTC session").
#include <gtest/gtest.h>

#include "lint/effects/predict.h"
#include "tests/rules2/lint_sql.h"

namespace pgdrydock::testing_rules2 {
namespace {

constexpr const char* kTable =
    "CREATE TABLE events (id bigint, created_at timestamp, seen_at timestamptz, "
    "days timestamp[], fine timestamp(3));";

struct DownResult {
  std::vector<Finding> findings;    // changing-column-type in the down script
  std::vector<bool> alter_rewrites; // per ALTER TABLE of the down script, from its effects
};

// The table is made by the up script, so in the down script it existed before and the catalog
// knows its column types: the verdict is exact.
DownResult lint_down(const std::string& down, int pg_version = 15) {
  std::string text = std::string(kTable) + "\n" + down;
  auto file = std::make_shared<const SourceFile>("tz.sql", text);
  Migration m;
  m.version = "1";
  m.name = "tz";
  m.runner = "test";
  m.layout = Layout::FolderPerMigration;
  m.up = Script{file, 0, std::string(kTable).size(), TransactionMode::Autocommit, "test"};
  m.down = Script{file, std::string(kTable).size() + 1, text.size(), TransactionMode::Autocommit,
                  "test"};
  LintOptions options;
  options.pg_version = pg_version;
  options.threads = 1;
  options.keep_all_statements = true;
  MigrationResult r = lint_migration(m, options);
  DownResult out;
  for (const ScriptResult& s : r.scripts) {
    if (s.direction != Direction::Down)
      continue;
    for (const StatementResult& st : s.statements) {
      if (st.kind == "AlterTableStmt") {
        bool rewrite = false;
        for (const Effect& e : st.effects)
          rewrite = rewrite || e.rewrite;
        out.alter_rewrites.push_back(rewrite);
      }
      for (const Finding& f : st.findings)
        if (f.rule_id == "changing-column-type")
          out.findings.push_back(f);
    }
  }
  return out;
}

TEST(TimeZoneTypeChange, UtcSessionConvertsBothWaysWithoutRewrite) {
  auto r = lint_down("SET timezone = 'UTC';\n"
                     "ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz;\n"
                     "ALTER TABLE events ALTER COLUMN seen_at TYPE timestamp;\n"
                     "ALTER TABLE events ALTER COLUMN fine TYPE timestamptz(6);\n");
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
  EXPECT_EQ(r.alter_rewrites, (std::vector<bool>{false, false, false}));
}

TEST(TimeZoneTypeChange, EverySpellingOfAZeroOffsetZoneCounts) {
  for (const char* set : {"SET TIME ZONE 'UTC';", "SET TIME ZONE UTC;",
                          "SET timezone TO 'Etc/UTC';", "SET TimeZone = 'gmt';", "SET TIME ZONE 0;",
                          "SET TIME ZONE '0';", "SET timezone = 'Zulu';"}) {
    auto r = lint_down(std::string(set) +
                       "\nALTER TABLE events ALTER COLUMN created_at TYPE timestamptz;\n");
    EXPECT_TRUE(r.findings.empty()) << set;
  }
}

TEST(TimeZoneTypeChange, OtherwiseTheTableIsRewritten) {
  const std::string alter = "ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz;\n";
  struct Case {
    const char* why;
    std::string down;
    int pg_version = 15;
  };
  const std::vector<Case> cases = {
      {"no SET: the server's default zone is unknown", alter},
      {"a zone at +00:00 today but not always", "SET timezone = 'Europe/London';\n" + alter},
      {"Africa/Abidjan had another offset once", "SET timezone = 'Africa/Abidjan';\n" + alter},
      {"PostgreSQL 11 always rewrites", "SET timezone = 'UTC';\n" + alter, 11},
      {"SET LOCAL outside a transaction changes nothing", "SET LOCAL timezone = 'UTC';\n" + alter},
      {"SET LOCAL ends with its transaction",
       "BEGIN;\nSET LOCAL timezone = 'UTC';\nCOMMIT;\n" + alter},
      {"a ROLLBACK undoes SET", "BEGIN;\nSET timezone = 'UTC';\nROLLBACK;\n" + alter},
      {"RESET gives the unknown default back", "SET timezone = 'UTC';\nRESET timezone;\n" + alter},
      {"SET TIME ZONE LOCAL too", "SET timezone = 'UTC';\nSET TIME ZONE LOCAL;\n" + alter},
      {"RESET ALL too", "SET timezone = 'UTC';\nRESET ALL;\n" + alter},
      {"arrays are converted element by element",
       "SET timezone = 'UTC';\nALTER TABLE events ALTER COLUMN days TYPE timestamptz[];\n"},
      {"a smaller precision rounds every value",
       "SET timezone = 'UTC';\nALTER TABLE events ALTER COLUMN created_at TYPE timestamptz(3);\n"},
  };
  for (const Case& c : cases) {
    auto r = lint_down(c.down, c.pg_version);
    ASSERT_EQ(r.findings.size(), 1u) << c.why;
    EXPECT_TRUE(contains(r.findings[0].message, "rewrites the table")) << c.why;
    EXPECT_EQ(r.alter_rewrites, std::vector<bool>{true}) << c.why;
  }
}

TEST(TimeZoneTypeChange, SetInsideATransactionHoldsUntilItEnds) {
  auto r = lint_down("BEGIN;\nSET LOCAL timezone = 'UTC';\n"
                     "ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz;\nCOMMIT;\n"
                     "BEGIN;\nSET timezone = 'UTC';\nCOMMIT;\n"
                     "ALTER TABLE events ALTER COLUMN seen_at TYPE timestamp;\n");
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
}

TEST(TimeZoneTypeChange, ZeroOffsetZonesAndThePrecisionLimit) {
  for (const char* z : {"UTC", "utc", "Etc/UTC", "UCT", "GMT", "GMT0", "GMT+0", "Etc/GMT-0",
                        "Greenwich", "Universal", "Zulu", "0", "+0", "-0.0"})
    EXPECT_TRUE(time_zone_is_utc(z)) << z;
  for (const char* z : {"Europe/London", "Africa/Abidjan", "Etc/GMT+1", "1", "", "localtime"})
    EXPECT_FALSE(time_zone_is_utc(z)) << z;
  EXPECT_TRUE(timestamp_conversion_is_free(12, std::string("UTC")));
  EXPECT_FALSE(timestamp_conversion_is_free(11, std::string("UTC")));
  EXPECT_FALSE(timestamp_conversion_is_free(15, std::nullopt));
  EXPECT_FALSE(type_change_is_binary_coercible("timestamp", "timestamptz"));
  EXPECT_TRUE(type_change_is_binary_coercible("timestamp", "timestamptz", true));
  EXPECT_TRUE(type_change_is_binary_coercible("timestamp with time zone", "timestamp", true));
  EXPECT_FALSE(type_change_is_binary_coercible("timestamp[]", "timestamptz[]", true));
  EXPECT_FALSE(type_change_is_binary_coercible("date", "timestamptz", true));
  // Six fractional digits is all a timestamp keeps: (6) limits nothing.
  EXPECT_TRUE(type_change_is_binary_coercible("timestamp", "timestamp(6)"));
  EXPECT_TRUE(type_change_is_binary_coercible("timestamp(3)", "timestamp(6)"));
  EXPECT_FALSE(type_change_is_binary_coercible("timestamp(6)", "timestamp(3)"));
  EXPECT_FALSE(type_change_is_binary_coercible("timestamp", "timestamp(5)"));
}

} // namespace
} // namespace pgdrydock::testing_rules2
