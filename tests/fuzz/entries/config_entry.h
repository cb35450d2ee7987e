// `--config FILE` (.pgdrydock.toml) from the file's bytes (lint/config.*): a bad file must end in
// an InputErrorException naming it, never another exception or a crash.
#pragma once

#include <string_view>

#include "lint/config.h"
#include "lint/input_error.h"
#include "tests/fuzz/entries/scratch.h"

namespace pgdrydock::fuzz {

// Returns false when the reader refused the file (an expected outcome).
inline bool read_config_file(std::string_view bytes) {
  try {
    const Config config = load_config(scratch_file(".pgdrydock.toml", bytes));
    for (const auto& [rule, severity] : config.rules.severity)
      (void)config.rules.enabled(rule);
    return true;
  } catch (const InputErrorException&) {
    return false;
  }
}

} // namespace pgdrydock::fuzz
