// `pgdrydock lint --schema FILE`: a pg_dump --schema-only file as the starting schema, end to
// end through the real executable.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "simulate/sandbox/temp_dir.h"
#include "tests/common/run_command.h"

namespace {

using pgdrydock::test::CommandRun;

CommandRun run(const std::string& args) {
  return pgdrydock::test::run_pgdrydock_command(args);
}

constexpr const char* kDump = R"(--
-- PostgreSQL database dump
--

\restrict Zt3kq

SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.orders (
    id bigint NOT NULL,
    status character varying(20),
    total numeric(10,2)
);
ALTER TABLE public.orders OWNER TO app;
ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE public.orders
    ADD CONSTRAINT orders_status_not_null CHECK ((status IS NOT NULL));

\unrestrict Zt3kq
)";

class CliSchema : public ::testing::Test {
protected:
  void SetUp() override { dir_ = pgdrydock::make_private_temp_dir("pgdrydock-cli-schema-", false); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  std::string dir_;
};

TEST_F(CliSchema, DumpMakesTheSingleFileLintSchemaAware) {
  std::string dump = write("schema.sql", kDump);
  std::string migration =
      write("0002_change.sql", "SET lock_timeout = '2s';\n"
                               "ALTER TABLE orders ALTER COLUMN status TYPE varchar(50);\n"
                               "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
                               "ALTER TABLE orders DROP COLUMN totl;\n");
  CommandRun without = run("lint --format gcc " + migration);
  EXPECT_EQ(without.output.find("[unknown-object]"), std::string::npos) << without.output;
  EXPECT_NE(without.output.find("[changing-column-type]"), std::string::npos) << without.output;

  CommandRun with = run("lint --format gcc --schema " + dump + " " + migration);
  EXPECT_EQ(with.exit_code, 1) << with.output;
  // varchar(20) -> varchar(50) is free; the validated CHECK proves NOT NULL; totl is a typo.
  EXPECT_EQ(with.output.find("[changing-column-type]"), std::string::npos) << with.output;
  EXPECT_EQ(with.output.find("[setting-not-null]"), std::string::npos) << with.output;
  EXPECT_NE(with.output.find("0002_change.sql:4:1: error: column \"totl\" of table \"orders\" "
                             "does not exist at this point; did you mean \"total\"?"),
            std::string::npos)
      << with.output;
}

TEST_F(CliSchema, UnreadableDumpIsAnInputError) {
  std::string migration = write("m.sql", "SELECT 1;\n");
  CommandRun missing = run("lint --schema " + dir_ + "/nope.sql " + migration);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("nope.sql"), std::string::npos) << missing.output;
  std::string bad = write("bad.sql", "SET x = 1;\nCREATE TABLE (;\n");
  CommandRun broken = run("lint --schema " + bad + " " + migration);
  EXPECT_EQ(broken.exit_code, 2) << broken.output;
  EXPECT_NE(broken.output.find("bad.sql:2"), std::string::npos) << broken.output;
}

} // namespace
