// Inputs the folder fuzzer (tests/fuzz/targets/folder_fuzzer.cpp) crashed on, fed through the
// same entry in the sanitizer build: each must now load and lint without a sanitizer report.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/fuzz/entries/folder_entry.h"

namespace pgdrydock::fuzz {
namespace {

std::string input(const std::string& name) {
  std::ifstream in(std::filesystem::path(PGDRYDOCK_SOURCE_DIR) / "tests/fuzz_regressions/inputs" /
                       name,
                   std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Two migrations whose downgrade leaves other tables than the upgrade found: the catalog diff
// (downgrade-not-inverse) kept pointers to keys of tree nodes the persistent map's diff had cut
// from a copy and freed (heap-use-after-free under ASan).
TEST(FolderRegressions, CatalogDiffKeepsNoKeyOfAFreedNode) {
  EXPECT_GE(load_folder_blob(input("folder_diff_key_use_after_free.blob")), 1u);
}

} // namespace
} // namespace pgdrydock::fuzz
