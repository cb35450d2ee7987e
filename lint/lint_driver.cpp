#include "lint/lint_driver.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <span>
#include <thread>

#include "lint/catalog/apply.h"
#include "lint/catalog/catalog.h"
#include "lint/catalog/replay.h"
#include "lint/context_tracker.h"
#include "lint/effects/catalog_hints.h"
#include "lint/rule_registry.h"
#include "lint/sources/popx_chain.h"
#include "lint/sql_parser.h"
#include "lint/statement_limits.h"
#include "lint/stats_escalation.h"
#include "lint/support/error.h"

namespace pgdrydock {
namespace {

constexpr std::string_view kSyntaxError = "syntax-error";

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
void lint_script(const Script& script, Direction direction, const Migration& migration,
                 const LintOptions& options, const Dispatch& dispatch, ParseSession& parser,
                 ScriptResult& out, Catalog* catalog) {
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
  ScriptStates states(dispatch);
  EffectContext ectx{options.pg_version, &ctx.created_relations, &ctx.time_zone};
  CatalogHints hints = catalog_hints(catalog);
  std::optional<CatalogSession> catalog_session;
  if (catalog)
    catalog_session.emplace(*catalog);

  for_each_statement(script.file, script.begin, script.end, [&](Statement& st) {
    ++out.statement_count;
    StatementResult sr;
    sr.location = st.location;
    sr.in_transaction = ctx.in_transaction;
    Collector sink(&st, options.rules, sr.findings);

    std::optional<Node> root;
    if (!st.syntax_error && !st.psql_meta) {
      ParseResult parsed = parser.parse(st.text());
      if (parsed) {
        root = *parsed;
      } else {
        st.syntax_error = parsed.error().message;
        st.error_location = st.file->location(st.begin + parsed.error().byte_offset);
      }
    }
    if (st.psql_meta) {
      // psql runs it, not the server: never parsed; only the rules subscribed to its kind see it.
      sr.kind = std::string(kPsqlMetaCommandKind);
      StatementTraits traits;
      RuleInput input{st, Node{}, Node{}, sr.effects, traits, ctx, nullptr};
      if (auto it = dispatch.by_kind.find(sr.kind); it != dispatch.by_kind.end())
        for (std::size_t rule : it->second) {
          input.state = states.of(rule);
          dispatch.all[rule]->check(input, sink);
        }
    } else if (st.syntax_error) {
      sink.add(Finding{std::string(kSyntaxError),
                       Severity::Error,
                       st.error_location,
                       // a limit's refusal is no syntax error: it says which limit
                       is_limit_refusal(*st.syntax_error) ? *st.syntax_error
                                                          : "syntax error: " + *st.syntax_error,
                       {}});
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
    }
    if (options.keep_all_statements || !sr.findings.empty()) {
      sr.text = std::string(st.text());
      if (st.copy_in)
        sr.copy_rows = std::string(st.copy_data());
      out.statements.push_back(std::move(sr));
    }
  });
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
// same tree to the rules and the catalog; only the down scripts and migration-level checks are
// left for the worker threads. Without it, whole migrations go to the workers.
void lint_chosen(std::span<const Migration> migrations, const std::vector<std::size_t>& chosen,
                 const LintOptions& options, std::vector<MigrationResult>& out) {
  const std::size_t count = chosen.size();
  if (count == 0)
    return;
  Dispatch dispatch(options.rules);
  std::vector<std::shared_ptr<const Catalog>> catalogs;
  const std::vector<DownChain> chains = popx_down_chains(migrations);
  if (options.use_catalog) {
    // Migrations after the last one linted cannot change what it sees: leave them out (but
    // for the rest of its popx chain, whose rollback reaches its down).
    std::span<const Migration> needed =
        migrations.first(std::max(chosen.back(), chains[chosen.back()].last) + 1);
    std::size_t k = 0; // the next chosen migration
    UpScriptPass lint_ups;
    lint_ups.takes = [&](std::size_t i) { return k < count && chosen[k] == i; };
    lint_ups.run = [&](std::size_t i, Catalog& catalog, ParseSession& parser) {
      const Migration& m = migrations[i];
      if (options.keep_catalog && i == options.keep_at)
        options.keep_catalog(catalog);
      try {
        out[k] = result_header(m);
        out[k].scripts.emplace_back();
        lint_script(m.up, Direction::Up, m, options, dispatch, parser, out[k].scripts.back(),
                    &catalog);
      } catch (...) {
        rethrow_naming(m.up.file->path());
      }
      ++k;
    };
    ReplayResume resume;
    if (options.resume_catalog && options.resume_at <= chosen.front())
      resume = {options.resume_catalog, options.resume_at};
    catalogs = replay_history(needed, options.schema, chosen.front(), lint_ups, resume);
  }

  const std::vector<std::optional<Catalog>> chain_starts =
      chain_down_starts(migrations, chosen, chains, catalogs);
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(count));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> failures(count);
  auto worker = [&] {
    ParseSession parser; // one per thread: libpg_query is thread-safe, simdjson parsers are not
    for (std::size_t k = next++; k < count; k = next++) {
      const Migration& m = migrations[chosen[k]];
      const std::string* file = &m.up.file->path();
      try {
        if (catalogs.empty()) {
          out[k] = result_header(m);
          out[k].scripts.emplace_back();
          lint_script(m.up, Direction::Up, m, options, dispatch, parser, out[k].scripts.back(),
                      nullptr);
        }
        if (m.down)
          file = &m.down->file->path();
        finish_migration(
            m, options, dispatch, parser, catalogs.empty() ? nullptr : catalogs[chosen[k]].get(),
            catalogs.empty() ? nullptr : catalogs[chosen[k] + 1].get(),
            ChainDown{chains[chosen[k]], chosen[k],
                      chain_starts[k] ? catalogs[chains[chosen[k]].last + 1].get() : nullptr,
                      chain_starts[k] ? &*chain_starts[k] : nullptr},
            out[k]);
      } catch (...) {
        try {
          rethrow_naming(*file);
        } catch (...) {
          failures[k] = std::current_exception();
        }
        next = count; // stop handing out work: the run fails
      }
    }
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back(worker);
    for (auto& t : pool)
      t.join();
  }
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
