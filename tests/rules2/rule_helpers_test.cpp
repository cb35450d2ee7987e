// rules/rule_helpers: the parse-tree questions rules share, checked on real libpg_query trees.
#include <gtest/gtest.h>

#include "lint/effects/predict.h"
#include "lint/sql_parser.h"
#include "rules/rule_helpers.h"

namespace pgdrydock::rules {
namespace {

// The volatile call the effect model finds (rules no longer keep a list of their own): the
// function's name when it is a built-in known to be VOLATILE, nothing when the expression is
// stable or constant. An unknown function is reported as "?name" so a test sees the difference.
std::optional<std::string> volatile_function_in(const Node& expr) {
  std::optional<VolatileCall> call = volatile_call_in(expr);
  if (!call)
    return std::nullopt;
  return call->known ? call->function : "?" + call->function;
}

// The first ALTER TABLE command of `sql`, parsed by the real parser.
class AlterTableCommand : public ::testing::Test {
protected:
  Node first_command(const std::string& sql) {
    ParseResult root = parser_.parse(sql);
    EXPECT_TRUE(root.has_value()) << root.error().message;
    if (!root)
      return {};
    stmt_ = root->body();
    std::vector<Node> cmds = alter_table_commands(stmt_);
    EXPECT_FALSE(cmds.empty());
    return cmds.empty() ? Node{} : cmds.front();
  }
  std::string new_type(const std::string& type_sql) {
    Node cmd = first_command("ALTER TABLE t ALTER COLUMN c TYPE " + type_sql);
    return type_name_sql(cmd["def"].as("ColumnDef")["typeName"]);
  }
  Node added_column(const std::string& column_sql) {
    return first_command("ALTER TABLE t ADD COLUMN " + column_sql)["def"].as("ColumnDef");
  }

  ParseSession parser_;
  Node stmt_;
};

TEST_F(AlterTableCommand, TypeNamesAreRenderedAsSqlSpellsThem) {
  EXPECT_EQ(new_type("int"), "integer");
  EXPECT_EQ(new_type("bigint"), "bigint");
  EXPECT_EQ(new_type("character varying(20)"), "varchar(20)");
  EXPECT_EQ(new_type("numeric(10,2)"), "numeric(10,2)");
  EXPECT_EQ(new_type("text"), "text");
  EXPECT_EQ(new_type("int[]"), "integer[]");
  EXPECT_EQ(new_type("double precision"), "double precision");
  EXPECT_EQ(new_type("boolean"), "boolean");
  EXPECT_EQ(new_type("myschema.money_amount"), "myschema.money_amount");
}

TEST_F(AlterTableCommand, FindsVolatileFunctionsNestedInDefaults) {
  EXPECT_EQ(volatile_function_in(column_default(added_column("a uuid DEFAULT gen_random_uuid()"))),
            "gen_random_uuid");
  EXPECT_EQ(volatile_function_in(column_default(added_column("a int DEFAULT (random()*10)::int"))),
            "random");
  EXPECT_EQ(volatile_function_in(
                column_default(added_column("a text DEFAULT md5(clock_timestamp()::text)"))),
            "clock_timestamp");
  EXPECT_EQ(volatile_function_in(
                column_default(added_column("a bigint DEFAULT pg_catalog.nextval('s')"))),
            "nextval");
}

TEST_F(AlterTableCommand, StableAndConstantDefaultsAreNotVolatile) {
  EXPECT_FALSE(volatile_function_in(column_default(added_column("a timestamptz DEFAULT now()"))));
  EXPECT_FALSE(volatile_function_in(
      column_default(added_column("a timestamptz DEFAULT current_timestamp"))));
  EXPECT_FALSE(volatile_function_in(column_default(added_column("a text DEFAULT 'x'"))));
  EXPECT_FALSE(volatile_function_in(column_default(added_column("a text DEFAULT lower('X')"))));
  // STABLE in pg_proc, despite the name: evaluated once per statement.
  EXPECT_FALSE(
      volatile_function_in(column_default(added_column("a bigint DEFAULT txid_current()"))));
}

TEST_F(AlterTableCommand, UnknownFunctionsAreVolatileUntilDeclaredOtherwise) {
  // CREATE FUNCTION makes a function VOLATILE unless it says otherwise.
  EXPECT_EQ(volatile_function_in(column_default(added_column("a int DEFAULT my_fn()"))), "?my_fn");
  EXPECT_EQ(volatile_function_in(column_default(added_column("a int DEFAULT app.next_code(1)"))),
            "?next_code");
  // A known volatile built-in is named before an unknown wrapper around it.
  EXPECT_EQ(volatile_function_in(column_default(added_column("a int DEFAULT my_fn(random())"))),
            "random");
}

TEST_F(AlterTableCommand, DefaultNullIsNoDefault) {
  EXPECT_FALSE(column_default(added_column("a int DEFAULT NULL")).valid());
  EXPECT_FALSE(column_default(added_column("a int")).valid());
  EXPECT_TRUE(column_default(added_column("a int DEFAULT 0")).valid());
}

TEST_F(AlterTableCommand, SerialTypesAreRecognised) {
  for (const char* t : {"serial", "bigserial", "smallserial", "serial8"})
    EXPECT_TRUE(is_serial_type(added_column(std::string("a ") + t)["typeName"])) << t;
  EXPECT_FALSE(is_serial_type(added_column("a bigint")["typeName"]));
}

TEST_F(AlterTableCommand, ColumnConstraintsAreFoundByType) {
  Node col = added_column("a int NOT NULL REFERENCES u (id) CHECK (a > 0)");
  EXPECT_EQ(column_constraints(col).size(), 3u);
  EXPECT_TRUE(column_constraint(col, "CONSTR_FOREIGN").valid());
  EXPECT_FALSE(column_constraint(col, "CONSTR_UNIQUE").valid());
}

TEST_F(AlterTableCommand, RelationNamesShowTheSchemaOnlyWhenWritten) {
  first_command("ALTER TABLE billing.invoices ADD COLUMN a int");
  EXPECT_EQ(display_name(stmt_["relation"]), "billing.invoices");
  first_command("ALTER TABLE invoices ADD COLUMN a int");
  EXPECT_EQ(display_name(stmt_["relation"]), "invoices");
}

TEST(LockPhrases, NameTheLockAndWhatWaits) {
  EXPECT_EQ(lock_display_name(LockMode::ShareRowExclusive), "SHARE ROW EXCLUSIVE");
  EXPECT_EQ(blocked_operations(LockMode::AccessExclusive), "blocks reads and writes");
  EXPECT_EQ(blocked_operations(LockMode::Share), "blocks writes");
  EXPECT_EQ(blocked_operations(LockMode::ShareUpdateExclusive), "blocks schema changes");
}

TEST(LockPhrases, PreferThePredictedLockOverTheFallback) {
  auto effect = [](std::string relation, LockMode lock) {
    Effect e;
    e.relation = std::move(relation);
    e.lock = lock;
    return e;
  };
  std::vector<Effect> effects{effect("public.orders", LockMode::ShareRowExclusive),
                              effect("public.orders", LockMode::AccessShare)};
  EXPECT_EQ(predicted_lock(effects, "public.orders"), LockMode::ShareRowExclusive);
  EXPECT_EQ(lock_phrase(effects, "public.orders", LockMode::AccessExclusive),
            "SHARE ROW EXCLUSIVE lock (blocks writes)");
  EXPECT_EQ(lock_phrase(effects, "public.other", LockMode::AccessExclusive),
            "ACCESS EXCLUSIVE lock (blocks reads and writes)");
  EXPECT_EQ(a_lock_phrase(effects, "public.orders", LockMode::AccessExclusive),
            "a SHARE ROW EXCLUSIVE lock (blocks writes)");
  EXPECT_EQ(a_lock_phrase(effects, "public.other", LockMode::AccessExclusive),
            "an ACCESS EXCLUSIVE lock (blocks reads and writes)");
}

TEST(ParenthesizedAfter, FindsTheBalancedGroupAndRespectsQuotes) {
  EXPECT_EQ(parenthesized_after("CHECK (a > 0) NOT VALID", 0), "(a > 0)");
  EXPECT_EQ(parenthesized_after("x CHECK ((a + 1) * 2 > f(b)) y", 2), "((a + 1) * 2 > f(b))");
  EXPECT_EQ(parenthesized_after("CHECK (s <> ')' AND \"t(\" > 0)", 0), "(s <> ')' AND \"t(\" > 0)");
  EXPECT_EQ(parenthesized_after("CHECK (a > 0", 0), "");
  EXPECT_EQ(parenthesized_after("no group", 0), "");
}

} // namespace
} // namespace pgdrydock::rules
