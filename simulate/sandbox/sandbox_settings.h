// The server settings of a sandbox cluster, decided one by one (docs/simulate.md explains).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "simulate/sandbox/sandbox.h"

namespace pgdrydock {

using Setting = std::pair<std::string, std::string>;

// Fixed for the server's life, given on the postgres command line (these cannot be changed
// by a reload, and the command line wins over postgresql.auto.conf).
std::vector<Setting> fixed_cluster_settings(const std::string& socket_dir);

// Switched by set_phase through ALTER SYSTEM + pg_reload_conf() (all reloadable).
std::vector<Setting> phase_settings(SandboxPhase phase);

// postgresql.auto.conf lines for a phase, written before the first start.
std::string auto_conf_text(SandboxPhase phase);

} // namespace pgdrydock
