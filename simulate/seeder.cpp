#include "simulate/seeder.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <pqxx/pqxx>

#include "simulate/catalog_reader.h"
#include "simulate/conninfo.h"
#include "simulate/seeder_checks.h"
#include "simulate/seeder_order.h"
#include "simulate/seeder_values.h"

namespace pgdrydock {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// FNV-1a: a salt that stays the same across builds and platforms for the same names.
std::uint64_t stable_hash(std::uint64_t seed, std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : text)
    hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

struct TablePlan;

// Where one column's values come from.
struct ColumnFill {
  enum class Source { Generated, ForeignKey, Null };
  const LiveColumn* column = nullptr;
  Source source = Source::Generated;
  ValueRecipe recipe; // Generated
  // ForeignKey: the parent's fill of the referenced column, regenerated for the chosen row.
  const TablePlan* parent = nullptr;
  size_t parent_fill = 0;
  bool self_reference = false;
  bool unique = false;   // the foreign key is (part of) a UNIQUE constraint
  long long divisor = 1; // mixed radix over the foreign keys of an all-FK UNIQUE constraint
  std::uint64_t salt = 0;
  // Production shape (--stats): NULL in about null_per_million of a million rows, and a
  // non-unique foreign key pointing at only `distinct_parents` parent rows (0: any).
  std::uint64_t null_per_million = 0;
  long long distinct_parents = 0;

  void append(std::string& out, long long row, long long rows) const;
};

struct TablePlan {
  const LiveTable* table = nullptr;
  long long rows = 0;   // asked for
  long long loaded = 0; // really loaded (the rows a foreign key may point at)
  std::vector<ColumnFill> fills;
  std::string error;
};

void ColumnFill::append(std::string& out, long long row, long long rows) const {
  if (null_per_million > 0 &&
      mix_row(static_cast<std::uint64_t>(row), salt ^ 0x6e756c6cULL) % 1'000'000 <
          null_per_million) {
    out += "\\N";
    return;
  }
  switch (source) {
  case Source::Generated:
    recipe.append(out, row);
    return;
  case Source::Null:
    out += "\\N";
    return;
  case Source::ForeignKey:
    break;
  }
  long long parent_row;
  if (self_reference) {
    // Rows point at earlier rows of the same COPY; the check runs at its end.
    if (unique) {
      if (column->not_null)
        parent_row = (row + 1) % rows; // a permutation: all distinct
      else if (row == 0)
        parent_row = -1;
      else
        parent_row = row - 1;
    } else {
      parent_row = row == 0 ? (column->not_null ? 0 : -1) : (row - 1) / 2;
    }
    if (parent_row < 0) {
      out += "\\N";
      return;
    }
  } else if (unique) {
    // Mixed radix over the keys of the constraint, each digit shifted by the lower ones: still
    // one distinct combination per row, but the later keys do not stay on parent row 0.
    parent_row = (row / divisor + row % divisor) % parent->loaded;
  } else {
    if (distinct_parents > 0)
      parent_row = row % std::min(distinct_parents, parent->loaded); // exactly that many
    else
      parent_row = static_cast<long long>(mix_row(static_cast<std::uint64_t>(row), salt) %
                                          static_cast<std::uint64_t>(parent->loaded));
  }
  parent->fills[parent_fill].append(out, parent_row, self_reference ? rows : parent->loaded);
}

class PgConnection {
public:
  explicit PgConnection(const std::string& conninfo)
      : connection_(PQconnectdb(conninfo.c_str()), &PQfinish) {
    if (PQstatus(connection_.get()) != CONNECTION_OK)
      throw SeederError(fmt::format("seeder: cannot connect: {}", last_error()));
  }
  PGconn* get() const { return connection_.get(); }
  std::string last_error() const {
    std::string message = PQerrorMessage(connection_.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    return message;
  }
  // Runs a command; returns the error sentence, empty on success.
  std::string exec(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(get(), sql.c_str()), &PQclear);
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
      return {};
    return last_error();
  }

private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> connection_;
};

const LiveCheck* find_check(const LiveTable& table, const std::string& name) {
  for (const auto& check : table.checks)
    if (check.name == name)
      return &check;
  return nullptr;
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

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

// What the seeder knows about one table's columns before building the fills.
struct ColumnFacts {
  ColumnRestriction restriction;
  std::vector<std::string> checks; // names of the CHECK constraints that restrict it
  std::string unique_constraint;   // first UNIQUE / PRIMARY KEY it belongs to
  int foreign_key = -1;            // index of the foreign key it belongs to
};

class Seeder {
public:
  Seeder(const std::string& conninfo, const SeedPlan& plan)
      : plan_(plan), conninfo_(conninfo), catalog_(conninfo) {}

  SeedReport run() {
    const auto start = Clock::now();
    tables_ = read_user_tables(catalog_);
    order_ = plan_fill_order(tables_);
    plans_.resize(tables_.size());
    connection(0); // fail early (SeederError) when the COPY connection cannot be made

    SeedReport report;
    for (size_t t : order_.order)
      report.tables.push_back(fill(t));
    for (size_t t : order_.unfillable) {
      TableSeedResult result;
      result.table = tables_[t].qualified_name();
      result.error = fmt::format(
          "table {}: cannot be filled: it is part of (or depends on) a cycle of NOT NULL "
          "foreign keys among {}",
          result.table, order_.cycle_description);
      report.tables.push_back(std::move(result));
    }
    if (plan_.analyze) {
      const auto analyze_start = Clock::now();
      for (size_t t : order_.order)
        if (plans_[t].loaded > 0) {
          pqxx::nontransaction tx(catalog_);
          tx.exec("ANALYZE " + tables_[t].quoted_name());
        }
      report.analyze_seconds = seconds_since(analyze_start);
    }
    report.seconds = seconds_since(start);
    return report;
  }

private:
  std::vector<ColumnFacts> column_facts(size_t t) {
    const LiveTable& table = tables_[t];
    std::vector<ColumnFacts> facts(table.columns.size());
    auto index_of = [&](int attnum) -> int {
      for (size_t i = 0; i < table.columns.size(); ++i)
        if (table.columns[i].attnum == attnum)
          return static_cast<int>(i);
      return -1;
    };
    for (const auto& check : table.checks) {
      std::map<std::string, ColumnRestriction> restrictions;
      parse_check_constraint(check.definition, restrictions);
      for (size_t i = 0; i < table.columns.size(); ++i) {
        const auto found = restrictions.find(table.columns[i].name);
        if (found == restrictions.end())
          continue;
        facts[i].restriction.intersect(found->second);
        facts[i].checks.push_back(check.name);
      }
    }
    for (size_t i = 0; i < table.columns.size(); ++i)
      for (const auto& definition : table.columns[i].domain_checks) {
        std::map<std::string, ColumnRestriction> restrictions;
        parse_check_constraint(definition, restrictions, table.columns[i].name);
        if (const auto found = restrictions.find(table.columns[i].name);
            found != restrictions.end()) {
          facts[i].restriction.intersect(found->second);
          facts[i].checks.push_back("domain " + table.columns[i].type_display + " " + definition);
        }
      }
    for (const auto& unique : table.uniques)
      for (int attnum : unique.attnums)
        if (const int i = index_of(attnum); i >= 0 && facts[i].unique_constraint.empty())
          facts[i].unique_constraint = unique.name;
    for (size_t k = 0; k < table.foreign_keys.size(); ++k) {
      if (order_.null_foreign_keys.count({t, k}))
        continue;
      for (int attnum : table.foreign_keys[k].attnums)
        if (const int i = index_of(attnum); i >= 0 && facts[i].foreign_key < 0)
          facts[i].foreign_key = static_cast<int>(k);
    }
    return facts;
  }

  // Highest value already in an integer column (rows a migration inserted), or none.
  long long existing_max(const LiveTable& table, const LiveColumn& column) {
    pqxx::read_transaction tx(catalog_);
    const auto row = tx.exec1("SELECT max(" + quote_identifier(column.name) + ")::text FROM " +
                              table.quoted_name());
    if (row[0].is_null())
      return LLONG_MIN;
    return std::strtoll(row[0].c_str(), nullptr, 10);
  }

  // Builds the fills of table t; returns the error sentence, empty when it can be filled.
  std::string build_fills(size_t t, TablePlan& plan) {
    const LiveTable& table = tables_[t];
    const std::string name = table.qualified_name();
    const std::vector<ColumnFacts> facts = column_facts(t);
    const TableStats* shape = plan_.stats ? plan_.stats->find(table.schema, table.name) : nullptr;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const LiveColumn& column = table.columns[i];
      if (column.generated)
        continue;
      ColumnFill fill;
      fill.column = &column;
      fill.salt = stable_hash(plan_.seed, name + "." + column.name);
      const ColumnFacts& fact = facts[i];
      const bool null_key = std::any_of(
          order_.null_foreign_keys.begin(), order_.null_foreign_keys.end(), [&](const auto& k) {
            if (k.first != t)
              return false;
            const auto& attnums = table.foreign_keys[k.second].attnums;
            return std::find(attnums.begin(), attnums.end(), column.attnum) != attnums.end();
          });
      if (fact.foreign_key >= 0) {
        fill.source = ColumnFill::Source::ForeignKey;
      } else if (null_key) {
        fill.source = ColumnFill::Source::Null;
      } else {
        const std::string problem = make_value_recipe(
            column, fact.restriction, !fact.unique_constraint.empty(), fill.salt, fill.recipe);
        if (!problem.empty()) {
          if (value_kind_of(column.type) == ValueKind::Unknown) {
            if (column.has_default || !column.not_null)
              continue; // default or NULL applies
            return fmt::format("table {}: column {} has type {}, which the generator cannot "
                               "produce, and it is NOT NULL without a default",
                               name, column.name, column.type_display);
          }
          if (!column.not_null && fact.unique_constraint.empty()) {
            fill.source = ColumnFill::Source::Null; // NULL satisfies any CHECK
          } else {
            std::string constraints;
            for (const auto& check : fact.checks)
              constraints += (constraints.empty() ? "" : ", ") + check;
            return fmt::format("table {}: cannot satisfy CHECK constraint {} on column {}: {}",
                               name, constraints, column.name, problem);
          }
        }
        if (fill.source == ColumnFill::Source::Generated && table.existing_rows > 0 &&
            fill.recipe.unique) {
          // Unique values count up past what a migration already inserted.
          fill.recipe.offset = table.existing_rows;
          if (fill.recipe.capacity() != 0 && fill.recipe.low != fill.recipe.high &&
              (fill.recipe.kind == ValueKind::Int2 || fill.recipe.kind == ValueKind::Int4 ||
               fill.recipe.kind == ValueKind::Int8 || fill.recipe.kind == ValueKind::Numeric)) {
            const long long highest = existing_max(table, column);
            if (highest != LLONG_MIN && highest >= fill.recipe.low)
              fill.recipe.offset = highest - fill.recipe.low + 1;
          }
        }
        if (fill.source == ColumnFill::Source::Generated && fill.recipe.unique) {
          const long long capacity = fill.recipe.capacity();
          if (capacity >= 0 && plan.rows + fill.recipe.offset > capacity)
            return fmt::format("table {}: UNIQUE constraint {} on column {} ({}) allows at most "
                               "{} generated values, fewer than the {} rows asked for",
                               name, fact.unique_constraint, column.name, column.type_display,
                               std::max(0LL, capacity - fill.recipe.offset), plan.rows);
        }
      }
      if (shape)
        shape_like_production(*shape, fact, plan.rows, fill);
      plan.fills.push_back(std::move(fill));
    }
    return link_foreign_keys(t, plan, facts);
  }

  // Rows take value number (row mod classes) and, independently, NULL with probability p: a
  // class disappears when all its rows are NULL. Returns the fewest classes whose expected
  // survivors match the distinct values wanted (rows mod classes of them have one row more).
  static long long classes_for_distinct(long long wanted, long long rows, double p) {
    if (p <= 0 || p >= 1 || rows <= 0 || wanted >= rows)
      return wanted;
    auto survivors = [&](long long classes) {
      const long long members = rows / classes;
      const long long larger = rows % classes;
      return static_cast<double>(larger) * (1 - std::pow(p, static_cast<double>(members + 1))) +
             static_cast<double>(classes - larger) *
                 (1 - std::pow(p, static_cast<double>(members)));
    };
    long long low = wanted;
    long long high = rows;
    if (survivors(high) <= static_cast<double>(wanted))
      return high;
    while (low < high) {
      const long long middle = low + (high - low) / 2;
      if (survivors(middle) < static_cast<double>(wanted))
        low = middle + 1;
      else
        high = middle;
    }
    return low;
  }

  // --stats: the column's null fraction, distinct values and text width, from production.
  static void shape_like_production(const TableStats& production, const ColumnFacts& fact,
                                    long long rows, ColumnFill& fill) {
    const ColumnStats* stats = production.column(fill.column->name);
    if (!stats || !stats->has_statistics || fill.source == ColumnFill::Source::Null)
      return;
    // A referenced key must keep its value in every row: no NULLs in UNIQUE columns.
    if (!fill.column->not_null && fact.unique_constraint.empty() && stats->null_frac > 0)
      fill.null_per_million =
          static_cast<std::uint64_t>(std::llround(std::clamp(stats->null_frac, 0.0, 1.0) * 1e6));
    ValueRecipe& recipe = fill.recipe;
    // pg_stats.avg_width counts the varlena header: 1 byte below 127 bytes, else 4.
    if (fill.source == ColumnFill::Source::Generated && recipe.kind == ValueKind::Text &&
        stats->avg_width > 1)
      recipe.target_length = std::llround(stats->avg_width - (stats->avg_width <= 127 ? 1 : 4));
    if (!fact.unique_constraint.empty())
      return; // every value distinct already
    const double non_null =
        static_cast<double>(rows) * (1 - std::clamp(stats->null_frac, 0.0, 1.0));
    long long distinct = 0;
    if (stats->n_distinct > 0) // a count that does not grow with the table
      distinct = std::llround(std::min(stats->n_distinct, std::max(1.0, non_null)));
    else if (stats->n_distinct < 0) // a fraction of the rows (-1: all distinct)
      distinct = std::max(1LL, std::llround(-stats->n_distinct * static_cast<double>(rows)));
    if (fill.source == ColumnFill::Source::ForeignKey) {
      fill.distinct_parents = distinct;
      return;
    }
    if (fill.null_per_million > 0 && distinct > 0)
      distinct = classes_for_distinct(distinct, rows, stats->null_frac);
    if (const long long capacity = recipe.capacity(); capacity > 0 && distinct > capacity)
      distinct = capacity;
    recipe.distinct = recipe.is_array ? 0 : distinct;
  }

  std::string link_foreign_keys(size_t t, TablePlan& plan, const std::vector<ColumnFacts>& facts) {
    const LiveTable& table = tables_[t];
    const std::string name = table.qualified_name();
    // Foreign keys inside an all-foreign-key UNIQUE constraint: mixed radix over the parents.
    std::map<int, long long> divisor_of_key;
    std::set<int> unique_keys;
    for (const auto& unique : table.uniques) {
      std::vector<int> keys;
      bool all_keys = !unique.attnums.empty();
      for (int attnum : unique.attnums) {
        int key = -1;
        for (size_t i = 0; i < table.columns.size(); ++i)
          if (table.columns[i].attnum == attnum)
            key = facts[i].foreign_key;
        if (key < 0)
          all_keys = false;
        else if (std::find(keys.begin(), keys.end(), key) == keys.end())
          keys.push_back(key);
      }
      if (!all_keys)
        continue;
      long long divisor = 1;
      for (int key : keys) {
        if (divisor_of_key.count(key))
          continue;
        divisor_of_key[key] = divisor;
        unique_keys.insert(key);
        const LiveForeignKey& fk = table.foreign_keys[static_cast<size_t>(key)];
        const bool self = fk.ref_table_oid == table.oid;
        const long long parent_rows = self              ? plan.rows
                                      : parent_plan(fk) ? parent_plan(fk)->loaded
                                                        : 0;
        divisor = parent_rows > 0 && divisor > LLONG_MAX / parent_rows
                      ? LLONG_MAX
                      : divisor * std::max(1LL, parent_rows);
      }
      if (!keys.empty() && divisor < plan.rows &&
          !(keys.size() == 1 &&
            table.foreign_keys[static_cast<size_t>(keys[0])].ref_table_oid == table.oid))
        return fmt::format("table {}: UNIQUE constraint {} is made of foreign keys whose parents "
                           "allow only {} distinct combinations, fewer than the {} rows asked for",
                           name, unique.name, divisor, plan.rows);
    }

    for (auto& fill : plan.fills) {
      if (fill.source != ColumnFill::Source::ForeignKey)
        continue;
      int key = -1;
      for (size_t i = 0; i < table.columns.size(); ++i)
        if (&table.columns[i] == fill.column)
          key = facts[i].foreign_key;
      const LiveForeignKey& fk = table.foreign_keys[static_cast<size_t>(key)];
      const size_t position =
          static_cast<size_t>(std::find(fk.attnums.begin(), fk.attnums.end(), fill.column->attnum) -
                              fk.attnums.begin());
      const int ref_attnum = fk.ref_attnums.at(position);
      fill.self_reference = fk.ref_table_oid == table.oid;
      fill.unique = unique_keys.count(key) > 0;
      fill.divisor = fill.unique ? divisor_of_key[key] : 1;
      const TablePlan* parent = fill.self_reference ? &plan : parent_plan(fk);
      const bool parent_empty = !fill.self_reference && (parent == nullptr || parent->loaded == 0);
      if (parent_empty) {
        if (!fill.column->not_null) {
          fill.source = ColumnFill::Source::Null;
          continue;
        }
        const std::string parent_name =
            parent ? parent->table->qualified_name() : "a table outside the seeded schemas";
        return fmt::format("table {}: foreign key {} (column {}) is NOT NULL but its parent {} "
                           "has no generated rows{}",
                           name, fk.name, fill.column->name, parent_name,
                           parent && !parent->error.empty() ? " (it could not be filled)" : "");
      }
      fill.parent = parent;
      bool found = false;
      for (size_t f = 0; f < parent->fills.size(); ++f)
        if (parent->fills[f].column->attnum == ref_attnum &&
            parent->fills[f].source != ColumnFill::Source::Null) {
          fill.parent_fill = f;
          found = true;
        }
      if (found && fill.self_reference && parent->fills[fill.parent_fill].column == fill.column)
        found = false; // a column referencing itself has no independent value to copy
      if (!found)
        return fmt::format("table {}: foreign key {} references a column the generator does not "
                           "fill in {}",
                           name, fk.name, parent->table->qualified_name());
    }
    return {};
  }

  const TablePlan* parent_plan(const LiveForeignKey& key) const {
    for (size_t i = 0; i < tables_.size(); ++i)
      if (tables_[i].oid == key.ref_table_oid)
        return &plans_[i];
    return nullptr;
  }

  TableSeedResult fill(size_t t) {
    const LiveTable& table = tables_[t];
    TablePlan& plan = plans_[t];
    plan.table = &table;
    plan.rows = plan_.rows_for(table.schema, table.name);
    TableSeedResult result;
    result.table = table.qualified_name();
    const auto start = Clock::now();
    plan.error = build_fills(t, plan);
    if (plan.error.empty() && plan.rows > 0)
      plan.error = copy_rows(table, plan);
    result.seconds = seconds_since(start);
    result.error = plan.error;
    if (plan.error.empty())
      plan.loaded = plan.rows;
    else
      plan.fills.clear();
    result.rows = plan.loaded;
    return result;
  }

  // Parallel COPY streams for this table: one when rows reference rows of the same table
  // (a stream cannot see another's uncommitted rows) or when the table is small.
  size_t streams_for(const TablePlan& plan) const {
    constexpr long long rows_per_extra_stream = 20'000;
    for (const auto& fill : plan.fills)
      if (fill.self_reference)
        return 1;
    unsigned wanted = plan_.streams > 0 ? static_cast<unsigned>(plan_.streams)
                                        : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    return static_cast<size_t>(std::clamp<long long>(plan.rows / rows_per_extra_stream, 1,
                                                     static_cast<long long>(wanted)));
  }

  PgConnection& connection(size_t index) {
    while (streams_.size() <= index) {
      streams_.push_back(std::make_unique<PgConnection>(conninfo_));
      // Seeding does not need to wait for WAL flushes, whatever the server's setting.
      streams_.back()->exec("SET synchronous_commit = off");
    }
    return *streams_[index];
  }

  std::string copy_rows(const LiveTable& table, TablePlan& plan) {
    const std::string name = table.qualified_name();
    if (plan.fills.empty())
      return fmt::format("table {}: has no column the generator can write", name);
    std::string columns;
    for (const auto& fill : plan.fills)
      columns += (columns.empty() ? "" : ", ") + quote_identifier(fill.column->name);
    const std::string copy_sql =
        fmt::format("COPY {} ({}) FROM STDIN", table.quoted_name(), columns);

    // Each stream loads a contiguous range of row numbers in its own transaction; all commit
    // only when all succeeded, so a table is either filled or left as it was.
    const size_t count = streams_for(plan);
    std::vector<std::string> problems(count);
    for (size_t i = 0; i < count; ++i)
      if (auto problem = connection(i).exec("BEGIN"); !problem.empty())
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
        connection(i).exec("ROLLBACK");
      } else if (auto error = connection(i).exec("COMMIT"); !error.empty()) {
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
        if (auto error = connection(0).exec(sql); !error.empty())
          return fmt::format("table {}: {}", name, error);
      }
    return {};
  }

  static long long range_start(const TablePlan& plan, size_t index, size_t count) {
    return plan.rows / static_cast<long long>(count) * static_cast<long long>(index) +
           (index == count ? plan.rows % static_cast<long long>(count) : 0);
  }

  // Streams rows [first, end) of the table through one COPY; returns the error, empty if none.
  static std::string stream(PgConnection& copy, const LiveTable& table, const TablePlan& plan,
                            const std::string& copy_sql, long long first, long long end) {
    const std::string name = table.qualified_name();
    {
      std::unique_ptr<PGresult, decltype(&PQclear)> started(PQexec(copy.get(), copy_sql.c_str()),
                                                            &PQclear);
      if (PQresultStatus(started.get()) != PGRES_COPY_IN)
        return fmt::format("table {}: {}", name, copy.last_error());
    }
    constexpr size_t flush_at = 64 * 1024;
    std::string buffer;
    buffer.reserve(flush_at + 64 * 1024);
    bool send_failed = false;
    for (long long row = first; row < end && !send_failed; ++row) {
      for (size_t f = 0; f < plan.fills.size(); ++f) {
        if (f)
          buffer += '\t';
        plan.fills[f].append(buffer, row, plan.rows);
      }
      buffer += '\n';
      if (buffer.size() >= flush_at) {
        send_failed =
            PQputCopyData(copy.get(), buffer.data(), static_cast<int>(buffer.size())) != 1;
        buffer.clear();
      }
    }
    if (!send_failed && !buffer.empty())
      send_failed = PQputCopyData(copy.get(), buffer.data(), static_cast<int>(buffer.size())) != 1;
    PQputCopyEnd(copy.get(), nullptr);
    std::string problem;
    while (PGresult* raw = PQgetResult(copy.get())) {
      std::unique_ptr<PGresult, decltype(&PQclear)> result(raw, &PQclear);
      if (PQresultStatus(raw) == PGRES_COMMAND_OK || !problem.empty())
        continue;
      problem = describe_copy_error(table, raw);
    }
    if (problem.empty() && send_failed)
      problem = fmt::format("table {}: {}", name, copy.last_error());
    return problem;
  }

  // The server's word on rejected rows, naming the constraint and what it says.
  static std::string describe_copy_error(const LiveTable& table, const PGresult* result) {
    auto field = [&](int code) {
      const char* value = PQresultErrorField(result, code);
      return std::string(value ? value : "");
    };
    const std::string constraint = field(PG_DIAG_CONSTRAINT_NAME);
    std::string message = fmt::format(
        "table {}: the generated rows were rejected: {} (SQLSTATE {})", table.qualified_name(),
        trimmed(field(PG_DIAG_MESSAGE_PRIMARY)), field(PG_DIAG_SQLSTATE));
    if (const LiveCheck* check = find_check(table, constraint))
      message += fmt::format("; the generator cannot satisfy CHECK constraint {}: {}", check->name,
                             check->definition);
    else if (!constraint.empty())
      message += fmt::format("; constraint {}", constraint);
    return message;
  }

  const SeedPlan& plan_;
  std::string conninfo_;
  pqxx::connection catalog_;
  std::vector<std::unique_ptr<PgConnection>> streams_; // COPY connections, opened on demand
  std::vector<LiveTable> tables_;
  FillOrder order_;
  std::vector<TablePlan> plans_;
};

} // namespace

long long SeedPlan::rows_for(const std::string& schema, const std::string& table) const {
  if (const auto exact = rows_per_table.find(schema + "." + table); exact != rows_per_table.end())
    return exact->second;
  if (const auto bare = rows_per_table.find(table); bare != rows_per_table.end())
    return bare->second;
  if (stats)
    if (const TableStats* production = stats->find(schema, table)) {
      double largest = 0;
      for (const auto& t : stats->tables)
        largest = std::max(largest, t.rows());
      const double share = largest > 0 ? production->rows() / largest : 1;
      if (production->rows() <= 0 && largest > 0)
        return 0;
      return std::max(1LL, std::llround(static_cast<double>(default_rows) * share));
    }
  return default_rows;
}

void add_rows_option(SeedPlan& plan, const std::string& argument) {
  const auto equals = argument.rfind('=');
  const std::string target = equals == std::string::npos ? "" : argument.substr(0, equals);
  const std::string count = equals == std::string::npos ? argument : argument.substr(equals + 1);
  char* end = nullptr;
  errno = 0;
  const long long rows = std::strtoll(count.c_str(), &end, 10);
  if (count.empty() || end != count.c_str() + count.size() || errno != 0 || rows < 0)
    throw std::invalid_argument(fmt::format(
        "--rows {}: expected a row count (N) or table=N with N a non-negative integer", argument));
  if (equals != std::string::npos && target.empty())
    throw std::invalid_argument(
        fmt::format("--rows {}: the table name before '=' is empty", argument));
  if (target.empty())
    plan.default_rows = rows;
  else
    plan.rows_per_table[target] = rows;
}

bool SeedReport::ok() const {
  return std::all_of(tables.begin(), tables.end(), [](const auto& t) { return t.ok(); });
}

long long SeedReport::total_rows() const {
  long long total = 0;
  for (const auto& t : tables)
    total += t.rows;
  return total;
}

SeedReport seed_database(const std::string& conninfo, const SeedPlan& plan) {
  try {
    Seeder seeder(conninfo, plan);
    return seeder.run();
  } catch (const SeederError&) {
    throw;
  } catch (const std::exception& error) {
    throw SeederError(fmt::format("seeder: {}", trimmed(error.what())));
  }
}

} // namespace pgdrydock
