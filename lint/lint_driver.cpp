#include "lint/lint_driver.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <thread>

#include "lint/catalog/apply.h"
#include "lint/catalog/catalog.h"
#include "lint/catalog/replay.h"
#include "lint/context_tracker.h"
#include "lint/effects/catalog_hints.h"
#include "lint/effects/predict.h"
#include "lint/lint_workers.h"
#include "lint/plpgsql_body.h"
#include "lint/rule_registry.h"
#include "lint/sources/popx_chain.h"
#include "lint/sql_parser.h"
#include "lint/statement_limits.h"
#include "lint/stats_escalation.h"
#include "lint/support/error.h"
#include "lint/syntax_finding.h"

namespace pgdrydock {
namespace {

// Rules grouped by the statement kinds they subscribe to, built once per run. by_kind and
// any_kind hold indexes into `all`, which also index a script's rule states.
struct Dispatch {
  std::map<std::string_view, std::vector<std::size_t>, std::less<>> by_kind;
  std::vector<std::size_t> any_kind;
  std::vector<const Rule*> all;

  explicit Dispatch(const RuleSettings& settings) {
    for (const auto& r : RuleRegistry::instance().rules()) {
      if (!settings.enabled(r->id()))
        continue;
      std::size_t i = all.size();
      all.push_back(r.get());
      auto kinds = r->statement_kinds();
      if (kinds.empty())
        any_kind.push_back(i);
      for (auto k : kinds)
        by_kind[k].push_back(i);
    }
  }
};

// The rules' own states for one script, fresh for each (Rule::new_script_state).
class ScriptStates {
public:
  explicit ScriptStates(const Dispatch& dispatch) {
    states_.reserve(dispatch.all.size());
    for (const Rule* r : dispatch.all) {
      states_.push_back(r->new_script_state());
      if (states_.back())
        kept_.push_back(states_.back().get());
    }
  }
  ScriptState* of(std::size_t rule) const { return states_[rule].get(); }
  void seen(const StatementSeen& statement) const {
    for (ScriptState* s : kept_)
      s->seen(statement);
  }

private:
  std::vector<std::unique_ptr<ScriptState>> states_; // by rule index, nullptr when none
  std::vector<ScriptState*> kept_;                   // the non-null ones
};

class Collector : public FindingSink {
public:
  Collector(const Statement* st, const RuleSettings& settings, std::vector<Finding>& out)
      : st_(st), settings_(settings), out_(out) {}
  void add(Finding f) override {
    if (st_ && st_->ignored(f.rule_id))
      return;
    if (!settings_.enabled(f.rule_id))
      return;
    if (auto it = settings_.severity.find(f.rule_id); it != settings_.severity.end())
      f.severity = it->second;
    out_.push_back(std::move(f));
  }

private:
  const Statement* st_;
  const RuleSettings& settings_;
  std::vector<Finding>& out_;
};

// catalog: the schema before the script, moved past each statement after the rules saw it.
// change_created (the `--changed` case): the relations that earlier migrations of the same
// change created; they are not deployed yet, so they are as new and empty as those the script
// creates itself. The script's own are added to it when it is done.
void lint_script(const Script& script, Direction direction, const Migration& migration,
                 const LintOptions& options, const Dispatch& dispatch, ParseSession& parser,
                 ScriptResult& out, Catalog* catalog,
                 std::set<std::string>* change_created = nullptr) {
  out.direction = direction;
  out.file = script.file->path();
  out.mode = script.mode;
  out.mode_reason = script.mode_reason;

  LintContext ctx;
  ctx.pg_version = options.pg_version;
  ctx.migration = &migration;
  ctx.direction = direction;
  ctx.catalog = catalog;
  begin_script(ctx, script.mode);
  if (change_created)
    ctx.created_relations = ctx.created_relations_at_begin = *change_created;
  ScriptStates states(dispatch);
  EffectContext ectx{options.pg_version, &ctx.created_relations, &ctx.time_zone};
  CatalogHints hints = catalog_hints(catalog);
  std::optional<CatalogSession> catalog_session;
  if (catalog)
    catalog_session.emplace(*catalog);

  // Recursive: the statements a DO block runs are linted like top-level ones (after it).
  std::function<void(Statement&)> lint_statement = [&](Statement& st) {
    if (st.inside_do_line == 0) // the count is of the script's own statements
      ++out.statement_count;
    StatementResult sr;
    sr.location = st.location;
    sr.inside_do_line = st.inside_do_line;
    sr.in_transaction = ctx.in_transaction;
    Collector sink(&st, options.rules, sr.findings);
    DoBlockContents inner;

    std::optional<Node> root;
    bool grammar_rejected = false; // the parser (not the scanner or a limit) refused it
    if (!st.syntax_error && !st.psql_meta && !st.dynamic_execute) {
      ParseResult parsed = parser.parse(st.text());
      if (parsed) {
        root = *parsed;
      } else {
        grammar_rejected = true;
        st.syntax_error = parsed.error().message;
        st.error_location = st.file->location(st.begin + parsed.error().byte_offset);
      }
    }
    if (st.psql_meta || st.dynamic_execute) {
      // psql runs it, not the server (or it is SQL made at run time): never parsed; only the
      // rules subscribed to its kind see it.
      sr.kind = std::string(st.psql_meta ? kPsqlMetaCommandKind : kDynamicExecuteKind);
      StatementTraits traits;
      RuleInput input{st, Node{}, Node{}, sr.effects, traits, ctx, nullptr};
      if (auto it = dispatch.by_kind.find(sr.kind); it != dispatch.by_kind.end())
        for (std::size_t rule : it->second) {
          input.state = states.of(rule);
          dispatch.all[rule]->check(input, sink);
        }
    } else if (st.syntax_error) {
      sink.add(syntax_finding(st, grammar_rejected, options.pg_version));
      states.seen(StatementSeen{st, Node{}, {}, ctx});
      advance_context(ctx, Node{}, {});
    } else {
      sr.kind = std::string(root->kind());
      sr.effects = predict_effects(*root, ectx, hints);
      StatementTraits traits = statement_traits(*root, ectx);
      RuleInput input{st, *root, root->body(), sr.effects, traits, ctx, nullptr};
      auto run = [&](std::size_t rule) {
        input.state = states.of(rule);
        dispatch.all[rule]->check(input, sink);
      };
      if (auto it = dispatch.by_kind.find(sr.kind); it != dispatch.by_kind.end())
        for (std::size_t rule : it->second)
          run(rule);
      for (std::size_t rule : dispatch.any_kind)
        run(rule);
      if (options.table_sizes)
        weigh_findings_by_table_size(sr.findings, sr.effects, traits, ctx, *options.table_sizes);
      states.seen(StatementSeen{st, *root, sr.effects, ctx});
      advance_context(ctx, *root, sr.effects);
      if (catalog_session)
        catalog_session->apply(*root, st.text(), st.location);
      if (sr.kind == "DoStmt") {
        inner = do_block_contents(st, *root, parser); // ends root's life
        for (Finding& f : inner.findings)
          sink.add(std::move(f));
      }
    }
    if (options.keep_all_statements || !sr.findings.empty()) {
      sr.text = std::string(st.text());
      if (st.copy_in)
        sr.copy_rows = std::string(st.copy_data());
      out.statements.push_back(std::move(sr));
    }
    for (Statement& nested : inner.statements)
      lint_statement(nested);
  };
  for_each_statement(script.file, script.begin, script.end,
                     [&](Statement& st) { lint_statement(st); });
  if (change_created)
    change_created->insert(ctx.created_relations.begin(), ctx.created_relations.end());
}

MigrationResult result_header(const Migration& m) {
  MigrationResult r;
  r.version = m.version;
  r.name = m.name;
  r.layout = m.layout;
  r.runner = m.runner;
  r.has_down = m.down.has_value();
  return r;
}

// Anything a file's lint throws reaches the caller as an input error naming the file (the CLI
// exits 2 with `file: message`), never std::terminate from a worker thread.
[[noreturn]] void rethrow_naming(const std::string& file) {
  try {
    throw;
  } catch (const ErrorException&) {
    throw;
  } catch (const std::exception& e) {
    throw ErrorException(
        Error{file, 0, 0, std::string("internal error while linting this file: ") + e.what()});
  } catch (...) {
    throw ErrorException(Error{file, 0, 0, "internal error while linting this file"});
  }
}

// A part of a popx chain (lint/sources/popx_chain.h): its down starts after the last part's up
// and the downs of the parts after it, as a rollback of the chain runs them.
struct ChainDown {
  DownChain chain;
  std::size_t part = 0;               // index in the history
  const Catalog* after_ups = nullptr; // null: not a chained part
  const Catalog* start = nullptr;
};

// The part of a migration's lint that needs no catalog chain: the down script (from the
// schema after the up, or where a popx chain's rollback reaches it) and the migration-level
// checks. `r` already holds the up's result. before/after_up are null when linting without a
// catalog.
void finish_migration(const Migration& m, const LintOptions& options, const Dispatch& dispatch,
                      ParseSession& parser, const Catalog* before, const Catalog* after_up,
                      const ChainDown& chain, MigrationResult& r) {
  // An up that could not be read (Migration::up_error) left its changes out of the catalog:
  // its down is linted without one, not against a schema it never ran on.
  if (!m.up_error.empty())
    before = after_up = nullptr;
  std::optional<Catalog> after_down;
  if (m.down) {
    if (chain.start)
      after_down = *chain.start;
    else if (after_up)
      after_down = *after_up;
    r.scripts.emplace_back();
    lint_script(*m.down, Direction::Down, m, options, dispatch, parser, r.scripts.back(),
                after_down ? &*after_down : nullptr);
  }
  Collector sink(nullptr, options.rules, r.findings);
  MigrationInput input{m, options.pg_version};
  if (after_up) {
    input.catalog_before = before;
    input.catalog_after_up = after_up;
    input.catalog_after_down = after_down ? &*after_down : nullptr;
    input.chain_after_ups = chain.after_ups;
    input.chain_part = chain.part - chain.chain.first;
    input.chain_parts = chain.chain.last - chain.chain.first + 1;
  }
  for (const Rule* rule : dispatch.all)
    rule->check_migration(input, sink);
}

// Lints migrations[chosen[k]] into out[k] (chosen ascending). With the catalog, each up script
// is linted by the sequential replay itself, which parses every statement once and hands the
// same tree to the rules and the catalog. The rest of a migration (its down script and the
// migration-level checks) goes to the worker threads as soon as the replay has passed its up,
// and drops the two snapshots it read when done: the replay of later migrations runs beside it,
// and memory stays flat in the length of the history. Only a popx chain's parts wait for the
// whole replay (their downs start from the catalog after the chain's last part). Without the
// catalog, whole migrations go to the workers. The result is the same on any number of threads.
void lint_chosen(std::span<const Migration> migrations, const std::vector<std::size_t>& chosen,
                 const LintOptions& options, std::vector<MigrationResult>& out) {
  const std::size_t count = chosen.size();
  if (count == 0)
    return;
  Dispatch dispatch(options.rules);
  const std::vector<DownChain> chains = popx_down_chains(migrations);
  const bool chained =
      std::any_of(chosen.begin(), chosen.end(), [&](std::size_t i) { return chains[i].chained(); });
  std::vector<std::exception_ptr> failures(count);
  std::atomic<bool> failed{false};
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(count));

  // The rest of migration chosen[k]: before/after_up are null without the catalog.
  using Snapshot = std::shared_ptr<const Catalog>;
  auto rest = [&](std::size_t k, const Snapshot& before, const Snapshot& after_up,
                  const ChainDown& chain, ParseSession& parser) {
    if (failed)
      return; // the run fails: the rest is not worth linting
    const Migration& m = migrations[chosen[k]];
    const std::string* file = &m.up.file->path();
    try {
      if (!options.use_catalog) {
        out[k] = result_header(m);
        out[k].scripts.emplace_back();
        lint_script(m.up, Direction::Up, m, options, dispatch, parser, out[k].scripts.back(),
                    nullptr);
      }
      if (m.down)
        file = &m.down->file->path();
      finish_migration(m, options, dispatch, parser, before.get(), after_up.get(), chain, out[k]);
    } catch (...) {
      try {
        rethrow_naming(*file);
      } catch (...) {
        failures[k] = std::current_exception();
      }
      failed = true;
    }
  };
  auto alone = [&](std::size_t k) { return ChainDown{chains[chosen[k]], chosen[k], {}, {}}; };

  // Declared before the workers, whose jobs may read them, so that they outlive the threads.
  std::vector<Snapshot> catalogs;             // every snapshot, when a chain needs them
  std::vector<std::optional<Catalog>> starts; // where the chains' downs start
  LintWorkers workers(threads);
  if (!options.use_catalog) {
    for (std::size_t k = 0; k < count; ++k)
      workers.post([&, k](ParseSession& parser) { rest(k, nullptr, nullptr, alone(k), parser); });
  } else {
    // Migrations after the last one linted cannot change what it sees: leave them out (but
    // for the rest of its popx chain, whose rollback reaches its down).
    std::span<const Migration> needed =
        migrations.first(std::max(chosen.back(), chains[chosen.back()].last) + 1);
    std::size_t k = 0; // the next chosen migration
    // `--changed`: the chosen migrations are one change, not deployed yet (lint_script).
    std::set<std::string> change_created;
    std::set<std::string>* in_change = options.linted.empty() ? nullptr : &change_created;
    UpScriptPass lint_ups;
    lint_ups.takes = [&](std::size_t i) { return k < count && chosen[k] == i; };
    lint_ups.run = [&](std::size_t i, Catalog& catalog, ParseSession& parser) {
      const Migration& m = migrations[i];
      if (k == 0)
        options.progress->phase("lint migrations");
      options.progress->overall(static_cast<long long>(k), static_cast<long long>(count));
      if (options.keep_catalog && i == options.keep_at)
        options.keep_catalog(catalog);
      try {
        out[k] = result_header(m);
        out[k].scripts.emplace_back();
        lint_script(m.up, Direction::Up, m, options, dispatch, parser, out[k].scripts.back(),
                    &catalog, in_change);
      } catch (...) {
        rethrow_naming(m.up.file->path());
      }
      ++k;
    };
    std::size_t posted = 0; // the next chosen migration whose rest is not posted yet
    Snapshot before;        // the catalog before chosen[posted], once the replay reached it
    Snapshot last;          // the catalog after the last linted up
    if (!chained)
      lint_ups.snapshot = [&](std::size_t i, Snapshot snap) {
        if (before && chosen[posted] + 1 == i) { // the replay has passed its up
          workers.post([&, p = posted, b = std::move(before), a = snap](ParseSession& parser) {
            rest(p, b, a, alone(p), parser);
          });
          ++posted;
        }
        if (posted < count && chosen[posted] == i)
          before = snap;
        last = std::move(snap);
      };
    ReplayResume resume;
    if (options.resume_catalog && options.resume_at <= chosen.front())
      resume = {options.resume_catalog, options.resume_at};
    if (chosen.front() > 0)
      options.progress->phase("replay the history before the linted migrations");
    catalogs = replay_history(needed, options.schema, chosen.front(), lint_ups, resume);
    if (chained) { // every snapshot was kept: the chains' downs need them
      starts = chain_down_starts(migrations, chosen, chains, catalogs);
      for (std::size_t c = 0; c < count; ++c) {
        const std::size_t i = chosen[c];
        const ChainDown chain{chains[i], i,
                              starts[c] ? catalogs[chains[i].last + 1].get() : nullptr,
                              starts[c] ? &*starts[c] : nullptr};
        workers.post([&, c, chain](ParseSession& parser) {
          rest(c, catalogs[chosen[c]], catalogs[chosen[c] + 1], chain, parser);
        });
      }
      last = catalogs.back();
    }
    if (!options.free_catalog)
      new Snapshot(std::move(last)); // deliberately never freed: see LintOptions::free_catalog
  }
  workers.finish();
  for (const std::exception_ptr& failure : failures)
    if (failure)
      std::rethrow_exception(failure); // the earliest in history order of those that ran
}

} // namespace

MigrationResult lint_migration(const Migration& migration, const LintOptions& options) {
  std::vector<MigrationResult> out(1);
  lint_chosen(std::span<const Migration>(&migration, 1), {0}, options, out);
  return std::move(out.front());
}

LintResult lint_migrations(const MigrationSet& set, const LintOptions& options) {
  LintResult result;
  result.pg_version = options.pg_version;
  result.skipped = set.skipped;
  result.errors = set.errors;
  // The indexes to lint, in history order.
  std::vector<std::size_t> chosen;
  if (!options.linted.empty()) {
    for (std::size_t i : options.linted)
      if (i < set.migrations.size())
        chosen.push_back(i);
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  } else {
    for (std::size_t i = std::min(options.first_linted, set.migrations.size());
         i < set.migrations.size(); ++i)
      chosen.push_back(i);
  }
  result.migrations.resize(chosen.size());
  lint_chosen(set.migrations, chosen, options, result.migrations);
  result.summary = summarize(result);
  return result;
}

} // namespace pgdrydock
