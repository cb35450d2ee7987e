#include "lint/lint_driver.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "lint/context_tracker.h"
#include "lint/effects/predict.h"
#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {

constexpr std::string_view kSyntaxError = "syntax-error";

// Rules grouped by the statement kinds they subscribe to, built once per run.
struct Dispatch {
  std::map<std::string_view, std::vector<const Rule*>, std::less<>> by_kind;
  std::vector<const Rule*> any_kind;
  std::vector<const Rule*> all;

  explicit Dispatch(const RuleSettings& settings) {
    for (const auto& r : RuleRegistry::instance().rules()) {
      if (!settings.enabled(r->id())) continue;
      all.push_back(r.get());
      auto kinds = r->statement_kinds();
      if (kinds.empty()) any_kind.push_back(r.get());
      for (auto k : kinds) by_kind[k].push_back(r.get());
    }
  }
};

class Collector : public FindingSink {
public:
  Collector(const Statement* st, const RuleSettings& settings, std::vector<Finding>& out)
      : st_(st), settings_(settings), out_(out) {}
  void add(Finding f) override {
    if (st_ && st_->ignored(f.rule_id)) return;
    if (!settings_.enabled(f.rule_id)) return;
    if (auto it = settings_.severity.find(f.rule_id); it != settings_.severity.end())
      f.severity = it->second;
    out_.push_back(std::move(f));
  }

private:
  const Statement* st_;
  const RuleSettings& settings_;
  std::vector<Finding>& out_;
};

void lint_script(const Script& script, Direction direction, const Migration& migration,
                 const LintOptions& options, const Dispatch& dispatch, ParseSession& parser,
                 ScriptResult& out) {
  out.direction = direction;
  out.file = script.file->path();
  out.mode = script.mode;
  out.mode_reason = script.mode_reason;

  LintContext ctx;
  ctx.pg_version = options.pg_version;
  ctx.migration = &migration;
  ctx.direction = direction;
  begin_script(ctx, script.mode);
  EffectContext ectx{options.pg_version, &ctx.created_relations};

  for_each_statement(script.file, script.begin, script.end, [&](Statement& st) {
    ++out.statement_count;
    StatementResult sr;
    sr.location = st.location;
    sr.in_transaction = ctx.in_transaction;
    Collector sink(&st, options.rules, sr.findings);

    SyntaxError err;
    std::optional<Node> root;
    if (!st.syntax_error) {
      root = parser.parse(st.text(), &err);
      if (!root) {
        st.syntax_error = err.message;
        st.error_location = st.file->location(st.begin + err.byte_offset);
      }
    }
    if (st.syntax_error) {
      sink.add(Finding{std::string(kSyntaxError), Severity::Error, st.error_location,
                       "syntax error: " + *st.syntax_error, {}});
      advance_context(ctx, st, Node{}, {});
    } else {
      sr.kind = std::string(root->kind());
      sr.effects = predict_effects(*root, ectx);
      StatementTraits traits = statement_traits(*root, ectx);
      RuleInput input{st, *root, root->body(), sr.effects, traits, ctx};
      if (auto it = dispatch.by_kind.find(sr.kind); it != dispatch.by_kind.end())
        for (const Rule* r : it->second) r->check(input, sink);
      for (const Rule* r : dispatch.any_kind) r->check(input, sink);
      advance_context(ctx, st, *root, sr.effects);
    }
    if (options.keep_all_statements || !sr.findings.empty()) {
      sr.text = std::string(st.text());
      out.statements.push_back(std::move(sr));
    }
  });
}

MigrationResult lint_one(const Migration& m, const LintOptions& options, const Dispatch& dispatch,
                         ParseSession& parser) {
  MigrationResult r;
  r.version = m.version;
  r.name = m.name;
  r.layout = m.layout;
  r.runner = m.runner;
  r.has_down = m.down.has_value();
  r.scripts.emplace_back();
  lint_script(m.up, Direction::Up, m, options, dispatch, parser, r.scripts.back());
  if (m.down) {
    r.scripts.emplace_back();
    lint_script(*m.down, Direction::Down, m, options, dispatch, parser, r.scripts.back());
  }
  Collector sink(nullptr, options.rules, r.findings);
  MigrationInput input{m, options.pg_version};
  for (const Rule* rule : dispatch.all) rule->check_migration(input, sink);
  return r;
}

} // namespace

MigrationResult lint_migration(const Migration& migration, const LintOptions& options) {
  Dispatch dispatch(options.rules);
  ParseSession parser;
  return lint_one(migration, options, dispatch, parser);
}

LintResult lint_migrations(const MigrationSet& set, const LintOptions& options) {
  LintResult result;
  result.pg_version = options.pg_version;
  result.skipped = set.skipped;
  result.errors = set.errors;
  result.migrations.resize(set.migrations.size());
  Dispatch dispatch(options.rules);

  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(std::max<std::size_t>(
                                                  1, set.migrations.size())));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    ParseSession parser; // one per thread: libpg_query is thread-safe, simdjson parsers are not
    for (std::size_t i = next++; i < set.migrations.size(); i = next++)
      result.migrations[i] = lint_one(set.migrations[i], options, dispatch, parser);
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  result.summary = summarize(result);
  return result;
}

} // namespace pgdrydock
