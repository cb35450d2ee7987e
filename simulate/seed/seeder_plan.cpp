#include "simulate/seed/seeder_plan.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "lint/support/quote_identifier.h"
#include "simulate/sandbox/conninfo.h"
#include "simulate/seed/seeder_existing_keys.h"
#include "simulate/seed/seeder_input_literal.h"
#include "simulate/seed/seeder_text_values.h"
#include "simulate/seed/seeder_values.h"

namespace pgdrydock::seeding {

namespace {

// FNV-1a: a salt that stays the same across builds and platforms for the same names.
std::uint64_t stable_hash(std::uint64_t seed, std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : text)
    hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

// Rows take value number (row mod classes) and, independently, NULL with probability p: a
// class disappears when all its rows are NULL. Returns the fewest classes whose expected
// survivors match the distinct values wanted (rows mod classes of them have one row more).
long long classes_for_distinct(long long wanted, long long rows, double p) {
  if (p <= 0 || p >= 1 || rows <= 0 || wanted >= rows)
    return wanted;
  auto survivors = [&](long long classes) {
    const long long members = rows / classes;
    const long long larger = rows % classes;
    return static_cast<double>(larger) * (1 - std::pow(p, static_cast<double>(members + 1))) +
           static_cast<double>(classes - larger) * (1 - std::pow(p, static_cast<double>(members)));
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

constexpr double kJsonbOverText = 11;

// The length a generated value aims at for production's pg_stats.avg_width, for the kinds whose
// width varies (text, json, jsonb, bytea); 0 for the others. avg_width counts the varlena
// header: 1 byte below 127 bytes, else 4.
long long target_length(ValueKind kind, double avg_width) {
  if (avg_width <= 1)
    return 0;
  const double content = avg_width - (avg_width <= 127 ? 1 : 4);
  switch (kind) {
  case ValueKind::Text:
  case ValueKind::Json:
  case ValueKind::Bytea: // bytes
    return std::llround(content);
  case ValueKind::Jsonb:
    // The binary form of the generated documents is larger than their text by about this
    // much (JEntry headers and the numeric member), measured on PostgreSQL 15.
    return std::max(1LL, std::llround(content - kJsonbOverText));
  default:
    return 0;
  }
}

// --stats: the column's null fraction, distinct values, width and physical order, from
// production.
void shape_like_production(const TableStats& production, const ColumnFacts& fact, long long rows,
                           ColumnFill& fill) {
  const ColumnStats* stats = production.column(fill.column->name);
  if (!stats || !stats->has_statistics || fill.source == ColumnFill::Source::Null)
    return;
  // A referenced key must keep its value in every row: no NULLs in UNIQUE columns.
  if (!fill.column->not_null && fact.unique_constraint.empty() && stats->null_frac > 0)
    fill.null_per_million =
        static_cast<std::uint64_t>(std::llround(std::clamp(stats->null_frac, 0.0, 1.0) * 1e6));
  ValueRecipe& recipe = fill.recipe;
  if (fill.source == ColumnFill::Source::Generated && !recipe.is_array) {
    recipe.target_length = target_length(recipe.kind, stats->avg_width);
    recipe.order = RowOrder::for_correlation(stats->correlation, rows, recipe.salt);
  }
  if (!fact.unique_constraint.empty())
    return; // every value distinct already
  const double non_null = static_cast<double>(rows) * (1 - std::clamp(stats->null_frac, 0.0, 1.0));
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

} // namespace

std::vector<ColumnFacts> FillPlanner::column_facts(size_t t) const {
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
long long FillPlanner::existing_max(const LiveTable& table, const LiveColumn& column) {
  pqxx::read_transaction tx(catalog_);
  const auto row = tx.exec1("SELECT max(" + quote_identifier(column.name) + ")::text FROM " +
                            table.quoted_name());
  if (row[0].is_null())
    return LLONG_MIN;
  return std::strtoll(row[0].c_str(), nullptr, 10);
}

// Builds the fills of table t; returns the error sentence, empty when it can be filled.
std::string FillPlanner::build_fills(size_t t, TablePlan& plan) {
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
      fill.recipe.table_tag = shortened_prefix(table.name);
      if (!problem.empty() && value_kind_of(column.type) == ValueKind::Unknown) {
        if (column.has_default || !column.not_null)
          continue; // default or NULL applies
        const std::string literal = find_input_literal(catalog_, column);
        if (literal.empty())
          return fmt::format("table {}: column {} has type {}, which the generator cannot "
                             "produce and whose input function accepted none of the literals "
                             "tried, and it is NOT NULL without a default",
                             name, column.name, column.type_display);
        make_literal_recipe(column, literal, !fact.unique_constraint.empty(), fill.recipe);
      } else if (!problem.empty()) {
        if (!column.not_null && fact.unique_constraint.empty()) {
          fill.source = ColumnFill::Source::Null; // NULL satisfies any CHECK
        } else {
          std::string constraints;
          for (const auto& check : fact.checks)
            constraints += (constraints.empty() ? "" : ", ") + check;
          return fmt::format("table {}: cannot satisfy CHECK constraint {} on column {}: {}", name,
                             constraints, column.name, problem);
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

std::string FillPlanner::link_foreign_keys(size_t t, TablePlan& plan,
                                           const std::vector<ColumnFacts>& facts) {
  const LiveTable& table = tables_[t];
  const std::string name = table.qualified_name();
  // Foreign keys inside an all-foreign-key UNIQUE constraint: mixed radix over the parents.
  std::map<int, long long> divisor_of_key;
  std::set<int> unique_keys;
  std::set<int> lone_keys; // a single-column foreign key that is a UNIQUE constraint alone
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
    if (keys.size() == 1 && unique.attnums.size() == 1)
      lone_keys.insert(keys[0]);
    long long divisor = 1;
    bool parent_empty = false; // then the foreign key's own message below says why
    for (int key : keys) {
      if (divisor_of_key.count(key))
        continue;
      divisor_of_key[key] = divisor;
      unique_keys.insert(key);
      const LiveForeignKey& fk = table.foreign_keys[static_cast<size_t>(key)];
      const bool self = fk.ref_table_oid == table.oid;
      const TablePlan* parent = self ? nullptr : parent_plan(fk); // looked up once
      const long long parent_rows = self ? plan.rows : parent ? parent->loaded : 0;
      parent_empty = parent_empty || parent_rows == 0;
      divisor = parent_rows > 0 && divisor > LLONG_MAX / parent_rows
                    ? LLONG_MAX
                    : divisor * std::max(1LL, parent_rows);
    }
    if (!keys.empty() && !parent_empty && divisor < plan.rows &&
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
    const size_t position = static_cast<size_t>(
        std::find(fk.attnums.begin(), fk.attnums.end(), fill.column->attnum) - fk.attnums.begin());
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
    const LiveColumn* parent_column = parent->table->column(ref_attnum);
    if (lone_keys.count(key) && !fill.self_reference && table.existing_rows > 0 && parent_column) {
      // Topping up: rows already there hold some parents; the new rows take the others.
      fill.existing =
          read_free_parent_keys(catalog_, table, *fill.column, *parent->table, *parent_column);
      fill.source = ColumnFill::Source::Existing;
      if (static_cast<long long>(fill.existing->size()) < plan.rows)
        return fmt::format("table {}: UNIQUE foreign key {} (column {}) has {} parent rows no row "
                           "uses yet, fewer than the {} rows to add",
                           name, fk.name, fill.column->name, fill.existing->size(), plan.rows);
      continue;
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

const TablePlan* FillPlanner::parent_plan(const LiveForeignKey& key) const {
  for (size_t i = 0; i < tables_.size(); ++i)
    if (tables_[i].oid == key.ref_table_oid)
      return &plans_[i];
  return nullptr;
}

} // namespace pgdrydock::seeding
