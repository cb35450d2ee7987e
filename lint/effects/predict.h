// The lock model: for one parsed statement, the relations it locks and how (see lint/effect.h).
// Facts come from PostgreSQL 15's documentation and source (AlterTableGetLockLevel in
// tablecmds.c, lock levels of each command) and are checked against a real server in
// tests/lockmodel.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/effect.h"
#include "lint/parse_node.h"

namespace pgdrydock {

struct EffectContext {
  int pg_version = 15; // target major version: 10 .. 17
  // Relations created earlier in the same migration: new and empty.
  const std::set<std::string>* created_relations = nullptr;
  // The session's TimeZone as the script set it; nullptr or empty: the server's default, which
  // a migration file cannot know.
  const std::optional<std::string>* time_zone = nullptr;
};

// Optional catalog knowledge a caller may have (a schema snapshot, columns created earlier in
// the migration). Kept apart from EffectContext so existing aggregate initialisations of it
// stay as they are.
struct CatalogHints {
  // The current type of relation.column as SQL spells it ("character varying(20)",
  // "varchar(20)", "integer"...), or nothing when unknown. With it ALTER COLUMN TYPE decides
  // rewrite exactly; without it a change that may be binary-coercible is predicted as a
  // rewrite with the note "depends on the old type".
  std::function<std::optional<std::string>(const std::string& relation, const std::string& column)>
      column_type;
  // Adds what only a schema model knows to the statement's effects (indexes rebuilt by a type
  // change, referencing tables, partitions: lint/catalog/catalog_effects.h). Called last, before
  // `creates` is marked; it only adds entries or strengthens them, never renames.
  std::function<void(const Node& root, std::vector<Effect>& effects)> refine_effects;
};

// root: the statement node as ParseSession returns it ({"AlterTableStmt": {...}}).
std::vector<Effect> predict_effects(const Node& root, const EffectContext& ctx);
std::vector<Effect> predict_effects(const Node& root, const EffectContext& ctx,
                                    const CatalogHints& hints);
StatementTraits statement_traits(const Node& root, const EffectContext& ctx);
// The statement uses a CONCURRENTLY form: CREATE / DROP INDEX CONCURRENTLY, REINDEX
// (CONCURRENTLY), REFRESH MATERIALIZED VIEW CONCURRENTLY, DETACH PARTITION ... CONCURRENTLY.
// The one place that reads it from the parse tree; rules read StatementTraits::concurrent.
bool is_concurrent(const Node& root);
// VACUUM with FULL switched on (FULL, FULL true/on/1; not FULL false/off/0), for a VacuumStmt
// body: it rewrites every table it names, or every table of the database when it names none.
bool vacuum_full(const Node& vacuum_stmt);

// True for a lock no query waits behind although it is strong: DROP INDEX CONCURRENTLY and
// REINDEX INDEX CONCURRENTLY take ACCESS EXCLUSIVE on an index only in their last step, on a
// copy that is invalid and unused by then.
bool lock_holds_no_one_up(const Node& root, const Effect& effect);

// --- helpers the rules can use ---------------------------------------------------------------

// One canonical spelling for a SQL type, from SQL text ("character varying(20)",
// "timestamp(3) with time zone", "int") or from a TypeName node body: "varchar(20)",
// "timestamptz(3)", "int4". Array types end in "[]".
std::string canonical_type_name(std::string_view sql_type);
std::string canonical_type_name(const Node& type_name);
// ALTER COLUMN TYPE old -> new keeps every stored value as is (binary-coercible, no typmod
// check that could fail): varchar(n) -> varchar(m >= n) / varchar / text, text <-> varchar,
// numeric(p,s) -> numeric(q >= p, s) / numeric, varbit(n) -> varbit(m >= n), cidr -> inet,
// timestamp/timestamptz/time/interval precision up. Then nothing is rewritten.
// timestamp <-> timestamptz keeps the stored values too when timestamp_conversion_free (see
// timestamp_conversion_is_free).
bool type_change_is_binary_coercible(std::string_view old_type, std::string_view new_type,
                                     bool timestamp_conversion_free = false);
// A TimeZone setting that is UTC at every moment (UTC, Etc/UTC, GMT, Zulu, '0', ...), as
// SET TIME ZONE / SET timezone = spells it.
bool time_zone_is_utc(std::string_view zone);
// PostgreSQL 12 and later convert timestamp <-> timestamptz without rewriting the table when the
// session's TimeZone is such a zone (the conversion shifts nothing).
bool timestamp_conversion_is_free(int pg_version, const std::optional<std::string>& time_zone);
// Without the column's current type, what ALTER COLUMN ... TYPE new_type (no USING) does can
// depend on it: the current types from which the change is binary-coercible, in words
// ("varchar(n) with n <= 100", "numeric(p,2) with p <= 12"). Empty when no current type makes
// it free: then it rewrites whatever the column held (int -> bigint, anything -> uuid).
std::string type_change_free_from(std::string_view new_type);
// Some old type would make the change to new_type binary-coercible (the verdict then depends
// on the old type, which only the catalog knows): type_change_free_from is not empty.
bool type_change_may_skip_rewrite(std::string_view new_type);
// The expression calls a VOLATILE function (random(), clock_timestamp(), gen_random_uuid(),
// nextval(), a user function...): as a column default it forces a table rewrite. now() and
// CURRENT_TIMESTAMP are STABLE and do not.
bool is_volatile_expression(const Node& expr);
// The call that makes an expression volatile: a built-in known to be VOLATILE (known = true,
// "random"), else a function this model does not know (known = false, "my_fn": VOLATILE unless
// its CREATE FUNCTION said STABLE or IMMUTABLE), else a subquery (function empty). Nothing when
// the expression is stable or constant (now(), 'x', lower('X')).
struct VolatileCall {
  std::string function;
  bool known = false;
};
std::optional<VolatileCall> volatile_call_in(const Node& expr);

// The default expression of a ColumnDef body, ignoring an explicit DEFAULT NULL (which
// PostgreSQL does not store as a default at all). Invalid node when there is none.
Node column_default(const Node& column_def);
// serial, bigserial, smallserial (and serial2/4/8): an implicit sequence and nextval() default.
bool is_serial_type(const Node& type_name);
// Why ADD COLUMN with this ColumnDef body rewrites an existing table, or nothing when it does
// not (a constant or stable default from PostgreSQL 11, no default at all).
struct AddColumnRewrite {
  enum class Cause { Serial, Identity, Generated, VolatileDefault, DefaultBeforePg11 };
  Cause cause = Cause::VolatileDefault;
  VolatileCall call; // VolatileDefault: the call that makes the default volatile
};
std::optional<AddColumnRewrite> add_column_rewrite(const Node& column_def, int pg_version);

} // namespace pgdrydock
