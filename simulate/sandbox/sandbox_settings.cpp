#include "simulate/sandbox/sandbox_settings.h"

namespace pgdrydock {

std::vector<Setting> fixed_cluster_settings(const std::string& socket_dir) {
  return {
      // Reachable only through the private folder's socket: no TCP, nobody else connects.
      {"listen_addresses", ""},
      {"unix_socket_directories", socket_dir},
      {"unix_socket_permissions", "0700"},
      // The replayer, its probe and lock sampler, the seeder's sessions: a few dozen at most;
      // fewer slots keep shared memory small on a shared CI machine.
      {"max_connections", "40"},
      // Autovacuum would take locks and I/O of its own in the middle of measured statements;
      // the seeder runs ANALYZE explicitly instead.
      {"autovacuum", "off"},
      // As in production: wal_level=minimal would skip WAL for rewritten tables and make
      // rewrites look cheaper than they are on a server with replicas.
      {"wal_level", "replica"},
      // PostgreSQL's defaults, pinned so a user's template cannot change timings silently.
      {"shared_buffers", "128MB"},
      {"logging_collector", "off"},
      {"lc_messages", "C"},
      {"log_min_messages", "warning"},
  };
}

std::vector<Setting> phase_settings(SandboxPhase phase) {
  if (phase == SandboxPhase::Loading) {
    // Synthetic data is thrown away if the machine crashes: durability buys nothing here, and
    // WAL flushes, full-page images and checkpoints triggered by volume dominate load time.
    return {
        {"fsync", "off"},        {"synchronous_commit", "off"},   {"full_page_writes", "off"},
        {"max_wal_size", "4GB"}, {"checkpoint_timeout", "30min"}, {"maintenance_work_mem", "256MB"},
    };
  }
  // Replay: PostgreSQL's defaults, which is what an untuned production server runs. A rewrite
  // or index build then pays for its WAL flushes, full-page images after the checkpoint taken
  // when switching, and fsync at commit, so its time is representative.
  return {
      {"fsync", "on"},
      {"synchronous_commit", "on"},
      {"full_page_writes", "on"},
      {"max_wal_size", "1GB"},
      {"checkpoint_timeout", "5min"},
      {"maintenance_work_mem", "64MB"},
      // Pinned (PostgreSQL's default) so a size sweep knows what to scale (scale_model.h).
      {"work_mem", "4MB"},
  };
}

std::string auto_conf_text(SandboxPhase phase) {
  std::string text = "# Written by pgdrydock: settings of the current sandbox phase.\n";
  for (const auto& [name, value] : phase_settings(phase))
    text += name + " = '" + value + "'\n";
  return text;
}

} // namespace pgdrydock
