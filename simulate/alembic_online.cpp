#include "simulate/alembic_online.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "simulate/check/data_check.h"
#include "simulate/check/schema_snapshot.h"
#include "simulate/replay/replayer.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/seed/seeder.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string first_line(const std::string& text) {
  std::size_t nl = text.find('\n');
  return nl == std::string::npos ? text : text.substr(0, nl);
}

std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

AlembicStepResult step_from_json(const json& j) {
  AlembicStepResult s;
  s.action = text_of(j, "action");
  s.revision = text_of(j, "revision");
  if (auto ms = j.find("ms"); ms != j.end() && ms->is_number())
    s.ms = ms->get<double>();
  if (auto e = j.find("error"); e != j.end() && e->is_object()) {
    s.error = text_of(*e, "message");
    if (s.error.empty())
      s.error = "failed";
    s.sqlstate = text_of(*e, "sqlstate");
    s.statement = text_of(*e, "statement");
    if (auto line = e->find("line"); line != e->end() && line->is_number_integer())
      s.line = line->get<int>();
  }
  return s;
}

bool selected(const std::string& version, const std::string& name,
              const std::set<std::string>& only) {
  if (only.empty())
    return true;
  for (const auto& o : only)
    if (version == o || name == o || version.rfind(o, 0) == 0)
      return true;
  return false;
}

// A revision run online: what ran and why, beside what every simulation carries.
MigrationSimulation online_simulation_of(const AlembicOnlineRevision& rev) {
  MigrationSimulation sim;
  sim.online = OnlineRun{rev.reason, std::nullopt, std::nullopt};
  return sim;
}

// The revision's whole upgrade() or downgrade() as the one "statement" of its script.
ScriptResult online_script(const AlembicOnlineRevision& rev, Direction direction) {
  const bool up = direction == Direction::Up;
  ScriptResult script;
  script.direction = direction;
  script.file = rev.file;
  script.mode = TransactionMode::RunnerWrapped;
  script.mode_reason = "alembic: run online as a whole in one transaction (the revision cannot "
                       "render to SQL offline)";
  script.statement_count = 1;
  StatementResult st;
  st.location = {rev.file, up ? rev.upgrade_line : rev.downgrade_line, 1};
  st.text = fmt::format("alembic {} {}", up ? "upgrade" : "downgrade", rev.revision);
  st.kind = "AlembicOnlineRevision";
  st.in_transaction = true;
  script.statements.push_back(std::move(st));
  return script;
}

SimulationError failure_of(const AlembicOnlineRevision& rev, const AlembicStepResult& step,
                           Direction direction) {
  int line = step.line > 0 ? step.line
                           : (direction == Direction::Up ? rev.upgrade_line : rev.downgrade_line);
  ReplayErrorPlace place{to_string(direction),
                         0,
                         rev.file,
                         line,
                         1,
                         step.statement.empty()
                             ? fmt::format("alembic {} {}", step.action, rev.revision)
                             : step.statement,
                         step.sqlstate,
                         std::nullopt,
                         std::nullopt};
  // psycopg2 appends "LINE 1: ..." and a caret: the statement is given apart.
  return {first_line(step.error), std::move(place)};
}

class OnlineSimulation {
public:
  OnlineSimulation(const AlembicOptions& alembic, Sandbox& sandbox, const SimulateOptions& options)
      : alembic_(alembic), sandbox_(sandbox), options_(options) {}

  MigrationResult run(const AlembicOnlineRevision& rev, const std::string& baseline);

  // Applies the revision's upgrade to `database` (a schema state); an error message or "".
  std::string advance(const AlembicOnlineRevision& rev, const std::string& database) {
    AlembicOnlineRun run =
        run_alembic_online(alembic_, sandbox_.conninfo(database), {{"upgrade", rev.revision}},
                           options_.statement_timeout_ms);
    if (!run.fatal.empty())
      return run.fatal;
    if (!run.ok())
      return first_line(run.steps.back().error);
    return {};
  }

private:
  SeedSummary seed(const std::string& db) {
    sandbox_.set_phase(SandboxPhase::Loading);
    return seed_summary(seed_database(sandbox_.conninfo(db), options_.seed));
  }

  const AlembicOptions& alembic_;
  Sandbox& sandbox_;
  const SimulateOptions& options_;
};

MigrationResult OnlineSimulation::run(const AlembicOnlineRevision& rev,
                                      const std::string& baseline) {
  MigrationResult result;
  result.version = rev.revision;
  result.name = rev.name;
  result.layout = Layout::Alembic;
  result.runner = "alembic";
  result.has_down = rev.has_down;
  result.scripts.push_back(online_script(rev, Direction::Up));
  if (rev.has_down)
    result.scripts.push_back(online_script(rev, Direction::Down));

  MigrationSimulation sim = online_simulation_of(rev);
  const std::string db = sandbox_.fresh_database_name(rev.revision);
  sim.database = db;
  sandbox_.create_database(db, baseline);
  if (options_.seed_data)
    sim.seed = seed(db);
  sandbox_.set_phase(SandboxPhase::Replaying);

  SchemaSnapshot before;
  {
    PgSession s(sandbox_.conninfo(db));
    before = take_schema_snapshot(s);
    if (rev.has_down)
      preserve_table_data(s);
  }

  std::vector<AlembicStep> steps = {{"upgrade", rev.revision}};
  if (rev.has_down)
    steps.emplace_back("downgrade", rev.revision);
  AlembicOnlineRun run =
      run_alembic_online(alembic_, sandbox_.conninfo(db), steps, options_.statement_timeout_ms);
  // Fills the measured time of each step that ran to its end.
  for (std::size_t i = 0; i < run.steps.size() && i < result.scripts.size(); ++i) {
    const AlembicStepResult& step = run.steps[i];
    if (!step.ms)
      continue;
    StatementObservation timed;
    timed.duration_ms = *step.ms;
    timed.online = true;
    result.scripts[i].statements.front().measured = std::move(timed);
    (i == 0 ? sim.online->upgrade_ms : sim.online->downgrade_ms) = *step.ms;
  }

  if (!run.fatal.empty()) {
    AlembicStepResult failed{"upgrade", rev.revision, std::nullopt, run.fatal, "", "", 0};
    sim.error = failure_of(rev, failed, Direction::Up);
  } else if (!run.steps.empty() && !run.steps.front().error.empty()) {
    sim.error = failure_of(rev, run.steps.front(), Direction::Up);
  } else if (!rev.has_down) {
    sim.schema_diff.push_back("no downgrade() (missing or raising NotImplementedError): the "
                              "revision cannot be undone");
  } else if (run.steps.size() < 2 || !run.steps[1].error.empty()) {
    sim.down_failed = true;
    AlembicStepResult missing{"downgrade", rev.revision, std::nullopt, "did not run", "", "", 0};
    sim.error = failure_of(rev, run.steps.size() < 2 ? missing : run.steps[1], Direction::Down);
  } else {
    {
      PgSession s(sandbox_.conninfo(db));
      record_downgrade_checks(s, before, sim);
    }
    // Upgrade must work again after downgrade, as for SQL migrations.
    AlembicOnlineRun again =
        run_alembic_online(alembic_, sandbox_.conninfo(db), {{"upgrade", rev.revision}},
                           options_.statement_timeout_ms);
    if (!again.fatal.empty() || !again.ok()) {
      const AlembicStepResult* f = again.steps.empty() ? nullptr : &again.steps.back();
      sim.schema_diff.push_back(
          fmt::format("upgrade fails after downgrade at {}:{}: {}", rev.file,
                      f && f->line > 0 ? f->line : rev.upgrade_line,
                      first_line(again.fatal.empty() && f ? f->error : again.fatal)));
      sim.up_again_failed = true;
    }
    sim.reversible = sim.schema_diff.empty();
  }
  if (!options_.keep_databases)
    sandbox_.drop_database(db);
  result.simulation = sim;
  return result;
}

// One entry of the history: an offline migration or a revision run online.
struct PlanStep {
  const Migration* migration = nullptr;
  const AlembicOnlineRevision* online = nullptr;
  const std::string& version() const { return migration ? migration->version : online->revision; }
  const std::string& name() const { return migration ? migration->name : online->name; }
};

std::vector<PlanStep> history_plan(const MigrationSet& set,
                                   const std::vector<AlembicOnlineRevision>& online) {
  std::set<std::string> run_online;
  for (const auto& o : online)
    run_online.insert(o.revision);
  std::vector<PlanStep> plan;
  std::size_t next_online = 0;
  for (std::size_t i = 0; i <= set.migrations.size(); ++i) {
    while (next_online < online.size() && online[next_online].position <= i)
      plan.push_back({nullptr, &online[next_online++]});
    // A revision whose upgrade rendered but whose downgrade did not runs online as a whole.
    if (i < set.migrations.size() && !run_online.count(set.migrations[i].version))
      plan.push_back({&set.migrations[i], nullptr});
  }
  return plan;
}

// Replays a script unmeasured (building a schema state); the failure, if any.
std::optional<ReplayFailure> replay_plainly(ScriptResult& script, const std::string& conninfo,
                                            const SimulateOptions& options) {
  ReplayOptions ro;
  ro.conninfo = conninfo;
  ro.statement_timeout_ms = options.statement_timeout_ms;
  ro.measure = false;
  ro.pg_version = options.lint.pg_version;
  return replay_script(script, ro);
}

bool reported_online(const SkippedFile& skipped, const std::vector<AlembicOnlineRevision>& online) {
  for (const auto& o : online)
    if (skipped.path == o.file && skipped.reason.rfind("revision " + o.revision + ":", 0) == 0)
      return true;
  return false;
}

} // namespace

bool AlembicOnlineRun::ok() const {
  if (!fatal.empty())
    return false;
  for (const auto& s : steps)
    if (!s.error.empty())
      return false;
  return true;
}

AlembicOnlineRun run_alembic_online(const AlembicOptions& options, const std::string& conninfo,
                                    const std::vector<AlembicStep>& steps,
                                    long long statement_timeout_ms) {
  AlembicOnlineRun out;
  std::optional<std::string> helper = alembic_helper_path();
  if (!helper) {
    out.fatal = "cannot find pgdrydock's render_revisions.py (set PGDRYDOCK_ALEMBIC_HELPER to "
                "its path)";
    return out;
  }
  std::error_code ec;
  fs::path ini = fs::absolute(options.ini, ec);
  ProcessOptions command;
  command.argv = alembic_python(options.python);
  command.argv.push_back(*helper);
  command.argv.push_back("--online");
  command.argv.push_back("--config=" + ini.string());
  command.argv.push_back("--name=" + options.ini_section);
  for (const std::string& x : options.x_args)
    command.argv.push_back("--x-arg=" + x);
  if (options.standalone)
    command.argv.push_back("--standalone");
  for (const auto& [action, revision] : steps)
    command.argv.push_back("--step=" + action + ":" + revision);
  command.env_set = options.env;
  command.env_set.push_back("PGDRYDOCK_ONLINE_DSN=" + conninfo);
  // libpq reads PGOPTIONS: the same bound on each statement as replayed SQL gets.
  command.env_set.push_back(fmt::format("PGOPTIONS=-c statement_timeout={}", statement_timeout_ms));
  command.cwd = ini.parent_path().string();
  command.timeout = options.timeout;

  ProcessResult child = run_process(command);
  if (std::optional<std::string> why =
          alembic_run_failure(child.status, options, command.argv.front())) {
    out.fatal = *why;
    return out;
  }
  json doc = json::parse(child.out, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    std::string err = child.err;
    while (!err.empty() && err.back() == '\n')
      err.pop_back();
    std::size_t nl = err.rfind('\n');
    out.fatal =
        fmt::format("running revisions online failed (exit {}){}{}", child.status.code(),
                    err.empty() ? "" : ": ", nl == std::string::npos ? err : err.substr(nl + 1));
    return out;
  }
  if (auto f = doc.find("fatal"); f != doc.end() && f->is_object()) {
    out.fatal = text_of(*f, "message");
    return out;
  }
  if (auto s = doc.find("steps"); s != doc.end() && s->is_array())
    for (const json& step : *s)
      out.steps.push_back(step_from_json(step));
  if (out.steps.size() < steps.size() && out.ok())
    out.fatal = "render_revisions.py --online reported fewer steps than it was given";
  return out;
}

LintResult simulate_alembic_migrations(const MigrationSet& set,
                                       const std::vector<AlembicOnlineRevision>& online,
                                       const AlembicOptions& alembic, Sandbox& sandbox,
                                       const SimulateOptions& options) {
  LintResult out;
  out.pg_version = options.lint.pg_version;
  for (const auto& s : set.skipped)
    if (!reported_online(s, online))
      out.skipped.push_back(s);
  out.errors = set.errors;
  OnlineSimulation online_simulation(alembic, sandbox, options);
  const std::vector<PlanStep> plan = history_plan(set, online);

  // As simulate_migrations: the schema before step k is every earlier step's upgrade applied
  // to an empty database, without data.
  std::string state = sandbox.fresh_database_name("state0");
  sandbox.create_database(state, "template0");
  std::string baseline_error;
  std::vector<std::string> baseline_notes; // how the schema state departs from the revisions
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PlanStep& step = plan[i];
    if (selected(step.version(), step.name(), options.only)) {
      if (!baseline_error.empty()) {
        MigrationResult r;
        if (step.migration) {
          r = lint_migration(*step.migration, options.lint);
        } else {
          r.version = step.online->revision;
          r.name = step.online->name;
          r.layout = Layout::Alembic;
          r.runner = "alembic";
          r.has_down = step.online->has_down;
        }
        r.simulation = step.online ? online_simulation_of(*step.online) : MigrationSimulation{};
        r.simulation->error = SimulationError{baseline_error, std::nullopt};
        out.migrations.push_back(std::move(r));
        continue;
      }
      out.migrations.push_back(step.migration
                                   ? simulate_migration(*step.migration, sandbox, options, state)
                                   : online_simulation.run(*step.online, state));
      if (!baseline_notes.empty())
        out.migrations.back().simulation->baseline_notes = baseline_notes;
    }
    if (i + 1 == plan.size() || !baseline_error.empty())
      break;
    const std::string next = sandbox.fresh_database_name("state" + std::to_string(i + 1));
    sandbox.create_database(next, state);
    if (step.migration) {
      MigrationResult plain = lint_migration(*step.migration, options.lint);
      if (auto f = replay_plainly(plain.scripts.front(), sandbox.conninfo(next), options)) {
        // Inside its transaction it fails (CREATE INDEX CONCURRENTLY in a revision's
        // transaction): apply it statement by statement, as with the autocommit block its
        // finding asks for, so the revisions after it are still simulated.
        sandbox.drop_database(next);
        sandbox.create_database(next, state);
        ScriptResult alone = plain.scripts.front();
        alone.mode = TransactionMode::Autocommit;
        if (auto fa = replay_plainly(alone, sandbox.conninfo(next), options))
          baseline_error = fmt::format("baseline: migration {} fails at {}:{}: {}", step.version(),
                                       fa->location.file, fa->location.line, fa->error.message);
        else
          baseline_notes.push_back(fmt::format(
              "revision {} fails in its transaction ({}:{}: {}); its statements were applied "
              "one by one to build the schema of the revisions after it",
              step.version(), f->location.file, f->location.line, f->error.message));
      }
    } else if (std::string why = online_simulation.advance(*step.online, next); !why.empty()) {
      baseline_error = fmt::format("baseline: revision {} fails online at {}: {}", step.version(),
                                   step.online->file, why);
    }
    sandbox.drop_database(state);
    state = next;
  }
  sandbox.drop_database(state);
  out.summary = summarize(out);
  return out;
}

} // namespace pgdrydock
