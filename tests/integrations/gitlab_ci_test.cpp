// docs/ci/gitlab-ci.yml, the README's GitLab job: parsed as YAML (python3's yaml, the same
// safe loader GitLab's syntax resembles), checked for the keys GitLab reads, and its `script`
// run with the built pgdrydock on PATH over a migrations folder: the artifact it names must be
// a Code Quality array holding the finding.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration_support.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;

TEST(GitlabCi, TheTemplateJobWritesTheCodeQualityArtifactItDeclares) {
  const fs::path file = fs::path(PGDRYDOCK_SOURCE_DIR) / "docs/ci/gitlab-ci.yml";
  ToolRun parsed = run_tool({"python3", "-c",
                             "import json, sys, yaml\n"
                             "print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                             file.string()},
                            fs::current_path());
  ASSERT_EQ(parsed.exit_code, 0) << parsed.output;
  const nlohmann::json job = nlohmann::json::parse(parsed.output).at("pgdrydock");
  const std::string artifact = job.at("artifacts").at("reports").at("codequality");
  ASSERT_EQ(job.at("script").size(), 1u);
  const std::string script = job.at("script").at(0);
  EXPECT_NE(script.find("--format gitlab"), std::string::npos) << script;

  testing::TempFolder dir;
  fs::create_directories(dir.path() / "bin");
  fs::create_symlink(PGDRYDOCK_BINARY, dir.path() / "bin/pgdrydock");
  dir.write("migrations/0001_orders.sql", "CREATE TABLE orders (id bigint, customer_id bigint);\n");
  dir.write("migrations/0002_index.sql", "CREATE INDEX orders_c_idx ON orders (customer_id);\n");
  const char* path = std::getenv("PATH");
  ToolRun job_run = run_tool({"/bin/sh", "-ec", script}, dir.path(),
                             {"PATH=" + (dir.path() / "bin").string() + ":" + (path ? path : "")});
  EXPECT_EQ(job_run.exit_code, 1) << job_run.output; // findings fail the job
  const nlohmann::json report = nlohmann::json::parse(read_text(dir.path() / artifact));
  ASSERT_TRUE(report.is_array());
  bool found = false;
  for (const auto& issue : report)
    found = found || (issue.at("check_name") == "require-concurrent-index-creation" &&
                      issue.at("location").at("path") == "migrations/0002_index.sql" &&
                      issue.at("location").at("lines").at("begin") == 1);
  EXPECT_TRUE(found) << report.dump(2);
}

} // namespace
} // namespace pgdrydock::test
