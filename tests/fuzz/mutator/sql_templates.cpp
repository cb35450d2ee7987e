// Statements the lock model and the rules care about, written about the names a script uses so
// they meet the catalog's tables (a column added to a table created earlier, an index on it).
#include "tests/fuzz/mutator/sql_pieces.h"

#include <array>

namespace pgdrydock::fuzz {
namespace {

constexpr std::array<std::string_view, 64> kTemplates = {
    "ALTER TABLE {t} ADD COLUMN {c} integer",
    "ALTER TABLE {t} ADD COLUMN {c} bigint NOT NULL DEFAULT 0",
    "ALTER TABLE {t} ADD COLUMN {c} timestamptz DEFAULT now()",
    "ALTER TABLE {t} ADD COLUMN {c} uuid DEFAULT gen_random_uuid()",
    "ALTER TABLE {t} ADD COLUMN {c} serial",
    "ALTER TABLE {t} ADD COLUMN {c} int GENERATED ALWAYS AS IDENTITY",
    "ALTER TABLE {t} ADD COLUMN {c} int GENERATED ALWAYS AS ({d} * 2) STORED",
    "ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {c} jsonb NOT NULL DEFAULT '{}'",
    "ALTER TABLE {t} ALTER COLUMN {c} TYPE text",
    "ALTER TABLE {t} ALTER COLUMN {c} TYPE bigint USING {c}::bigint",
    "ALTER TABLE {t} ALTER COLUMN {c} TYPE varchar(255)",
    "ALTER TABLE {t} ALTER COLUMN {c} TYPE timestamptz",
    "ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL",
    "ALTER TABLE {t} ALTER COLUMN {c} DROP NOT NULL",
    "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT 1",
    "ALTER TABLE {t} DROP COLUMN {c}",
    "ALTER TABLE {t} RENAME COLUMN {c} TO {c}_new",
    "ALTER TABLE {t} RENAME TO {t}_old",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_check CHECK ({c} > 0) NOT VALID",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_check CHECK ({c} IS NOT NULL)",
    "ALTER TABLE {t} VALIDATE CONSTRAINT {t}_{c}_check",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_fkey FOREIGN KEY ({c}) REFERENCES {u} (id)",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_fkey FOREIGN KEY ({c}) REFERENCES {u} NOT VALID",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_key UNIQUE ({c})",
    "ALTER TABLE {t} ADD PRIMARY KEY USING INDEX {t}_{c}_idx",
    "ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {t}_{c}_check",
    "ALTER TABLE {t} SET LOGGED",
    "ALTER TABLE {t} SET TABLESPACE fast",
    "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE {t} ATTACH PARTITION {u} FOR VALUES FROM (1) TO (10)",
    "ALTER TABLE {t} DETACH PARTITION {u} CONCURRENTLY",
    "CREATE INDEX {t}_{c}_idx ON {t} ({c})",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS {t}_{c}_idx ON {t} USING btree ({c}) WHERE {c} "
    "IS NOT NULL",
    "CREATE UNIQUE INDEX {t}_{c}_key ON {t} (lower({c}))",
    "DROP INDEX CONCURRENTLY IF EXISTS {t}_{c}_idx",
    "REINDEX TABLE {t}",
    "CREATE TABLE {t} (id bigserial PRIMARY KEY, {c} text NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {u} (LIKE {t} INCLUDING ALL)",
    "CREATE TABLE {t}_p (id int, {c} date) PARTITION BY RANGE ({c})",
    "DROP TABLE IF EXISTS {t} CASCADE",
    "TRUNCATE {t}",
    "UPDATE {t} SET {c} = 0 WHERE {c} IS NULL",
    "DELETE FROM {t} WHERE {c} < 10",
    "INSERT INTO {t} ({c}) SELECT {c} FROM {u}",
    "LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE",
    "SET lock_timeout = '2s'",
    "SET LOCAL statement_timeout TO 0",
    "RESET ALL",
    "SET TIME ZONE 'UTC'",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT s",
    "VACUUM FULL {t}",
    "CLUSTER {t} USING {t}_{c}_idx",
    "CREATE TYPE {c}_kind AS ENUM ('a', 'b')",
    "ALTER TYPE {c}_kind ADD VALUE 'c'",
    "CREATE VIEW {t}_v AS SELECT * FROM {t}",
    "CREATE MATERIALIZED VIEW {t}_mv AS SELECT {c} FROM {t}",
    "REFRESH MATERIALIZED VIEW CONCURRENTLY {t}_mv",
    "CREATE TRIGGER {t}_trg BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION f()",
    "COMMENT ON COLUMN {t}.{c} IS 'x'",
    "CREATE SCHEMA app; SET search_path TO app, public",
    "-- pgdrydock:ignore require-concurrent-index-creation reason\nCREATE INDEX ON {t} ({c})",
};

} // namespace

std::string template_statement(const Names& names, Random& random) {
  static const std::string kTable = "accounts";
  static const std::string kOther = "users";
  static const std::string kColumn = "email";
  auto pick = [&random](const std::vector<std::string>& from, const std::string& fallback) {
    return from.empty() ? fallback : from[random() % from.size()];
  };
  const std::string_view t = kTemplates[random() % kTemplates.size()];
  const std::string values[4] = {pick(names.relations, kTable), pick(names.relations, kOther),
                                 pick(names.words, kColumn), pick(names.words, kColumn)};
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    constexpr std::string_view kHoles = "tucd";
    const std::size_t hole = i + 2 < t.size() && t[i] == '{' && t[i + 2] == '}'
                                 ? kHoles.find(t[i + 1])
                                 : std::string_view::npos;
    if (hole == std::string_view::npos) {
      out += t[i];
      continue;
    }
    out += values[hole];
    i += 2;
  }
  return out;
}

} // namespace pgdrydock::fuzz
