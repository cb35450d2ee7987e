// Where the report goes: the command writes it whole to stdout or says why it could not. A full
// disk (/dev/full: every write fails with ENOSPC) must not pass for a clean run with a cut file.
#include <gtest/gtest.h>

#include <string>

#include "tests/common/run_command.h"

namespace pgdrydock::test {
namespace {

TEST(ReportOutput, AFailedWriteIsAnErrorNamingTheFormat) {
  const std::string command = std::string(PGDRYDOCK_BINARY) + " lint " + PGDRYDOCK_SOURCE_DIR +
                              "/examples/golang-migrate --format html > /dev/full";
  CapturedRun run = run_captured({"/bin/sh", "-c", command});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("pgdrydock: cannot write the html report to standard output: No space "
                         "left on device"),
            std::string::npos)
      << run.err;
}

} // namespace
} // namespace pgdrydock::test
