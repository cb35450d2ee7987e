// ory popx multi-part migrations (lint/sources/popx_chain.h), in the patterns kratos' history
// has, rewritten small: parts of one name whose downs undo the ups only as a chain rolled back
// last part first ("shifted" downs: part k's down drops what part k+1 created). Read by the
// real loader from a popx folder, linted by the real driver and catalog.
#include <gtest/gtest.h>

#include <algorithm>

#include "lint/lint_driver.h"
#include "lint/sources/popx_chain.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

struct Part {
  std::string version; // 20 digits
  std::string name;
  std::string up;
  std::string down;
};

// A popx folder: each part as .postgres.up/down.sql, with the cockroach twins that make the
// folder popx's (never linted).
struct PopxFolder {
  testing::TempFolder dir;
  MigrationSet set;
  explicit PopxFolder(const std::vector<Part>& parts) {
    for (const Part& p : parts) {
      const std::string base = p.version + "_" + p.name;
      dir.write(base + ".postgres.up.sql", p.up);
      dir.write(base + ".postgres.down.sql", p.down);
      dir.write(base + ".cockroach.up.sql", p.up);
      dir.write(base + ".cockroach.down.sql", p.down);
    }
    set = load_migrations({dir.str()}, {});
  }
};

// rule -> versions of the migrations it fired on (statement or migration level).
std::map<std::string, std::vector<std::string>> findings(const LintResult& r) {
  std::map<std::string, std::vector<std::string>> out;
  for (const MigrationResult& m : r.migrations) {
    for (const Finding& f : m.findings)
      out[f.rule_id].push_back(m.version);
    for (const ScriptResult& s : m.scripts)
      for (const StatementResult& st : s.statements)
        for (const Finding& f : st.findings)
          out[f.rule_id].push_back(m.version);
  }
  return out;
}

// Three parts of one migration; the downs are shifted by one part.
const std::vector<Part> kShifted = {
    {"20240101000000000000", "accounts", "CREATE TABLE accounts (id uuid PRIMARY KEY);",
     "DROP TABLE accounts;"},
    {"20240101000000000001", "accounts", "CREATE UNIQUE INDEX accounts_id_idx ON accounts (id);",
     "DROP TABLE account_tokens;"},
    {"20240101000000000002", "accounts",
     "CREATE TABLE account_tokens (id uuid PRIMARY KEY, account_id uuid NOT NULL "
     "REFERENCES accounts (id) ON DELETE CASCADE);",
     ""},
};

TEST(PopxChain, PartsOfOneNameAndTwentyDigitVersionsChain) {
  PopxFolder f(kShifted);
  ASSERT_TRUE(f.set.errors.empty());
  ASSERT_EQ(f.set.migrations.size(), 3u);
  EXPECT_EQ(f.set.migrations[0].runner, "popx");
  auto chains = popx_down_chains(f.set.migrations);
  for (const DownChain& c : chains) {
    EXPECT_EQ(c.first, 0u);
    EXPECT_EQ(c.last, 2u);
  }
}

TEST(PopxChain, OtherNamesShortVersionsAndOtherRunnersDoNotChain) {
  std::vector<Migration> ms(5);
  const char* versions[] = {"20240101000000000000", "20240101000000000001", "20240101000000000002",
                            "2024010100000000003", "20240101000000000004"};
  const char* names[] = {"a", "a", "b", "b", "b"};
  for (std::size_t i = 0; i < ms.size(); ++i) {
    ms[i].version = versions[i];
    ms[i].name = names[i];
    ms[i].runner = "popx";
    ms[i].down = Script{};
  }
  ms[1].down.reset(); // no down: not part of a rollback chain
  auto chains = popx_down_chains(ms);
  for (std::size_t i = 0; i < ms.size(); ++i)
    EXPECT_FALSE(chains[i].chained()) << i;
  ms[1].down = Script{};
  ms[4].runner = "golang-migrate";
  chains = popx_down_chains(ms);
  EXPECT_TRUE(chains[0].chained());
  EXPECT_EQ(chains[1].last, 1u);
  EXPECT_FALSE(chains[2].chained()); // b: 19-digit version next, then another runner
}

TEST(PopxChain, ShiftedDownsAreJudgedAsTheChainTheyAre) {
  PopxFolder f(kShifted);
  auto found = findings(lint_migrations(f.set, LintOptions{}));
  EXPECT_EQ(found.count("downgrade-not-inverse"), 0u)
      << found["downgrade-not-inverse"].size() << " on " << found["downgrade-not-inverse"][0];
  EXPECT_EQ(found.count("unknown-object"), 0u); // part 1's down drops part 2's table
}

TEST(PopxChain, OnlyALaterPartLintedStillSeesItsChainsRollback) {
  PopxFolder f(kShifted);
  LintOptions options;
  options.linted = {1};
  auto found = findings(lint_migrations(f.set, options));
  EXPECT_EQ(found.count("unknown-object"), 0u);
  EXPECT_EQ(found.count("downgrade-not-inverse"), 0u);
}

TEST(PopxChain, ABrokenChainIsReportedOnceAtItsFirstPart) {
  std::vector<Part> parts = kShifted;
  parts.push_back({"20240101000000000003", "accounts", "CREATE TABLE account_audit (id int);",
                   ""}); // no down drops it
  PopxFolder f(parts);
  LintResult r = lint_migrations(f.set, LintOptions{});
  auto found = findings(r);
  EXPECT_EQ(found["downgrade-not-inverse"], std::vector<std::string>{"20240101000000000000"});
  const Finding* chain_finding = nullptr;
  for (const Finding& x : r.migrations[0].findings)
    if (x.rule_id == "downgrade-not-inverse")
      chain_finding = &x;
  ASSERT_NE(chain_finding, nullptr);
  EXPECT_NE(chain_finding->message.find("chain of 4 parts"), std::string::npos)
      << chain_finding->message;
  EXPECT_NE(chain_finding->message.find("table account_audit created by the up is not dropped"),
            std::string::npos)
      << chain_finding->message;
}

TEST(PopxChain, AChainContinuesUnderTheNextTimestampOfTheSameName) {
  // kratos' add_verification_methods: the downs of the first timestamp's parts drop what the
  // parts of the next timestamp create.
  PopxFolder f({
      {"20240202000000000000", "verification", "CREATE TABLE flows (id uuid PRIMARY KEY);",
       "DROP TABLE flows;"},
      {"20240202000000000001", "verification", "SELECT 1;",
       "ALTER TABLE flows DROP COLUMN active_method;"},
      {"20240202000002000000", "verification",
       "ALTER TABLE flows ADD COLUMN active_method varchar(32);", ""},
      {"20240303000000000000", "unrelated", "CREATE TABLE other (id int);", "DROP TABLE other;"},
  });
  auto found = findings(lint_migrations(f.set, LintOptions{}));
  EXPECT_EQ(found.count("downgrade-not-inverse"), 0u);
  EXPECT_EQ(found.count("unknown-object"), 0u);
}

TEST(PopxChain, PairwiseInverseChainsStayClean) {
  PopxFolder f({
      {"20240404000000000000", "items", "CREATE TABLE items (id int);", "DROP TABLE items;"},
      {"20240404000000000001", "items", "CREATE INDEX items_id ON items (id);",
       "DROP INDEX items_id;"},
  });
  auto found = findings(lint_migrations(f.set, LintOptions{}));
  EXPECT_EQ(found.count("downgrade-not-inverse"), 0u);
  EXPECT_EQ(found.count("unknown-object"), 0u);
}

} // namespace
} // namespace pgdrydock
