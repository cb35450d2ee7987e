#include "lint/context_tracker.h"

#include <cctype>
#include <charconv>
#include <string>

#include "lint/effects/predict.h"
#include "lint/support/duration.h"

namespace pgdrydock {

void begin_script(LintContext& ctx, TransactionMode mode) {
  ctx.mode = mode;
  ctx.in_transaction = mode != TransactionMode::Autocommit;
  ctx.explicit_transaction = false;
  ctx.statements_in_transaction = 0;
  ctx.created_relations.clear();
  ctx.lock_timeout_ms.reset();
  ctx.statement_timeout_ms.reset();
  ctx.time_zone.reset();
  ctx.timeouts_after_commit = {};
  ctx.timeouts_at_begin = {};
  ctx.created_relations_at_begin.clear();
}

namespace {

// Remembers what a ROLLBACK of the transaction starting now would return to.
void mark_transaction_begin(LintContext& ctx) {
  ctx.timeouts_at_begin = {ctx.lock_timeout_ms, ctx.statement_timeout_ms, ctx.time_zone};
  ctx.timeouts_after_commit = ctx.timeouts_at_begin;
  ctx.created_relations_at_begin = ctx.created_relations;
}

void restore_timeouts(LintContext& ctx, const LintContext::Timeouts& t) {
  ctx.lock_timeout_ms = t.lock_ms;
  ctx.statement_timeout_ms = t.statement_ms;
  ctx.time_zone = t.time_zone;
}

void commit(LintContext& ctx) {
  restore_timeouts(ctx, ctx.timeouts_after_commit);
}

void rollback(LintContext& ctx) {
  restore_timeouts(ctx, ctx.timeouts_at_begin);
  ctx.timeouts_after_commit = ctx.timeouts_at_begin;
  ctx.created_relations = ctx.created_relations_at_begin;
}

void end_transaction(LintContext& ctx) {
  ctx.explicit_transaction = false;
  ctx.statements_in_transaction = 0;
}

std::optional<long long> setting_value_ms(const Node& set_stmt) {
  std::vector<Node> args = set_stmt.list("args");
  if (args.empty())
    return std::nullopt;
  Node c = args.front().as("A_Const");
  if (!c)
    return std::nullopt;
  if (Node i = c["ival"])
    return i.integer("ival", 0); // {"ival":{}} is 0
  if (Node s = c["sval"])
    return parse_duration_whole_ms(s.str("sval"));
  return std::nullopt;
}

// SET TIME ZONE 'UTC' | 0 and SET timezone = 'UTC': the zone as written. DEFAULT / LOCAL /
// RESET give the server's default back (unknown to a linter); an INTERVAL stays unknown too.
void apply_time_zone(LintContext& ctx, const Node& set_stmt) {
  if (set_stmt.boolean("is_local") && !ctx.in_transaction)
    return;
  std::optional<std::string> zone;
  std::vector<Node> args = set_stmt.list("args");
  if (set_stmt.str("kind") == "VAR_SET_VALUE" && !args.empty())
    if (Node c = args.front().as("A_Const")) {
      if (c.has("sval"))
        zone = std::string(c["sval"].str("sval"));
      else if (c.has("ival"))
        zone = std::to_string(c["ival"].integer("ival", 0)); // {"ival":{}} is 0
    }
  ctx.time_zone = zone;
  if (!set_stmt.boolean("is_local"))
    ctx.timeouts_after_commit.time_zone = zone;
}

bool is_time_zone(std::string_view name) {
  std::string lower;
  for (char c : name)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "timezone";
}

void apply_set(LintContext& ctx, const Node& set_stmt) {
  std::string_view name = set_stmt.str("name");
  if (is_time_zone(name) || set_stmt.str("kind") == "VAR_RESET_ALL")
    apply_time_zone(ctx, set_stmt);
  std::string_view kind = set_stmt.str("kind");
  std::optional<long long>* target = nullptr;
  if (name == "lock_timeout")
    target = &ctx.lock_timeout_ms;
  else if (name == "statement_timeout")
    target = &ctx.statement_timeout_ms;
  if (!target)
    return;
  // SET LOCAL outside a transaction block only warns: the setting does not change.
  if (set_stmt.boolean("is_local") && !ctx.in_transaction)
    return;
  if (kind == "VAR_SET_VALUE")
    *target = setting_value_ms(set_stmt);
  else if (kind == "VAR_SET_DEFAULT" || kind == "VAR_RESET")
    target->reset();
  else
    return;
  if (!set_stmt.boolean("is_local")) {
    // A plain SET outlives the transaction if it commits (and at once in autocommit).
    auto& after = ctx.timeouts_after_commit;
    (name == "lock_timeout" ? after.lock_ms : after.statement_ms) = *target;
  }
}

} // namespace

std::set<std::string> relations_created_by(const LintContext& ctx, const Node& root,
                                           const std::vector<Effect>& effects) {
  std::set<std::string> created;
  for (const Effect& e : effects)
    if (e.creates)
      created.insert(e.relation);
  std::string_view kind = root.kind();
  Node body = root.body();
  // An index on a table created in this migration is as new and empty as its table.
  if (kind == "IndexStmt" && !body.str("idxname").empty()) {
    std::string table = qualified_name(body["relation"]);
    if (ctx.is_new(table) || created.count(table)) {
      std::string_view schema = body["relation"].str("schemaname");
      created.insert(std::string(schema.empty() ? "public" : schema) + "." +
                     std::string(body.str("idxname")));
    }
  }
  if (kind == "CreateStmt" || kind == "CreateTableAsStmt") {
    Node rel = kind == "CreateStmt" ? body["relation"] : body["into"]["rel"];
    if (rel)
      created.insert(qualified_name(rel));
  }
  return created;
}

void advance_context(LintContext& ctx, const Node& root, const std::vector<Effect>& effects) {
  std::string_view kind = root.kind();
  Node body = root.body();

  if (kind == "TransactionStmt") {
    std::string_view k = body.str("kind");
    if (k == "TRANS_STMT_BEGIN" || k == "TRANS_STMT_START") {
      // BEGIN inside a runner's transaction only warns; the outer transaction goes on.
      if (!ctx.in_transaction)
        mark_transaction_begin(ctx);
      ctx.in_transaction = true;
      ctx.explicit_transaction = true;
      ctx.statements_in_transaction = 0;
    } else if (k == "TRANS_STMT_COMMIT" || k == "TRANS_STMT_ROLLBACK" ||
               k == "TRANS_STMT_COMMIT_PREPARED" || k == "TRANS_STMT_PREPARE") {
      if (ctx.in_transaction) {
        if (k == "TRANS_STMT_ROLLBACK")
          rollback(ctx);
        else
          commit(ctx);
      }
      end_transaction(ctx);
      // In one multi-statement query, what follows COMMIT runs in a new implicit transaction;
      // a runner's own wrapping transaction is over.
      ctx.in_transaction = ctx.mode == TransactionMode::ImplicitMulti;
      if (ctx.in_transaction)
        mark_transaction_begin(ctx);
    }
    return;
  }
  if (kind == "VariableSetStmt")
    apply_set(ctx, body);

  std::set<std::string> created = relations_created_by(ctx, root, effects);
  ctx.created_relations.insert(created.begin(), created.end());

  if (ctx.in_transaction)
    ++ctx.statements_in_transaction;
  else
    end_transaction(ctx); // autocommit: the statement committed on its own
}

} // namespace pgdrydock
