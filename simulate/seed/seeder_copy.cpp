#include "simulate/seed/seeder_copy.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "lint/support/quote_identifier.h"
#include "lint/support/text.h"
#include "simulate/sandbox/conninfo.h"

namespace pgdrydock::seeding {

namespace {

const LiveCheck* find_check(const LiveTable& table, const std::string& name) {
  for (const auto& check : table.checks)
    if (check.name == name)
      return &check;
  return nullptr;
}

bool is_expression_unique(const LiveTable& table, const std::string& name) {
  for (const auto& unique : table.uniques)
    if (unique.name == name)
      return unique.expression;
  return false;
}

// The text between the quotes of an SQL string literal: quotes doubled.
std::string sql_string_body(const std::string& text) {
  std::string body;
  for (char c : text) {
    if (c == '\'')
      body += '\'';
    body += c;
  }
  return body;
}

// A failed command's error sentence, empty on success.
std::string exec(PgSession& session, const std::string& sql) {
  const auto error = session.exec(sql);
  return error ? error->message : std::string();
}

} // namespace

// Parallel COPY streams for this table: one when rows reference rows of the same table
// (a stream cannot see another's uncommitted rows) or when the table is small.
size_t CopyLoader::streams_for(const TablePlan& plan) const {
  constexpr long long rows_per_extra_stream = 20'000;
  for (const auto& fill : plan.fills)
    if (fill.self_reference)
      return 1;
  unsigned wanted = streams_wanted_ > 0 ? static_cast<unsigned>(streams_wanted_)
                                        : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  return static_cast<size_t>(
      std::clamp<long long>(plan.rows / rows_per_extra_stream, 1, static_cast<long long>(wanted)));
}

PgSession& CopyLoader::connection(size_t index) {
  while (streams_.size() <= index) {
    try {
      streams_.push_back(std::make_unique<PgSession>(conninfo_));
    } catch (const ErrorException& e) {
      throw ErrorException(environment_error(fmt::format("seeder: {}", e.what())));
    }
    // Seeding does not need to wait for WAL flushes, whatever the server's setting.
    streams_.back()->exec("SET synchronous_commit = off");
  }
  return *streams_[index];
}

std::string CopyLoader::copy_rows(const LiveTable& table, const TablePlan& plan) {
  const std::string name = table.qualified_name();
  if (plan.fills.empty())
    return fmt::format("table {}: has no column the generator can write", name);
  std::string columns;
  for (const auto& fill : plan.fills)
    columns += (columns.empty() ? "" : ", ") + quote_identifier(fill.column->name);
  const std::string copy_sql = fmt::format("COPY {} ({}) FROM STDIN", table.quoted_name(), columns);

  // Each stream loads a contiguous range of row numbers in its own transaction; all commit
  // only when all succeeded, so a table is either filled or left as it was.
  const size_t count = streams_for(plan);
  std::vector<std::string> problems(count);
  for (size_t i = 0; i < count; ++i)
    if (auto problem = exec(connection(i), "BEGIN"); !problem.empty())
      return fmt::format("table {}: {}", name, problem);
  {
    std::vector<std::jthread> workers;
    for (size_t i = 1; i < count; ++i)
      workers.emplace_back([&, i] {
        problems[i] = stream(connection(i), table, plan, copy_sql, range_start(plan, i, count),
                             range_start(plan, i + 1, count));
      });
    problems[0] = stream(connection(0), table, plan, copy_sql, 0, range_start(plan, 1, count));
  }
  std::string problem;
  for (const auto& p : problems)
    if (problem.empty())
      problem = p;
  for (size_t i = 0; i < count; ++i) {
    if (!problem.empty()) {
      exec(connection(i), "ROLLBACK");
    } else if (auto error = exec(connection(i), "COMMIT"); !error.empty()) {
      problem = fmt::format("table {}: {}", name, error);
    }
  }
  if (!problem.empty())
    return problem;
  for (const auto& fill : plan.fills)
    if (!fill.column->sequence.empty() && fill.source == ColumnFill::Source::Generated) {
      // Keep the sequence ahead of the generated keys, so later inserts do not collide.
      const std::string sql =
          fmt::format("SELECT setval('{}'::regclass, max({})) FROM {} HAVING max({}) IS NOT NULL",
                      sql_string_body(fill.column->sequence), quote_identifier(fill.column->name),
                      table.quoted_name(), quote_identifier(fill.column->name));
      if (auto error = exec(connection(0), sql); !error.empty())
        return fmt::format("table {}: {}", name, error);
    }
  return {};
}

long long CopyLoader::range_start(const TablePlan& plan, size_t index, size_t count) {
  return plan.rows / static_cast<long long>(count) * static_cast<long long>(index) +
         (index == count ? plan.rows % static_cast<long long>(count) : 0);
}

// Streams rows [first, end) of the table through one COPY; returns the error, empty if none.
std::string CopyLoader::stream(PgSession& copy, const LiveTable& table, const TablePlan& plan,
                               const std::string& copy_sql, long long first, long long end) {
  const std::string name = table.qualified_name();
  if (auto error = copy.copy_start(copy_sql))
    return fmt::format("table {}: {}", name, error->message);
  constexpr size_t flush_at = 64 * 1024;
  std::string buffer;
  buffer.reserve(flush_at + 64 * 1024);
  bool sent = true;
  for (long long row = first; row < end && sent; ++row) {
    for (size_t f = 0; f < plan.fills.size(); ++f) {
      if (f)
        buffer += '\t';
      plan.fills[f].append(buffer, row, plan.rows);
    }
    buffer += '\n';
    if (buffer.size() >= flush_at) {
      sent = copy.copy_send(buffer);
      buffer.clear();
    }
  }
  if (sent && !buffer.empty())
    copy.copy_send(buffer);
  if (auto error = copy.copy_end())
    return error->sqlstate == "08006" ? fmt::format("table {}: {}", name, error->message)
                                      : describe_copy_error(table, *error);
  return {};
}

// The server's word on rejected rows, naming the constraint and what it says.
std::string CopyLoader::describe_copy_error(const LiveTable& table, const PgError& error) {
  std::string message =
      fmt::format("table {}: the generated rows were rejected: {} (SQLSTATE {})",
                  table.qualified_name(), trimmed_blanks(error.message), error.sqlstate);
  if (const LiveCheck* check = find_check(table, error.constraint))
    message += fmt::format("; the generator cannot satisfy CHECK constraint {}: {}", check->name,
                           check->definition);
  else if (is_expression_unique(table, error.constraint))
    message += fmt::format("; unique index {} is on an expression: the generated values are "
                           "distinct per column but not after that expression",
                           error.constraint);
  else if (!error.constraint.empty())
    message += fmt::format("; constraint {}", error.constraint);
  return message;
}

} // namespace pgdrydock::seeding
