// The kinds unknown-object accepts are the kinds PostgreSQL accepts: every statement below
// runs on a real server (a disposable cluster from the simulate sandbox) in a transaction that
// is rolled back, and the model must report a problem exactly when the server refuses it.
// Found on crates.io and marquez: an index on a materialized view and an INSTEAD OF trigger on
// a view were reported as naming "a view, not a table".
#include <gtest/gtest.h>

#include "lint/catalog/references.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"
#include "tests/catalog/catalog_helpers.h"

namespace pgdrydock::testing {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE crates (id bigint PRIMARY KEY, downloads bigint);"
    "CREATE TABLE events (id bigint, k int) PARTITION BY RANGE (k);"
    "CREATE MATERIALIZED VIEW recent_downloads AS SELECT id, downloads FROM crates;"
    "CREATE VIEW crate_names AS SELECT id FROM crates;"
    "CREATE SEQUENCE counter;"
    "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
    "CREATE TRIGGER crate_names_audit AFTER INSERT ON crate_names "
    "FOR EACH STATEMENT EXECUTE FUNCTION f();"
    "CREATE TRIGGER crate_names_insert INSTEAD OF INSERT ON crate_names "
    "FOR EACH ROW EXECUTE FUNCTION f();"
    "CREATE TRIGGER crates_audit AFTER INSERT ON crates FOR EACH ROW EXECUTE FUNCTION f();";

struct Case {
  const char* sql;
  bool server_accepts; // written down, and checked against the server too
};

const Case kCases[] = {
    {"CREATE INDEX ON crates (downloads)", true},
    {"CREATE INDEX ON events (k)", true},
    {"CREATE INDEX ON recent_downloads (downloads)", true},
    {"CREATE UNIQUE INDEX IF NOT EXISTS rd_id ON recent_downloads (id)", true},
    {"CREATE INDEX ON crate_names (id)", false},
    {"CREATE INDEX ON counter (last_value)", false},
    {"CREATE INDEX ON crate_downloads (id)", false},
    {"CREATE TRIGGER t INSTEAD OF UPDATE ON crate_names FOR EACH ROW EXECUTE FUNCTION f()", true},
    {"CREATE TRIGGER t BEFORE DELETE ON crate_names EXECUTE FUNCTION f()", true},
    {"CREATE TRIGGER t AFTER UPDATE ON crate_names FOR EACH ROW EXECUTE FUNCTION f()", false},
    {"CREATE TRIGGER t INSTEAD OF INSERT ON crates FOR EACH ROW EXECUTE FUNCTION f()", false},
    {"CREATE TRIGGER t BEFORE INSERT ON crates FOR EACH ROW EXECUTE FUNCTION f()", true},
    {"CREATE TRIGGER t AFTER INSERT ON events EXECUTE FUNCTION f()", true},
    {"CREATE TRIGGER t AFTER INSERT ON recent_downloads EXECUTE FUNCTION f()", false},
    {"CREATE TRIGGER t AFTER INSERT ON counter EXECUTE FUNCTION f()", false},
    {"DROP TRIGGER crate_names_audit ON crate_names", true},
    {"DROP TRIGGER crate_names_insert ON crate_names", true},
    {"DROP TRIGGER crates_audit ON crates", true},
    {"DROP TRIGGER crates_audit ON crate_downloads", false},
};

TEST(CatalogReferencesOnServer, KindsAreThoseThePostgresServerAccepts) {
  std::unique_ptr<Sandbox> sandbox = Sandbox::start({});
  ASSERT_TRUE(sandbox);
  std::string db = sandbox->fresh_database_name("references");
  sandbox->create_database(db, "template0");
  {
    PgSession session(sandbox->conninfo(db));
    ASSERT_FALSE(session.exec(kSchema));
    Catalog model = catalog_of(kSchema);
    ParseSession parser;
    for (const Case& c : kCases) {
      ASSERT_FALSE(session.exec("BEGIN"));
      auto error = session.exec(c.sql);
      ASSERT_FALSE(session.exec("ROLLBACK"));
      EXPECT_EQ(!error, c.server_accepts)
          << c.sql << (error ? "\n  server: " + error->message : std::string());
      ParseResult root = parser.parse(c.sql);
      ASSERT_TRUE(root) << c.sql;
      std::vector<UnknownObject> problems = find_unknown_objects(model, *root);
      EXPECT_EQ(problems.empty(), !error)
          << c.sql << "\n  model: " << (problems.empty() ? "no problem" : problems[0].message)
          << "\n  server: " << (error ? error->message : "accepted");
    }
  }
  sandbox->stop();
}

} // namespace
} // namespace pgdrydock::testing
