// `--config FILE` (.pgdrydock.toml) from the file's bytes (lint/config.*): a bad file must end in
// an input Error naming it, never an exception or a crash.
#pragma once

#include <string_view>

#include "lint/config.h"
#include "lint/support/error.h"
#include "tests/fuzz/entries/scratch.h"

namespace pgdrydock::fuzz {

// Returns false when the reader refused the file (an expected outcome).
inline bool read_config_file(std::string_view bytes) {
  const Expected<Config> config = load_config(scratch_file(".pgdrydock.toml", bytes));
  if (!config)
    return false;
  for (const auto& [rule, severity] : config->rules.severity)
    (void)config->rules.enabled(rule);
  return true;
}

} // namespace pgdrydock::fuzz
