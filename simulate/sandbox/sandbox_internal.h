// Pieces shared by the sandbox implementations (not part of the public API).
#pragma once

#include <memory>
#include <string>

#include "simulate/sandbox/sandbox.h"

namespace pgdrydock {

std::unique_ptr<Sandbox> start_cluster_sandbox(const SandboxOptions& options);
std::unique_ptr<Sandbox> start_dsn_sandbox(const SandboxOptions& options);

// Running sandboxes, so a signal or exit() can stop them all.
void register_sandbox(Sandbox* sandbox);
void unregister_sandbox(Sandbox* sandbox);

// n lowercase hex digits from the system's random source.
std::string random_hex(int n);

// pgdrydock_<tag>_<hint>, trimmed to PostgreSQL's 63-byte identifiers, [a-z0-9_] only.
std::string scratch_database_name(const std::string& tag, const std::string& hint);

// Database names a sandbox may create: ours, and plain identifiers.
bool is_plain_identifier(const std::string& name);

} // namespace pgdrydock
