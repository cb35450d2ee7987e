#include "simulate/estimate/scale_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "simulate/result/simulation_json.h"
#include "simulate/sandbox/conninfo.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox_settings.h"

namespace pgdrydock {

namespace {

// Whole kB: PostgreSQL accepts only integers for these settings.
long long whole_kb(double kb) {
  return std::llround(std::floor(kb));
}

std::string replay_setting(const std::string& name) {
  for (const auto& [setting, value] : phase_settings(SandboxPhase::Replaying))
    if (setting == name)
      return value;
  throw ErrorException(internal_error("the replay phase does not pin " + name));
}

} // namespace

MemoryPlan MemorySettings::plan() const {
  return {whole_kb(maintenance_work_mem_kb), whole_kb(work_mem_kb), whole_kb(max_wal_size_kb)};
}

MemorySettings MemorySettings::of(const MemoryPlan& plan) {
  return {static_cast<double>(plan.maintenance_work_mem_kb), static_cast<double>(plan.work_mem_kb),
          static_cast<double>(plan.max_wal_size_kb)};
}

nlohmann::json MemorySettings::to_json() const {
  return plan();
}

MemorySettings replay_memory_settings() {
  MemorySettings m;
  m.maintenance_work_mem_kb = parse_memory_kb(replay_setting("maintenance_work_mem")).value();
  m.work_mem_kb = parse_memory_kb(replay_setting("work_mem")).value();
  m.max_wal_size_kb = parse_memory_kb(replay_setting("max_wal_size")).value();
  return m;
}

std::optional<MemorySettings>
memory_from_settings(const std::map<std::string, std::string>& settings) {
  if (!settings.count("maintenance_work_mem") && !settings.count("work_mem"))
    return std::nullopt;
  MemorySettings m = replay_memory_settings();
  auto take = [&](const char* name, double& kb) {
    const auto it = settings.find(name);
    if (it == settings.end())
      return;
    // Keep the sandbox's value when unreadable: a setting this version cannot read scales
    // nothing.
    kb = parse_memory_kb(it->second).value_or(kb);
  };
  take("maintenance_work_mem", m.maintenance_work_mem_kb);
  take("work_mem", m.work_mem_kb);
  take("max_wal_size", m.max_wal_size_kb);
  return m;
}

Expected<double> parse_memory_kb(const std::string& text) {
  std::size_t used = 0;
  double n = 0;
  try {
    n = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = used == 0 ? "?" : text.substr(used);
  double scale = -1;
  if (unit.empty() || unit == "kB")
    scale = 1;
  else if (unit == "MB")
    scale = 1024;
  else if (unit == "GB")
    scale = 1024.0 * 1024;
  else if (unit == "TB")
    scale = 1024.0 * 1024 * 1024;
  if (scale < 0 || !(n >= 0))
    return fail(usage_error("\"" + text + "\" is not a memory size (kB, MB, GB or TB)"));
  return n * scale;
}

MemorySettings scaled_memory(const MemorySettings& target, double ratio) {
  const double r = std::clamp(ratio, 0.0, 1.0);
  MemorySettings m;
  m.maintenance_work_mem_kb =
      std::max(kMinMaintenanceWorkMemKb, target.maintenance_work_mem_kb * r);
  m.work_mem_kb = std::max(kMinWorkMemKb, target.work_mem_kb * r);
  m.max_wal_size_kb = std::max(kMinMaxWalSizeKb, target.max_wal_size_kb * r);
  return m;
}

std::string session_memory_options(const MemorySettings& memory) {
  // No parallel index builds at any size: PostgreSQL plans them only with 32MB of
  // maintenance_work_mem per participant, which the scaled sizes lack while the target may
  // have it; the same (serial) degree everywhere keeps the sizes comparable.
  return fmt::format(
      "-c maintenance_work_mem={}kB -c work_mem={}kB -c max_parallel_maintenance_workers=0",
      whole_kb(memory.maintenance_work_mem_kb), whole_kb(memory.work_mem_kb));
}

std::string conninfo_with_session_options(const std::string& conninfo, const std::string& options) {
  ConninfoParams params = parse_conninfo(conninfo);
  std::string& existing = params["options"];
  existing = existing.empty() ? options : existing + " " + options;
  return build_conninfo(params);
}

ScaleModelSandbox::~ScaleModelSandbox() {
  if (!wal_changed_)
    return;
  try {
    apply_max_wal_size(parse_memory_kb(replay_setting("max_wal_size")).value());
  } catch (...) {
    // A stopped sandbox has nothing left to restore.
  }
}

void ScaleModelSandbox::set_memory(std::optional<MemorySettings> memory) {
  memory_ = memory;
}

std::string ScaleModelSandbox::conninfo(const std::string& database) const {
  const std::string plain = inner_.conninfo(database);
  if (!memory_ || phase_ != SandboxPhase::Replaying)
    return plain;
  return conninfo_with_session_options(plain, session_memory_options(*memory_));
}

void ScaleModelSandbox::set_phase(SandboxPhase phase) {
  inner_.set_phase(phase); // Loading resets max_wal_size; Replaying sets it and checkpoints
  phase_ = phase;
  if (phase == SandboxPhase::Replaying && memory_ && inner_.owns_server())
    apply_max_wal_size(memory_->max_wal_size_kb);
}

void ScaleModelSandbox::apply_max_wal_size(double kb) {
  // max_wal_size is kept in whole MB.
  const long long mb = whole_kb(kb) / 1024;
  PgSession admin(inner_.conninfo("postgres"));
  // Two calls: ALTER SYSTEM refuses to run in the implicit transaction of a multi-statement
  // string.
  auto error = admin.exec(fmt::format("ALTER SYSTEM SET max_wal_size = '{}MB'", mb));
  if (!error)
    error = admin.exec("SELECT pg_reload_conf()");
  if (error)
    throw ErrorException(
        environment_error("cannot set max_wal_size for the sweep: " + error->message));
  wal_changed_ = true;
  // The reload is asynchronous: wait until a new session sees the value, as set_phase does.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    PgSession probe(inner_.conninfo("postgres"));
    const PgRows rows =
        probe.query("SELECT pg_size_bytes(current_setting('max_wal_size')) / (1024 * 1024)");
    if (!rows.rows.empty() && std::stoll(rows.value(0, 0)) == mb)
      break;
    if (std::chrono::steady_clock::now() > deadline)
      throw ErrorException(environment_error(
          "the server did not apply max_wal_size within 10 s of pg_reload_conf()"));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

} // namespace pgdrydock
