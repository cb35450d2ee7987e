#include "cli/app_load_flags.h"

#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "lint/support/duration.h"

namespace pgdrydock {
namespace {

long long whole_ms(std::string_view option, const std::string& value) {
  return std::max(1LL, std::llround(duration_ms_option(option, value, true)));
}

} // namespace

void AppLoadFlags::add_to(CLI::App& sub) {
  app_ = &sub;
  app_load_ = sub.add_option("--app-load", kinds_,
                             "Replay under a synthetic application: reads, writes or reads,writes "
                             "(the default when given without a value; put it after the paths)")
                  ->expected(0, 1);
  sub.add_option("--app-clients", clients_, "--app-load: connections (default 4)");
  sub.add_option("--app-rate", rate_, "--app-load: queries per second per client (default 50)");
  sub.add_option("--app-timeout", timeout_,
                 "--app-load: the application's statement_timeout " + std::string(kDurationHelp));
  sub.add_option("--long-transaction", long_transaction_,
                 "--app-load: just before each statement, a transaction reading the touched "
                 "tables stays open this long " +
                     std::string(kDurationHelp));
  sub.add_option("--lock-timeout", lock_timeout_,
                 "--app-load: replay each statement with this lock_timeout, retrying on timeout " +
                     std::string(kDurationHelp));
  sub.add_option("--retries", retries_, "--lock-timeout: tries after the first (default 0)");
  sub.add_option("--max-app-blocked", max_blocked_,
                 "Budget gate: fail when the application was blocked longer than this during a "
                 "statement (--app-load) " +
                     std::string(kDurationHelp));
}

Expected<std::optional<AppLoadOptions>> AppLoadFlags::resolve() const {
  if (!app_load_ || app_load_->count() == 0) {
    for (const char* name : {"--app-clients", "--app-rate", "--app-timeout", "--long-transaction",
                             "--lock-timeout", "--retries", "--max-app-blocked"})
      if (app_ && app_->count(name) > 0)
        return fail(usage_error(std::string(name) + " needs --app-load"));
    return std::optional<AppLoadOptions>{};
  }
  AppLoadOptions o;
  if (!kinds_.empty())
    if (Expected<void> parsed = parse_app_load_kinds(kinds_, o); !parsed)
      return fail(parsed.error());
  if (clients_ < 1 || clients_ > 64)
    return fail(usage_error(fmt::format("--app-clients {}: expected 1 to 64", clients_)));
  if (!(rate_ > 0 && rate_ <= 10000))
    return fail(
        usage_error(fmt::format("--app-rate {}: expected more than 0, at most 10000", rate_)));
  if (retries_ < 0 || retries_ > 1000)
    return fail(usage_error(fmt::format("--retries {}: expected 0 to 1000", retries_)));
  o.clients = clients_;
  o.rate = rate_;
  o.retries = retries_;
  try {
    if (!timeout_.empty())
      o.timeout_ms = whole_ms("--app-timeout", timeout_);
    if (!long_transaction_.empty())
      o.long_transaction_ms = whole_ms("--long-transaction", long_transaction_);
    if (!lock_timeout_.empty())
      o.lock_timeout_ms = whole_ms("--lock-timeout", lock_timeout_);
    if (!max_blocked_.empty())
      duration_ms_option("--max-app-blocked", max_blocked_);
  } catch (const ErrorException& e) {
    return fail(e.error());
  }
  if (retries_ > 0 && !o.lock_timeout_ms)
    return fail(usage_error("--retries needs --lock-timeout"));
  return std::optional<AppLoadOptions>(o);
}

bool AppLoadFlags::over_budget(const LintResult& result) const {
  if (max_blocked_.empty())
    return false;
  const double budget_ms = duration_ms_option("--max-app-blocked", max_blocked_);
  bool over = false;
  for (const auto& m : result.migrations)
    for (const auto& script : m.scripts)
      for (const auto& st : script.statements) {
        if (!st.measured || !st.measured->app_impact ||
            st.measured->app_impact->longest_blocked_ms <= budget_ms)
          continue;
        std::cerr << printable_for_terminal(fmt::format(
                         "pgdrydock: over budget: {}:{}: the application was blocked {:.0f} ms "
                         "(--max-app-blocked {})",
                         st.location.file, st.location.line,
                         st.measured->app_impact->longest_blocked_ms, max_blocked_))
                  << '\n';
        over = true;
      }
  return over;
}

} // namespace pgdrydock
