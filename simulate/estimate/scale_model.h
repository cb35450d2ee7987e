// A size sweep as a scale model of production: each sweep size runs with the memory of the
// target server scaled by sweep rows / production rows, so a statement whose working set
// outgrows memory at production size (an index sort spilling to disk beyond
// maintenance_work_mem, a hash join splitting into batches beyond work_mem, checkpoints forced
// by the WAL a rewrite writes beyond max_wal_size) does so at every measured size too. Without
// it the small sizes sort and join in memory while the target does not, and every fit
// extrapolates the cheaper regime (bench/README.md "## estimates" measured that).
//
// Scaled: maintenance_work_mem and work_mem per replay session (libpq `options`, so nothing
// else sees them), max_wal_size server-wide on an own sandbox cluster (a reload, restored when
// the model ends). Each is clamped to PostgreSQL's floor. Index builds run without parallel
// workers at every size, since the scaled sizes could not get any. Not scaled: shared_buffers
// (needs a restart) — see docs/simulate.md.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "simulate/result/simulation_result.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock {

// Sizes in kB, as pg_settings reports them.
struct MemorySettings {
  double maintenance_work_mem_kb = 0;
  double work_mem_kb = 0;
  double max_wal_size_kb = 0;

  // In whole kB, as PostgreSQL takes them and the report records them.
  MemoryPlan plan() const;
  static MemorySettings of(const MemoryPlan& plan);
  // {"maintenance_work_mem_kb", "work_mem_kb", "max_wal_size_kb"}: plan() as JSON.
  nlohmann::json to_json() const;
};

// PostgreSQL's lowest accepted values: maintenance_work_mem 1MB, work_mem 64kB, max_wal_size
// two 16MB WAL segments.
constexpr double kMinMaintenanceWorkMemKb = 1024;
constexpr double kMinWorkMemKb = 64;
constexpr double kMinMaxWalSizeKb = 32 * 1024;

// What the sandbox replays with (simulate/sandbox/sandbox_settings.cpp, replay phase).
MemorySettings replay_memory_settings();

// Production's settings by name ("maintenance_work_mem" -> "1GB", as a statistics file
// carries them, lint/table_stats.h): nullopt when neither maintenance_work_mem nor work_mem is
// there; a setting missing or unreadable falls back to replay_memory_settings().
std::optional<MemorySettings>
memory_from_settings(const std::map<std::string, std::string>& settings);

// "64MB", "4096kB", "1GB", "8192" (kB, pg_settings' unit for these) -> kB, or
// a usage Error on anything else.
Expected<double> parse_memory_kb(const std::string& text);

// `target` times ratio (at most 1: a sweep size above the target keeps the target's memory),
// each clamped to its floor.
MemorySettings scaled_memory(const MemorySettings& target, double ratio);

// "-c maintenance_work_mem=13107kB -c work_mem=819kB -c max_parallel_maintenance_workers=0":
// the session part of `memory`, index builds serial at every size (see the .cpp).
std::string session_memory_options(const MemorySettings& memory);

// `conninfo` (URI or key=value) with `options` appended to any options it already has.
std::string conninfo_with_session_options(const std::string& conninfo, const std::string& options);

// Wraps a sandbox for a sweep: while in the Replaying phase with a memory set, conninfo()
// carries the scaled session settings and (own cluster only) max_wal_size is the scaled one;
// while Loading, everything is the sandbox's own, so seeding is not slowed down. Does not own
// the wrapped sandbox; the destructor restores the replay phase's max_wal_size.
class ScaleModelSandbox : public Sandbox {
public:
  explicit ScaleModelSandbox(Sandbox& inner) : inner_(inner) {}
  ~ScaleModelSandbox() override;
  ScaleModelSandbox(const ScaleModelSandbox&) = delete;
  ScaleModelSandbox& operator=(const ScaleModelSandbox&) = delete;

  // The memory of the next replays; nullopt: the sandbox's own settings.
  void set_memory(std::optional<MemorySettings> memory);

  std::string conninfo(const std::string& database = {}) const override;
  std::string working_database() const override { return inner_.working_database(); }
  int server_major_version() const override { return inner_.server_major_version(); }
  std::string server_version() const override { return inner_.server_version(); }
  std::string describe() const override { return inner_.describe(); }
  void create_database(const std::string& name, const std::string& template_db) override {
    inner_.create_database(name, template_db);
  }
  void drop_database(const std::string& name) override { inner_.drop_database(name); }
  void stop() override { inner_.stop(); }
  void set_phase(SandboxPhase phase) override;
  bool owns_server() const override { return inner_.owns_server(); }
  int postmaster_pid() const override { return inner_.postmaster_pid(); }
  std::string folder() const override { return inner_.folder(); }
  bool started_from_template() const override { return inner_.started_from_template(); }
  std::string fresh_database_name(const std::string& hint) const override {
    return inner_.fresh_database_name(hint);
  }

private:
  void apply_max_wal_size(double kb);

  Sandbox& inner_;
  std::optional<MemorySettings> memory_;
  SandboxPhase phase_ = SandboxPhase::Loading;
  bool wal_changed_ = false;
};

} // namespace pgdrydock
