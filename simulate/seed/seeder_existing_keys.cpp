#include "simulate/seed/seeder_existing_keys.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "lint/support/quote_identifier.h"
#include "simulate/seed/seeder_value_format.h"

namespace pgdrydock::seeding {

void read_existing_keys(PgSession& session, const std::vector<LiveTable>& tables,
                        const LiveTable& table, TablePlan& plan) {
  plan.fills.clear();
  plan.loaded = 0;
  std::vector<int> referenced;
  for (const auto& child : tables)
    for (const auto& key : child.foreign_keys)
      if (key.ref_table_oid == table.oid)
        for (int attnum : key.ref_attnums)
          if (std::find(referenced.begin(), referenced.end(), attnum) == referenced.end())
            referenced.push_back(attnum);
  std::string select;
  std::string where;
  for (int attnum : referenced) {
    const LiveColumn* column = table.column(attnum);
    if (!column)
      continue;
    const std::string name = quote_identifier(column->name);
    select += fmt::format("{}{}::text", select.empty() ? "" : ", ", name);
    where += fmt::format("{}{} IS NOT NULL", where.empty() ? "" : " AND ", name);
    ColumnFill fill;
    fill.column = column;
    fill.source = ColumnFill::Source::Existing;
    plan.fills.push_back(std::move(fill));
  }
  if (plan.fills.empty())
    return;
  const PgRows rows =
      session.query(fmt::format("SELECT {} FROM {} WHERE {}", select, table.quoted_name(), where));
  for (std::size_t f = 0; f < plan.fills.size(); ++f) {
    std::vector<std::string> values;
    values.reserve(rows.rows.size());
    for (std::size_t r = 0; r < rows.rows.size(); ++r) {
      // In COPY text form once here, so each use is a plain append.
      std::string text;
      append_copy_escaped(text, rows.value(r, f));
      values.push_back(std::move(text));
    }
    plan.fills[f].existing = std::make_shared<const std::vector<std::string>>(std::move(values));
  }
  plan.loaded = static_cast<long long>(rows.rows.size());
}

std::shared_ptr<const std::vector<std::string>>
read_free_parent_keys(pqxx::connection& catalog, const LiveTable& child,
                      const LiveColumn& child_column, const LiveTable& parent,
                      const LiveColumn& parent_column) {
  const std::string key = quote_identifier(parent_column.name);
  pqxx::read_transaction tx(catalog);
  const pqxx::result rows = tx.exec(fmt::format(
      "SELECT p.{0}::text FROM {1} p WHERE p.{0} IS NOT NULL AND NOT EXISTS "
      "(SELECT FROM {2} c WHERE c.{3} = p.{0})",
      key, parent.quoted_name(), child.quoted_name(), quote_identifier(child_column.name)));
  std::vector<std::string> values;
  values.reserve(rows.size());
  for (const auto& row : rows) {
    std::string text;
    append_copy_escaped(text, row[0].c_str());
    values.push_back(std::move(text));
  }
  return std::make_shared<const std::vector<std::string>>(std::move(values));
}

} // namespace pgdrydock::seeding
