// docs/locks.md is what the generator writes from cases.txt today: a case, a model change or a
// new `why` that is not in the page fails here, with the command that rewrites it.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "locks_doc.h"

namespace pgdrydock::lockmodel {
namespace {

TEST(LocksDoc, CheckedInPageIsCurrent) {
  const std::string source = PGDRYDOCK_SOURCE_DIR;
  std::ifstream in(source + "/docs/locks.md", std::ios::binary);
  ASSERT_TRUE(in) << "docs/locks.md is missing; write it with:\n  " << kRegenerateLocksDoc;
  std::stringstream page;
  page << in.rdbuf();
  const std::string expected =
      render_locks_doc(read_case_file(source + "/tests/lockmodel/cases.txt"), 15);
  EXPECT_TRUE(page.str() == expected)
      << "docs/locks.md is stale (cases.txt or the lock model changed); regenerate it with:\n  "
      << kRegenerateLocksDoc;
}

TEST(LocksDoc, NamesEverySecondaryRelationWithItsWhy) {
  CaseFile file;
  file.base = {"CREATE TABLE t (id int PRIMARY KEY)", "CREATE INDEX t_i ON t (id)"};
  LockCase c;
  c.title = "drop an index";
  c.section = "Indexes";
  c.sql = "DROP INDEX t_i";
  file.cases.push_back(c);
  const std::string page = render_locks_doc(file, 15);
  EXPECT_NE(page.find("## Indexes"), std::string::npos) << page;
  EXPECT_NE(page.find("| `DROP INDEX t_i` | public.t_i | AccessExclusive |"), std::string::npos)
      << page;
  EXPECT_NE(page.find("|  | public.t | AccessExclusive |  | index's table |"), std::string::npos)
      << page;
}

} // namespace
} // namespace pgdrydock::lockmodel
