#include "simulate/replay/replayer.h"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "lint/effects/predict.h"
#include "lint/sql_parser.h"
#include "lint/support/quote_identifier.h"
#include "simulate/check/schema_snapshot.h"
#include "simulate/replay/block_probe.h"
#include "simulate/replay/model_disagreements.h"
#include "simulate/replay/observed_locks.h"
#include "simulate/replay/psql_steps.h"
#include "simulate/replay/relation_owners.h"
#include "simulate/sandbox/conninfo.h"

namespace pgdrydock {
namespace {

using Clock = std::chrono::steady_clock;
double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

std::string locks_query(int pid) {
  return fmt::format("SELECT l.relation, l.mode FROM pg_locks l WHERE l.pid = {} AND "
                     "l.locktype = 'relation' AND l.granted AND l.database = (SELECT oid FROM "
                     "pg_database WHERE datname = current_database())",
                     pid);
}

void add_locks(LockSet& set, const PgRows& rows) {
  for (std::size_t i = 0; i < rows.rows.size(); ++i)
    set[rows.value(i, 0)].insert(rows.value(i, 1));
}

// The user's relations and the granted relation locks of backend $1 (0: none), read before and
// after every statement. Prepared once per session: planning this catalog join took about
// three times as long as running it (0.3 ms against 0.09 ms per read, bench/README.md), and
// two reads per statement are most of what instrumenting a cheap statement adds. Objects
// created after initdb have oids from 16384 (FirstNormalObjectId) on, also after the oid counter
// wraps: that range, read through pg_class's oid index, skips the ~400 built-in relations.
constexpr const char* kStateStatement = "pgdrydock_state";

std::string state_query() {
  return fmt::format(
      "SELECT 'R', c.oid::text, n.nspname || '.' || c.relname, c.relkind::text, "
      "c.relfilenode::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
      "c.relnamespace WHERE c.oid >= 16384 AND n.nspname {} AND n.nspname NOT LIKE 'pg_temp%' "
      "AND c.relkind IN ('r','p','i','I','m','S','v') "
      "UNION ALL SELECT 'L', l.relation::text, l.mode, '', '' FROM "
      "pg_catalog.pg_locks l WHERE l.pid = $1::int AND l.locktype = 'relation' AND l.granted AND "
      "l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
      "pg_catalog.current_database())",
      kUserSchemaFilter);
}

// Relations, and the locks of backend `locks_of_pid` when it is not 0, in one round trip.
void read_state(PgSession& s, int locks_of_pid, RelationMap* relations, LockSet* locks) {
  PgRows rows = s.query_prepared(kStateStatement, {std::to_string(locks_of_pid)});
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    if (rows.value(i, 0) == "R") {
      const std::string kind = rows.value(i, 3);
      (*relations)[rows.value(i, 1)] = {rows.value(i, 2), kind.empty() ? 'r' : kind[0],
                                        rows.value(i, 4), ""};
    } else if (locks) {
      (*locks)[rows.value(i, 1)].insert(rows.value(i, 2));
    }
  }
}

struct StatementKind {
  bool transaction_control = false;
  bool cannot_run_in_transaction = false;
  // DEALLOCATE ALL, DISCARD ALL: the replayer's prepared state query is gone afterwards.
  bool forgets_prepared = false;
  // DISCARD ALL, RESET ALL: so is the replayer's statement_timeout.
  bool resets_settings = false;
};

StatementKind classify(ParseSession& parser, const std::string& text, int pg_version) {
  StatementKind k;
  if (ParseResult root = parser.parse(text)) {
    EffectContext ctx;
    ctx.pg_version = pg_version;
    StatementTraits traits = statement_traits(*root, ctx);
    k.transaction_control = traits.transaction_control;
    k.cannot_run_in_transaction = traits.cannot_run_in_transaction;
    const bool discard_all = root->as("DiscardStmt").str("target") == "DISCARD_ALL";
    Node deallocate = root->as("DeallocateStmt");
    k.forgets_prepared = discard_all || (deallocate && !deallocate.has("name"));
    k.resets_settings = discard_all || root->as("VariableSetStmt").str("kind") == "VAR_RESET_ALL";
  }
  return k;
}

bool is_table_like(char kind) {
  return kind == 'r' || kind == 'p' || kind == 'm' || kind == 'v';
}

std::string quoted_relation(const std::string& qualified) {
  auto dot = qualified.find('.');
  if (dot == std::string::npos)
    return quote_identifier(qualified);
  return quote_identifier(qualified.substr(0, dot)) + "." +
         quote_identifier(qualified.substr(dot + 1));
}

bool touches_existing_relation(const ScriptResult& script) {
  for (const auto& st : script.statements)
    for (const auto& e : st.effects)
      if (!e.creates)
        return true;
  return false;
}

class Replayer {
public:
  Replayer(ScriptResult& script, const ReplayOptions& options)
      : script_(script), options_(options), session_(options.conninfo) {
    apply_settings();
    if (options.measure)
      session_.prepare(kStateStatement, state_query());
    // The lock sampler connects on first use (only CONCURRENTLY statements need it). The
    // probe starts connecting now, in the background, when some statement is predicted to
    // touch an existing relation: a connection costs milliseconds.
    if (options.measure && touches_existing_relation(script))
      probe_ = std::make_unique<BlockProbe>(options.conninfo);
  }

  std::optional<ReplayFailure> run();

private:
  void apply_settings() {
    PgSessionSettings settings;
    settings.statement_timeout_ms = options_.statement_timeout_ms;
    settings.application_name = "pgdrydock";
    session_.exec(session_settings_sql(settings));
  }
  std::optional<PgError> run_plain(const StatementResult& st, const StatementKind& kind) {
    auto error = st.copy_rows ? copy_in(session_, st) : session_.exec(st.text);
    if (!error && kind.resets_settings)
      apply_settings();
    return error;
  }
  std::optional<PgError> run_measured(StatementResult& st, const StatementKind& kind);
  // Sends sql and waits for it; samples its locks from the second session when asked.
  std::optional<PgError> send_and_wait(const std::string& sql, LockSet* sampled);

  // What the last measured statement left: the next statement's "before" without a second
  // read, since nothing else runs in this private database between two statements (COMMIT
  // changes no relation; its locks are gone after it).
  struct KnownState {
    RelationMap relations;
    LockSet held; // locks of this session's open transaction (empty outside one)
  };

  ScriptResult& script_;
  const ReplayOptions& options_;
  std::optional<KnownState> known_;
  PgSession session_;
  std::unique_ptr<BlockProbe> probe_;
  std::unique_ptr<PgSession> sampler_;
  RelationOwners owners_;
  ParseSession parser_;
};

std::optional<PgError> Replayer::send_and_wait(const std::string& sql, LockSet* sampled) {
  session_.send(sql);
  const std::string sample_sql = locks_query(session_.backend_pid());
  if (sampled && !sampler_)
    sampler_ = std::make_unique<PgSession>(options_.conninfo);
  while (!session_.finished()) {
    if (sampled) {
      add_locks(*sampled, sampler_->query(sample_sql));
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    } else {
      pollfd fd{session_.socket(), POLLIN, 0};
      poll(&fd, 1, 100);
    }
  }
  return session_.result();
}

std::optional<PgError> Replayer::run_measured(StatementResult& st, const StatementKind& kind) {
  const bool was_in_tx = session_.in_transaction();
  const bool sampled = kind.cannot_run_in_transaction && !was_in_tx;
  // A statement that commits on its own runs inside BEGIN ... COMMIT here, so its locks can be
  // read before they are released; for a single statement that changes nothing else.
  const bool own_tx = !was_in_tx && !sampled && !kind.transaction_control;
  const int pid = session_.backend_pid();

  RelationMap before;
  LockSet held_before;
  if (own_tx)
    session_.exec("BEGIN");
  if (known_) {
    before = std::move(known_->relations);
    if (was_in_tx)
      held_before = std::move(known_->held);
    known_.reset();
  } else {
    read_state(session_, was_in_tx ? pid : 0, &before, &held_before);
    owners_.fill(session_, before);
  }

  // The probe watches the existing relations the statement is predicted to touch and those the
  // transaction already holds: an earlier statement's lock blocks others during this one too.
  std::set<std::string> watched;
  for (const auto& e : st.effects)
    if (!e.creates)
      watched.insert(e.relation);
  for (const auto& [oid, modes] : held_before)
    if (auto it = before.find(oid); it != before.end())
      watched.insert(it->second.name);
  std::vector<ProbeTarget> targets;
  for (const auto& [oid, info] : before)
    if (is_table_like(info.kind) && watched.count(info.name))
      targets.push_back({quoted_relation(info.name), info.kind == 'r' || info.kind == 'p'});
  if (!targets.empty() && !probe_)
    probe_ = std::make_unique<BlockProbe>(options_.conninfo);
  if (probe_)
    probe_->watch(targets);

  const auto t0 = Clock::now();
  LockSet sampled_locks;
  auto send = [&] { return send_and_wait(st.text, sampled ? &sampled_locks : nullptr); };
  std::optional<PgError> error = st.copy_rows    ? copy_in(session_, st)
                                 : options_.hook ? options_.hook->around(st, session_, send)
                                                 : send();
  const auto t1 = Clock::now();
  double duration = ms_between(t0, t1);

  if (error) {
    if (probe_)
      probe_->finish(t0, t1);
    if (own_tx && session_.in_transaction())
      session_.exec("ROLLBACK");
    return error;
  }
  if (kind.resets_settings)
    apply_settings();
  if (kind.forgets_prepared)
    session_.prepare(kStateStatement, state_query());
  LockSet after;
  RelationMap now;
  if (session_.in_transaction())
    read_state(session_, pid, &now, &after);
  auto t2 = Clock::now();
  if (own_tx) {
    auto commit_start = Clock::now();
    if (auto e = session_.exec("COMMIT"))
      return e;
    t2 = Clock::now();
    duration += ms_between(commit_start, t2);
  }
  if (!session_.in_transaction() && now.empty())
    read_state(session_, 0, &now, nullptr);
  owners_.fill(session_, now);
  LockSet held_now = session_.in_transaction() ? after : LockSet{};
  BlockWindows windows = probe_ ? probe_->finish(t0, t2) : BlockWindows{};

  // Observed: what the session holds after it, what is new to this statement, and relations
  // whose file changed.
  if (sampled)
    after = sampled_locks;
  LockObservation seen = observe_locks(before, now, held_before, after);
  StatementObservation result;
  for (const auto& [name, o] : seen.observed)
    result.observed.push_back(o);
  result.duration_ms = duration;
  result.blocked_reads_ms = windows.reads_ms;
  result.blocked_writes_ms = windows.writes_ms;
  result.mismatch = model_disagreements(st.effects, seen, sampled);
  result.locks = std::move(seen.locks);
  result.lock_observation = sampled ? "sampled" : "transaction";
  st.measured = std::move(result);
  known_ = KnownState{std::move(now), std::move(held_now)};
  return std::nullopt;
}

std::optional<ReplayFailure> Replayer::run() {
  std::vector<StatementKind> kinds;
  int real_statements = 0;
  for (const auto& st : script_.statements) {
    kinds.push_back(classify(parser_, st.text, options_.pg_version));
    if (!kinds.back().transaction_control && sent_on_its_own(st))
      ++real_statements;
  }
  // How the runner sends it: wrapped in one transaction, or each statement on its own. A
  // multi-statement simple query is one implicit transaction; alone, a statement is not.
  const bool wrap = script_.mode == TransactionMode::RunnerWrapped ||
                    (script_.mode == TransactionMode::ImplicitMulti && real_statements > 1);
  if (wrap)
    session_.exec("BEGIN");
  for (std::size_t i = 0; i < script_.statements.size(); ++i) {
    StatementResult& st = script_.statements[i];
    if (!sent_on_its_own(st))
      continue;
    auto error = options_.measure ? run_measured(st, kinds[i]) : run_plain(st, kinds[i]);
    if (error) {
      if (session_.in_transaction())
        session_.exec("ROLLBACK");
      return ReplayFailure{static_cast<int>(i), st.location, st.text, *error};
    }
  }
  if (wrap && session_.in_transaction()) {
    auto t0 = Clock::now();
    if (auto error = session_.exec("COMMIT")) {
      const auto& last = script_.statements.empty() ? StatementResult{} : script_.statements.back();
      return ReplayFailure{static_cast<int>(script_.statements.size()), last.location, "COMMIT",
                           *error};
    }
    if (options_.measure && !script_.statements.empty()) {
      auto& m = script_.statements.back().measured;
      if (m)
        m->commit_ms = ms_between(t0, Clock::now());
    }
  }
  return std::nullopt;
}

} // namespace

SimulationError ReplayFailure::to_error(Direction direction) const {
  ReplayErrorPlace place{pgdrydock::to_string(direction),
                         statement_index,
                         location.file,
                         location.line,
                         location.column,
                         statement,
                         error.sqlstate,
                         std::nullopt,
                         std::nullopt};
  if (!error.detail.empty())
    place.detail = error.detail;
  if (!error.hint.empty())
    place.hint = error.hint;
  return {error.message, std::move(place)};
}

std::optional<ReplayFailure> replay_script(ScriptResult& script, const ReplayOptions& options) {
  Replayer replayer(script, options);
  return replayer.run();
}

} // namespace pgdrydock
