#include "simulate/app_load/app_client.h"

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include <fmt/format.h>

namespace pgdrydock {
namespace {

using Clock = std::chrono::steady_clock;

// New keys of client i start i * this above the table's largest key: clients never collide,
// and the sum stays inside int4 for any realistic seeded table.
constexpr long long kKeySpacing = 100'000'000;

PgSessionSettings client_settings(const AppLoadOptions& options) {
  PgSessionSettings s;
  s.statement_timeout_ms = options.timeout_ms.value_or(0);
  s.application_name = kAppSessionName;
  return s;
}

// A spread of indexes without a random generator: stride by a prime.
std::size_t pick(std::size_t size, long long n, int index) {
  return static_cast<std::size_t>((n * 7919 + index * 104729) % static_cast<long long>(size));
}

} // namespace

AppClient::AppClient(const std::string& conninfo, const std::vector<WorkloadTable>& tables,
                     const AppLoadOptions& options, int index)
    : client_(conninfo, client_settings(options)), interval_s_(1.0 / options.rate), index_(index) {
  pqxx::connection& c = client_.connection();
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const WorkloadTable& t = tables[i];
    const std::string& table = t.table;
    auto add = [&](char kind, const std::string& sql) {
      const std::string name = fmt::format("app_{}_{}", kind, i);
      c.prepare(name, sql);
      shapes_.push_back({name, &t, kind});
    };
    if (options.reads) {
      add('l', fmt::format("SELECT {} FROM {} WHERE {} = $1", t.key, table, t.key));
      add('r', fmt::format("SELECT {} FROM {} WHERE {} >= $1 ORDER BY {} LIMIT 10", t.range_column,
                           table, t.range_column, t.range_column));
    }
    if (options.writes) {
      add('u', fmt::format("UPDATE {} SET {} = {} WHERE {} = $1", table, t.key, t.key, t.key));
      if (!t.insert_sql.empty())
        add('i', t.insert_sql);
    }
  }
  pid_ = c.backendpid();
  thread_ = std::thread([this] { loop(); });
}

AppClient::~AppClient() {
  stop();
}

void AppClient::stop() {
  stop_.raise();
  if (thread_.joinable())
    thread_.join();
}

AppQuery::Outcome AppClient::issue(const Shape& shape, long long n) {
  const WorkloadTable& t = *shape.table;
  try {
    const std::string& key = t.key_values[pick(t.key_values.size(), n, index_)];
    if (shape.kind == 'i') {
      // Rolled back: it waits for and takes the same locks as a kept insert, and the
      // downgrade's data check (simulate/check/data_check.h) still finds the seeded rows only.
      pqxx::work tx(client_.connection());
      tx.exec_prepared(shape.statement,
                       std::to_string(t.first_new_key + index_ * kKeySpacing + inserted_++), key);
      tx.abort();
      return AppQuery::Outcome::Ok;
    }
    pqxx::nontransaction tx(client_.connection());
    if (shape.kind == 'r')
      tx.exec_prepared(shape.statement, t.range_values[pick(t.range_values.size(), n, index_)]);
    else // a lookup, or an update that writes the key it finds (values unchanged, row locked)
      tx.exec_prepared(shape.statement, key);
    return AppQuery::Outcome::Ok;
  } catch (const pqxx::sql_error& e) {
    return e.sqlstate() == "57014" ? AppQuery::Outcome::TimedOut : AppQuery::Outcome::Failed;
  }
}

void AppClient::loop() {
  const auto interval =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_s_));
  auto next = Clock::now();
  for (long long n = 0; !shapes_.empty(); ++n) {
    if (stop_.wait_until(next))
      return;
    AppQuery q;
    q.pid = pid_;
    q.start = Clock::now();
    try {
      q.outcome = issue(shapes_[static_cast<std::size_t>(n) % shapes_.size()], n);
    } catch (const std::exception&) {
      // The connection is gone (the sandbox stopped, the backend was terminated): this client
      // is done; the query counts as failed.
      q.outcome = AppQuery::Outcome::Failed;
      q.end = Clock::now();
      queries_.push_back(q);
      return;
    }
    q.end = Clock::now();
    queries_.push_back(q);
    // A steady rate, without a burst to catch up after a long wait (as a pool would).
    next = std::max(next + interval, Clock::now());
  }
}

} // namespace pgdrydock
