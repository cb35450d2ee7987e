// The lock model against a real PostgreSQL: every case of cases.txt runs on a disposable
// cluster started through the product's sandbox, and the prediction must match pg_locks and
// relfilenode changes (see the header of cases.txt for the exact checks).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lint/effects/predict.h"
#include "lint/sql_parser.h"
#include "lock_case.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock::lockmodel {
namespace {

struct Prediction {
  std::vector<Effect> effects;
  std::string error;
};

Prediction predict(const std::string& sql, int pg_version, const std::string& conninfo) {
  ParseSession session;
  SyntaxError error;
  std::optional<Node> root = session.parse(sql, &error);
  if (!root)
    return {{}, "does not parse: " + error.message};
  // The catalog answers "what is the column's type now", as a schema snapshot would.
  pqxx::connection conn(conninfo);
  CatalogHints hints;
  hints.column_type = [&conn](const std::string& rel,
                              const std::string& col) -> std::optional<std::string> {
    pqxx::work tx(conn);
    auto r = tx.exec("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                     "to_regclass(" +
                     tx.quote(rel) + ") AND attname = " + tx.quote(col));
    if (r.empty())
      return std::nullopt;
    return r[0][0].as<std::string>();
  };
  return {predict_effects(*root, EffectContext{pg_version, nullptr}, hints), {}};
}

constexpr const char* kUnsampled = "the server took no lock on it";

bool only_unsampled(const std::vector<std::string>& problems) {
  if (problems.empty())
    return false;
  for (const std::string& p : problems)
    if (p.find(kUnsampled) == std::string::npos)
      return false;
  return true;
}

std::vector<std::string> compare(const LockCase& c, const std::vector<Effect>& predicted,
                                 const Observation& obs) {
  std::vector<std::string> problems;
  std::set<std::string> expected;
  // In a transaction every lock is still held when pg_locks is read: the strongest mode must
  // be exactly the predicted one. Autocommit statements are sampled while they run, so a
  // short last step can slip between two samples: there the relation must be seen locked and
  // never stronger than predicted.
  auto check_lock = [&](const std::string& rel, LockMode mode) {
    expected.insert(rel);
    auto seen = obs.locks.find(rel);
    if (seen == obs.locks.end())
      problems.push_back(fmt::format("{} {}: {}", rel, pg_lock_name(mode), kUnsampled));
    else if (c.autocommit ? seen->second > mode : seen->second != mode)
      problems.push_back(fmt::format("{}: predicted {}, strongest observed {}", rel,
                                     pg_lock_name(mode), pg_lock_name(seen->second)));
  };
  for (const Effect& e : predicted) {
    check_lock(e.relation, e.lock);
    auto before = obs.before.find(e.relation);
    bool existed = before != obs.before.end();
    if (e.creates == existed)
      problems.push_back(fmt::format("{}: predicted creates={}, but it {} before", e.relation,
                                     e.creates, existed ? "existed" : "did not exist"));
    if (existed) {
      auto after = obs.filenode_after.find(e.relation);
      bool rewritten =
          after != obs.filenode_after.end() && after->second != before->second.filenode;
      if (rewritten != e.rewrite)
        problems.push_back(fmt::format("{}: predicted rewrite={}, relfilenode {}", e.relation,
                                       e.rewrite, rewritten ? "changed" : "unchanged"));
    }
  }
  for (const ExtraLock& extra : c.also)
    check_lock(extra.relation, extra.mode);
  for (const auto& [rel, mode] : obs.locks) {
    if (expected.count(rel))
      continue;
    // Indexes and owned sequences follow their table, which the prediction names.
    std::string owner;
    if (auto b = obs.before.find(rel); b != obs.before.end())
      owner = b->second.owner_table;
    if (auto n = obs.new_relations.find(rel); n != obs.new_relations.end())
      owner = n->second.owner_table;
    if (!owner.empty() && expected.count(owner))
      continue;
    problems.push_back(
        fmt::format("{} {}: locked by the server but not predicted", rel, pg_lock_name(mode)));
  }
  return problems;
}

std::string describe(const std::vector<Effect>& effects) {
  std::string out;
  for (const Effect& e : effects)
    out += fmt::format("\n    {} {}{}{}{}", e.relation, pg_lock_name(e.lock),
                       e.rewrite ? " rewrite" : "", e.scan ? " scan" : "",
                       e.creates ? " creates" : "");
  return out.empty() ? "\n    (no relation)" : out;
}

TEST(LockModelOnServer, EveryCaseMatchesPgLocks) {
  const std::string path = std::string(PGDRYDOCK_TEST_DIR) + "/cases.txt";
  CaseFile file = read_case_file(path);
  std::unique_ptr<Sandbox> sandbox = Sandbox::start(SandboxOptions{});
  const int major = sandbox->server_major_version();

  const std::string base = "lockmodel_base";
  sandbox->create_database(base, "template0");
  {
    pqxx::connection conn(sandbox->conninfo(base));
    pqxx::nontransaction nt(conn);
    for (const std::string& sql : file.base)
      nt.exec(sql);
  }

  int ran = 0;
  int matched = 0;
  for (std::size_t i = 0; i < file.cases.size(); ++i) {
    const LockCase& c = file.cases[i];
    if (c.pg_version && c.pg_version != major)
      continue;
    const std::string where = fmt::format("{}:{}: {}\n  {}", path, c.line, c.title, c.sql);
    const std::string db = fmt::format("lockmodel_case_{}", i);
    sandbox->create_database(db, base);
    const std::string conninfo = sandbox->conninfo(db);
    ++ran;
    try {
      {
        pqxx::connection conn(conninfo);
        pqxx::nontransaction nt(conn);
        for (const std::string& sql : c.setup)
          nt.exec(sql);
      }
      Prediction p = predict(c.sql, major, conninfo);
      if (!p.error.empty()) {
        ADD_FAILURE() << where << "\n  " << p.error;
      } else {
        Observation obs =
            c.autocommit ? observe_autocommit(conninfo, c) : observe_in_transaction(conninfo, c);
        std::vector<std::string> problems = compare(c, p.effects, obs);
        if (c.autocommit && only_unsampled(problems)) {
          // A sampled statement whose short phase fell between two samples gets one more
          // run on a fresh copy; a wrong mode is never retried.
          const std::string retry_db = db + "_retry";
          sandbox->create_database(retry_db, base);
          {
            pqxx::connection conn(sandbox->conninfo(retry_db));
            pqxx::nontransaction nt(conn);
            for (const std::string& sql : c.setup)
              nt.exec(sql);
          }
          obs = observe_autocommit(sandbox->conninfo(retry_db), c);
          problems = compare(c, p.effects, obs);
          sandbox->drop_database(retry_db);
        }
        if (problems.empty()) {
          ++matched;
        } else {
          std::string observed;
          for (const auto& [rel, mode] : obs.locks)
            observed += fmt::format("\n    {} {}", rel, pg_lock_name(mode));
          std::string text;
          for (const std::string& problem : problems)
            text += "\n  - " + problem;
          ADD_FAILURE() << where << text << "\n  predicted:" << describe(p.effects)
                        << "\n  observed:" << observed;
        }
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << where << "\n  the server refused it: " << e.what();
    }
    sandbox->drop_database(db);
  }
  sandbox->drop_database(base);
  std::printf("lock model on PostgreSQL %s: %d cases ran, %d matched\n",
              sandbox->server_version().c_str(), ran, matched);
  EXPECT_GE(ran, 80);
  EXPECT_EQ(matched, ran);
}

TEST(LockModelCaseFile, ReportsAMalformedLineWithItsNumber) {
  const std::string path = ::testing::TempDir() + "/bad_cases.txt";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("case: x\nsql: SELECT 1\nalso: public.t NotALock -- why\n", f);
    std::fclose(f);
  }
  try {
    read_case_file(path);
    FAIL() << "a bad lock mode must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad_cases.txt:3"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace pgdrydock::lockmodel
