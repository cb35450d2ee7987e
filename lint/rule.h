// The rule plug-in interface. A rule lives in rules/<id>.cpp with its doc in rules/docs/<id>.md
// and its fixture in rules/fixtures/<id>.sql; it registers itself with PGDRYDOCK_REGISTER_RULE,
// so adding a rule touches no central switch. This header is what a rule needs (the statement,
// its effects, the context and catalog, the finding sink); the registry that holds the rules is
// lint/rule_registry.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/effect.h"
#include "lint/lint_context.h"
#include "lint/migration.h"
#include "lint/parse_node.h"
#include "lint/rule_state.h"
#include "lint/statement.h"

namespace pgdrydock {

enum class Severity { Info = 0, Warning = 1, Error = 2 };
const char* to_string(Severity s);
std::optional<Severity> severity_from_string(std::string_view s);

struct Finding {
  std::string rule_id;
  Severity severity = Severity::Warning;
  SourceLocation location;
  std::string message;
  std::string recipe; // the safe way to do it, as SQL or steps; may be empty
};

// What a rule sees for one statement.
struct RuleInput {
  const Statement& statement;
  Node root;                          // {"IndexStmt": {...}}
  Node body;                          // root.body()
  const std::vector<Effect>& effects; // predicted effects of this statement
  const StatementTraits& traits;
  const LintContext& context; // state *before* this statement runs
  // The rule's own state for this script (what its new_script_state() made); nullptr for a
  // rule that keeps none. The driver sets it for each rule it calls.
  ScriptState* state = nullptr;
};

// What a rule sees for a whole migration (after all its statements): e.g. a missing down.
struct MigrationInput {
  const Migration& migration;
  int pg_version = 15;
  // The schema before the migration, after its up script and after its down script
  // (lint/catalog/); nullptr when linting without a catalog (after_down also without a down).
  const Catalog* catalog_before = nullptr;
  const Catalog* catalog_after_up = nullptr;
  const Catalog* catalog_after_down = nullptr;
  // A part of a popx multi-part migration (lint/sources/popx_chain.h) is rolled back with the
  // whole chain, last part first: its down starts from the schema the later parts' downs left,
  // so catalog_after_down is the schema after the downs down to this part; chain_after_ups is
  // the schema after the last part's up. Null and 0 for a migration on its own.
  const Catalog* chain_after_ups = nullptr;
  std::size_t chain_part = 0; // 0-based position in the chain
  std::size_t chain_parts = 1;
};

class FindingSink {
public:
  virtual ~FindingSink() = default;
  virtual void add(Finding finding) = 0;
};

class Rule {
public:
  virtual ~Rule() = default;
  virtual std::string_view id() const = 0;
  virtual Severity default_severity() const = 0;
  virtual std::string_view summary() const = 0; // one line, for `pgdrydock rules`
  // Statement node kinds this rule looks at ("IndexStmt", "AlterTableStmt", ...);
  // empty means every statement. The dispatcher walks each statement once.
  virtual std::vector<std::string_view> statement_kinds() const { return {}; }
  virtual void check(const RuleInput& /*input*/, FindingSink& /*out*/) const {}
  // A fresh state for one script, when the rule remembers something across its statements
  // (lint/rule_state.h); the driver passes it back as RuleInput::state.
  virtual std::unique_ptr<ScriptState> new_script_state() const { return nullptr; }
  virtual void check_migration(const MigrationInput& /*input*/, FindingSink& /*out*/) const {}

protected:
  // The state new_script_state() made for this script, as the rule's own type.
  template <class State> static State& state_of(const RuleInput& in) {
    return *static_cast<State*>(in.state);
  }
  // A finding at the statement, with this rule's id and default severity.
  Finding finding(const RuleInput& in, std::string message, std::string recipe = {}) const {
    return Finding{std::string(id()), default_severity(), in.statement.location, std::move(message),
                   std::move(recipe)};
  }
};

// What PGDRYDOCK_REGISTER_RULE runs at start-up: adds the rule to RuleRegistry::instance()
// (lint/rule_registry.h), or
// prints why it cannot (a duplicate id) and aborts, so the mistake never ships.
bool register_rule(std::unique_ptr<Rule> rule) noexcept;

#define PGDRYDOCK_REGISTER_RULE(Class)                                                             \
  namespace {                                                                                      \
  [[maybe_unused]] const bool registered_##Class =                                                 \
      ::pgdrydock::register_rule(std::make_unique<Class>());                                       \
  }

} // namespace pgdrydock
