// The reversibility check reads the schema twice per migration (before up, after down): on the
// bundled examples' schema, a read must be stable (two reads of an unchanged schema do not
// differ) and its time is recorded (the "snapshot_ms" property) so a change to the reader can
// be compared with the one before it.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "simulate/check/schema_snapshot.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SnapshotTiming, ExamplesSchemaReadsStableAndIsTimed) {
  auto sandbox = Sandbox::start({});
  const std::string db = sandbox->fresh_database_name("timing");
  sandbox->create_database(db, "");
  PgSession session(sandbox->conninfo(db));
  const std::filesystem::path examples =
      std::filesystem::path(PGDRYDOCK_SOURCE_DIR) / "examples" / "golang-migrate";
  for (int version = 1; version <= 8; ++version)
    for (const auto& entry : std::filesystem::directory_iterator(examples)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with(std::to_string(version) + "_") && name.ends_with(".up.sql")) {
        const auto error = session.exec(read_text(entry.path()));
        ASSERT_FALSE(error) << name << ": " << error->message;
      }
    }
  const SchemaSnapshot first = take_schema_snapshot(session);
  EXPECT_GT(first.size(), 50u) << "the examples define dozens of objects";
  std::vector<double> ms;
  for (int i = 0; i < 15; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const SchemaSnapshot again = take_schema_snapshot(session);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    EXPECT_TRUE(diff_snapshots(first, again).empty());
  }
  std::sort(ms.begin(), ms.end());
  RecordProperty("snapshot_ms", std::to_string(ms[ms.size() / 2]));
  std::cout << "snapshot of the examples' schema (" << first.size() << " objects): median "
            << ms[ms.size() / 2] << " ms, min " << ms.front() << " ms\n";
}

} // namespace
} // namespace pgdrydock
