// The sweep's scale model (simulate/estimate/scale_model.h): memory scaled with the size ratio and
// clamped to PostgreSQL's floors, carried to replay sessions through libpq `options`, and on a
// real sandbox seen by new sessions only while replaying, max_wal_size restored afterwards.
#include "simulate/estimate/scale_model.h"

#include <gtest/gtest.h>

#include "simulate/sandbox/conninfo.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {
namespace {

TEST(ScaleModel, ParsesMemorySizesInPostgresUnits) {
  EXPECT_EQ(parse_memory_kb("64MB").value(), 65536);
  EXPECT_EQ(parse_memory_kb("4096kB").value(), 4096);
  EXPECT_EQ(parse_memory_kb("1GB").value(), 1048576);
  EXPECT_EQ(parse_memory_kb("8192").value(), 8192);
  EXPECT_FALSE(parse_memory_kb("64 MB").has_value());
  EXPECT_FALSE(parse_memory_kb("lots").has_value());
  EXPECT_FALSE(parse_memory_kb("-1MB").has_value());
}

TEST(ScaleModel, ReplayDefaultsAreTheSandboxReplaySettings) {
  const MemorySettings m = replay_memory_settings();
  EXPECT_EQ(m.maintenance_work_mem_kb, 64 * 1024);
  EXPECT_EQ(m.work_mem_kb, 4 * 1024);
  EXPECT_EQ(m.max_wal_size_kb, 1024 * 1024);
}

TEST(ScaleModel, ScalesWithTheRatioClampedToFloorsAndToTheTarget) {
  const MemorySettings target = replay_memory_settings();
  const MemorySettings fifth = scaled_memory(target, 0.2);
  EXPECT_NEAR(fifth.maintenance_work_mem_kb, 13107.2, 1e-6);
  EXPECT_NEAR(fifth.work_mem_kb, 819.2, 1e-6);
  EXPECT_NEAR(fifth.max_wal_size_kb, 209715.2, 1e-6);

  const MemorySettings tiny = scaled_memory(target, 0.0001);
  EXPECT_EQ(tiny.maintenance_work_mem_kb, kMinMaintenanceWorkMemKb);
  EXPECT_EQ(tiny.work_mem_kb, kMinWorkMemKb);
  EXPECT_EQ(tiny.max_wal_size_kb, kMinMaxWalSizeKb);

  const MemorySettings above = scaled_memory(target, 3);
  EXPECT_EQ(above.maintenance_work_mem_kb, target.maintenance_work_mem_kb);
  EXPECT_EQ(above.work_mem_kb, target.work_mem_kb);

  EXPECT_EQ(session_memory_options(fifth), "-c maintenance_work_mem=13107kB -c work_mem=819kB "
                                           "-c max_parallel_maintenance_workers=0");
  EXPECT_EQ(fifth.to_json()["max_wal_size_kb"], 209715);
}

TEST(ScaleModel, ProductionSettingsFromAStatisticsFile) {
  EXPECT_FALSE(memory_from_settings({}).has_value());
  EXPECT_FALSE(memory_from_settings({{"shared_buffers", "8GB"}}).has_value());
  const auto m = memory_from_settings(
      {{"maintenance_work_mem", "1GB"}, {"work_mem", "16MB"}, {"shared_buffers", "8GB"}});
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->maintenance_work_mem_kb, 1048576);
  EXPECT_EQ(m->work_mem_kb, 16384);
  EXPECT_EQ(m->max_wal_size_kb, replay_memory_settings().max_wal_size_kb); // not in the file
  const auto unreadable = memory_from_settings({{"work_mem", "plenty"}});
  ASSERT_TRUE(unreadable.has_value());
  EXPECT_EQ(unreadable->work_mem_kb, replay_memory_settings().work_mem_kb);
}

TEST(ScaleModel, SessionOptionsJoinAConninfoOfEitherForm) {
  const auto plain =
      parse_conninfo(conninfo_with_session_options("host=/tmp dbname=x", "-c work_mem=64kB"));
  EXPECT_EQ(plain.at("options"), "-c work_mem=64kB");
  EXPECT_EQ(plain.at("dbname"), "x");
  const auto uri = parse_conninfo(conninfo_with_session_options(
      "postgresql://u@localhost:5433/db?options=-c%20search_path%3Dapp", "-c work_mem=64kB"));
  EXPECT_EQ(uri.at("options"), "-c search_path=app -c work_mem=64kB");
  EXPECT_EQ(uri.at("port"), "5433");
}

std::string show(const std::string& conninfo, const std::string& setting) {
  PgSession s(conninfo);
  return s.query("SHOW " + setting).value(0, 0);
}

TEST(ScaleModel, ReplaySessionsSeeTheScaledMemoryAndLoadingTheSandboxOwn) {
  auto sandbox = Sandbox::start(SandboxOptions{});
  {
    ScaleModelSandbox model(*sandbox);
    model.set_memory(scaled_memory(replay_memory_settings(), 0.2));
    model.set_phase(SandboxPhase::Loading);
    EXPECT_EQ(show(model.conninfo(), "maintenance_work_mem"), "256MB");
    EXPECT_EQ(show(model.conninfo(), "work_mem"), "4MB");

    model.set_phase(SandboxPhase::Replaying);
    EXPECT_EQ(show(model.conninfo(), "maintenance_work_mem"), "13107kB");
    EXPECT_EQ(show(model.conninfo(), "work_mem"), "819kB");
    EXPECT_EQ(show(model.conninfo(), "max_wal_size"), "204MB");
    EXPECT_EQ(show(model.conninfo(), "max_parallel_maintenance_workers"), "0");
    // Only the model's sessions are scaled: the sandbox's own keep the replay settings.
    EXPECT_EQ(show(sandbox->conninfo(), "maintenance_work_mem"), "64MB");
    EXPECT_EQ(show(sandbox->conninfo(), "max_parallel_maintenance_workers"), "2");

    model.set_memory(std::nullopt);
    EXPECT_EQ(show(model.conninfo(), "maintenance_work_mem"), "64MB");
  }
  // The model is gone: the replay phase's WAL budget is back.
  EXPECT_EQ(show(sandbox->conninfo(), "max_wal_size"), "1GB");
  sandbox->stop();
}

} // namespace
} // namespace pgdrydock
