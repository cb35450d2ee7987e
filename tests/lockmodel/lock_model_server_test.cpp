// The lock model against a real PostgreSQL: every case of cases.txt runs on a disposable
// cluster started through the product's sandbox, and the prediction must match pg_locks and
// relfilenode changes (see the header of cases.txt for the exact checks).
#include <algorithm>
#include <cctype>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "case_prediction.h"
#include "lock_case.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock::lockmodel {
namespace {

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
  // `expect:` is a promise about the model as much as about the server.
  for (const ExtraLock& extra : c.expect) {
    check_lock(extra.relation, extra.mode);
    auto e = std::find_if(predicted.begin(), predicted.end(),
                          [&](const Effect& p) { return p.relation == extra.relation; });
    if (e == predicted.end())
      problems.push_back(fmt::format("{} {}: expected, but the model does not predict it",
                                     extra.relation, pg_lock_name(extra.mode)));
    else if (e->why != extra.why)
      problems.push_back(fmt::format("{}: the model says why \"{}\", the case expects \"{}\"",
                                     extra.relation, e->why, extra.why));
  }
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
    out += fmt::format("\n    {} {}{}{}{}{}", e.relation, pg_lock_name(e.lock),
                       e.rewrite ? " rewrite" : "", e.scan ? " scan" : "",
                       e.creates ? " creates" : "", e.why.empty() ? "" : " -- " + e.why);
  return out.empty() ? "\n    (no relation)" : out;
}

std::string case_file_path() {
  return std::string(PGDRYDOCK_TEST_DIR) + "/cases.txt";
}

// One server for every case of a test process: its base database is copied per case.
struct Server {
  std::unique_ptr<Sandbox> sandbox;
  int major = 0;
  const std::string base = "lockmodel_base";
};

class LockModelOnServer : public ::testing::TestWithParam<LockCase> {
protected:
  static void SetUpTestSuite() {
    server_ = new Server;
    server_->sandbox = Sandbox::start(SandboxOptions{});
    server_->major = server_->sandbox->server_major_version();
    server_->sandbox->create_database(server_->base, "template0");
    pqxx::connection conn(server_->sandbox->conninfo(server_->base));
    pqxx::nontransaction nt(conn);
    for (const std::string& sql : read_case_file(case_file_path()).base)
      nt.exec(sql);
  }
  static void TearDownTestSuite() {
    delete server_; // stops the cluster
    server_ = nullptr;
  }

  // A fresh copy of the base schema with the case's setup run in it.
  std::string prepare_database(const LockCase& c, const std::string& db) {
    server_->sandbox->create_database(db, server_->base);
    std::string conninfo = server_->sandbox->conninfo(db);
    if (!c.timezone.empty()) { // before the session that runs the statement connects
      pqxx::connection admin(conninfo);
      pqxx::nontransaction(admin).exec("ALTER DATABASE " + admin.quote_name(db) +
                                       " SET timezone = " + admin.quote(c.timezone));
    }
    pqxx::connection conn(conninfo);
    pqxx::nontransaction nt(conn);
    for (const std::string& sql : c.setup)
      nt.exec(sql);
    return conninfo;
  }

  // A case the server refuses: the server's error says `rejects:`, and the model reports an
  // error too instead of predicting locks.
  static void expect_refused(const LockCase& c, const CasePrediction& p,
                             const std::string& conninfo, const std::string& where) {
    std::string refused;
    try {
      if (c.autocommit)
        observe_autocommit(conninfo, c);
      else
        observe_in_transaction(conninfo, c);
    } catch (const std::exception& e) {
      refused = e.what();
    }
    EXPECT_NE(refused.find(c.rejects), std::string::npos)
        << where << "\n  the server should refuse it with \"" << c.rejects
        << "\"; it said: " << (refused.empty() ? "nothing (it ran)" : refused);
    EXPECT_FALSE(model_refusal(c, p).empty())
        << where
        << "\n  the server refuses it, but the model predicts locks:" << describe(p.effects);
  }

  static Server* server_;
  static CaseFile file_;
};

CaseFile LockModelOnServer::file_ = read_case_file(case_file_path());

Server* LockModelOnServer::server_ = nullptr;

TEST_P(LockModelOnServer, PredictionMatchesPgLocks) {
  const LockCase& c = GetParam();
  if (c.pg_version && c.pg_version != server_->major)
    GTEST_SKIP() << "needs PostgreSQL " << c.pg_version << ", the server is " << server_->major;
  const std::string where =
      fmt::format("{}:{}: {}\n  {}", case_file_path(), c.line, c.title, c.sql);
  const std::string db = fmt::format("lockmodel_case_{}", c.line);
  try {
    const std::string conninfo = prepare_database(c, db);
    CasePrediction p = predict_case(file_, c, server_->major);
    if (!c.rejects.empty()) {
      expect_refused(c, p, conninfo, where);
      server_->sandbox->drop_database(db);
      return;
    }
    ASSERT_TRUE(p.error.empty()) << where << "\n  " << p.error;
    Observation obs =
        c.autocommit ? observe_autocommit(conninfo, c) : observe_in_transaction(conninfo, c);
    std::vector<std::string> problems = compare(c, p.effects, obs);
    if (c.autocommit && only_unsampled(problems)) {
      // A sampled statement whose short phase fell between two samples gets one more run on a
      // fresh copy; a wrong mode is never retried.
      const std::string retry_db = db + "_retry";
      obs = observe_autocommit(prepare_database(c, retry_db), c);
      problems = compare(c, p.effects, obs);
      server_->sandbox->drop_database(retry_db);
    }
    std::string observed;
    for (const auto& [rel, mode] : obs.locks)
      observed += fmt::format("\n    {} {}", rel, pg_lock_name(mode));
    std::string text;
    for (const std::string& problem : problems)
      text += "\n  - " + problem;
    EXPECT_TRUE(problems.empty()) << where << text << "\n  predicted:" << describe(p.effects)
                                  << "\n  observed:" << observed;
  } catch (const std::exception& e) {
    ADD_FAILURE() << where << "\n  the server refused it: " << e.what();
  }
  server_->sandbox->drop_database(db);
}

} // namespace

// gtest prints a failing parameter with this instead of its bytes.
void PrintTo(const LockCase& c, std::ostream* os) {
  *os << "cases.txt:" << c.line << ": " << c.sql;
}

namespace {

// The test name is the case's title in identifier characters, then its line (titles may repeat):
// "add_a_nullable_column_L57".
std::string case_name(const ::testing::TestParamInfo<LockCase>& info) {
  std::string name;
  for (char ch : info.param.title) {
    if (std::isalnum(static_cast<unsigned char>(ch)))
      name += ch;
    else if (!name.empty() && name.back() != '_')
      name += '_';
    if (name.size() >= 90)
      break;
  }
  if (!name.empty() && name.back() != '_')
    name += '_';
  return name + "L" + std::to_string(info.param.line);
}

INSTANTIATE_TEST_SUITE_P(Cases, LockModelOnServer,
                         ::testing::ValuesIn(read_case_file(case_file_path()).cases), case_name);

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
