// The simulate options of the synthetic application workload (issue 20): --app-load,
// --app-clients, --app-rate, --app-timeout, --long-transaction, --lock-timeout, --retries and
// the --max-app-blocked budget gate. Kept apart from simulate_command.cpp, which only adds
// them and calls resolve().
#pragma once

#include <optional>
#include <string>

#include "cli/cli11.h"
#include "lint/lint_result.h"
#include "simulate/app_load/app_load_options.h"

namespace pgdrydock {

class AppLoadFlags {
public:
  void add_to(CLI::App& sub);
  // The workload asked for (none without --app-load), or a usage Error naming the option: a
  // bad value, or a workload option without --app-load.
  Expected<std::optional<AppLoadOptions>> resolve() const;
  // --max-app-blocked: prints each statement whose application was blocked longer (stderr);
  // true when one was. Call resolve() first (it checks the value).
  bool over_budget(const LintResult& result) const;

private:
  CLI::App* app_ = nullptr;
  CLI::Option* app_load_ = nullptr;
  std::string kinds_;
  int clients_ = 4;
  double rate_ = 50;
  std::string timeout_;
  std::string long_transaction_;
  std::string lock_timeout_;
  int retries_ = 0;
  std::string max_blocked_;
};

} // namespace pgdrydock
