#include "simulate/check/data_check.h"

#include <fmt/format.h>

#include "lint/support/quote_identifier.h"
#include "simulate/check/schema_snapshot.h"
#include "simulate/sandbox/conninfo.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

namespace {

std::string copy_name(const std::string& schema, const std::string& table) {
  return quote_identifier(kPrivateSchema) + "." + quote_identifier(schema + "." + table);
}

struct TableColumns {
  std::string schema, table;
  std::vector<std::string> columns;
  std::vector<std::string> key; // primary key columns ("" when none)
};

std::vector<TableColumns> user_tables(PgSession& session) {
  PgRows rows = session.query(fmt::format(
      "SELECT n.nspname, c.relname, (SELECT array_to_json(array_agg(a.attname ORDER BY a.attnum)) "
      "FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), "
      "(SELECT array_to_json(array_agg(a.attname ORDER BY a.attnum)) FROM pg_index i "
      "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
      "WHERE i.indrelid = c.oid AND i.indisprimary) "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r','p') AND NOT c.relispartition AND n.nspname {} ORDER BY 1, 2",
      kUserSchemaFilter));
  auto names = [](const std::string& json_array) {
    std::vector<std::string> out;
    // array_to_json of names: ["a","b"]; names with quotes are rare, parse minimally.
    std::string cur;
    bool in = false, esc = false;
    for (char c : json_array) {
      if (in) {
        if (esc) {
          cur += c;
          esc = false;
        } else if (c == '\\') {
          esc = true;
        } else if (c == '"') {
          out.push_back(cur);
          cur.clear();
          in = false;
        } else {
          cur += c;
        }
      } else if (c == '"') {
        in = true;
      }
    }
    return out;
  };
  std::vector<TableColumns> out;
  for (std::size_t i = 0; i < rows.rows.size(); ++i)
    out.push_back(
        {rows.value(i, 0), rows.value(i, 1), names(rows.value(i, 2)), names(rows.value(i, 3))});
  return out;
}

long long count_of(PgSession& session, const std::string& sql) {
  return std::stoll(session.query(sql).value(0, 0));
}

} // namespace

std::string group_thousands(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  int since = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (since == 3) {
      out.insert(out.begin(), ',');
      since = 0;
    }
    out.insert(out.begin(), *it);
    ++since;
  }
  return n < 0 ? "-" + out : out;
}

std::vector<std::string> preserve_table_data(PgSession& session) {
  std::vector<std::string> copied;
  session.query("SELECT 1"); // connection check
  if (auto e = session.exec(fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}",
                                        quote_identifier(kPrivateSchema))))
    throw ErrorException(environment_error("cannot create the data-check schema: " + e->message));
  for (const auto& t : user_tables(session)) {
    std::string select;
    for (const auto& c : t.columns)
      select +=
          (select.empty() ? "" : ", ") + quote_identifier(c) + "::text AS " + quote_identifier(c);
    if (select.empty())
      select = "1 AS pgdrydock_no_columns";
    // Primary key order as written, recorded in the copy's comment for the comparison.
    std::string sql =
        fmt::format("CREATE TABLE {} AS SELECT {} FROM {}.{}", copy_name(t.schema, t.table), select,
                    quote_identifier(t.schema), quote_identifier(t.table));
    if (auto e = session.exec(sql))
      throw ErrorException(environment_error(
          fmt::format("cannot copy {}.{} for the data check: {}", t.schema, t.table, e->message)));
    copied.push_back(t.schema + "." + t.table);
  }
  return copied;
}

std::vector<DataLoss> compare_with_preserved(PgSession& session) {
  std::vector<DataLoss> losses;
  PgRows copies = session.query(fmt::format(
      "SELECT c.relname, (SELECT array_to_json(array_agg(a.attname ORDER BY a.attnum)) FROM "
      "pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) FROM "
      "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{}' AND "
      "c.relkind = 'r' ORDER BY 1",
      kPrivateSchema));
  std::vector<TableColumns> now = user_tables(session);
  for (std::size_t i = 0; i < copies.rows.size(); ++i) {
    const std::string qualified = copies.value(i, 0); // "schema.table"
    const auto dot = qualified.find('.');
    const std::string schema = qualified.substr(0, dot), table = qualified.substr(dot + 1);
    const std::string copy = copy_name(schema, table);
    const long long before_rows = count_of(session, "SELECT count(*) FROM " + copy);
    const TableColumns* current = nullptr;
    for (const auto& t : now)
      if (t.schema == schema && t.table == table)
        current = &t;
    if (!current) {
      if (before_rows > 0)
        losses.push_back({qualified, "", before_rows,
                          fmt::format("downgrade lost table {} with {} rows", qualified,
                                      group_thousands(before_rows))});
      continue;
    }
    const std::string live = quote_identifier(schema) + "." + quote_identifier(table);
    const long long after_rows = count_of(session, "SELECT count(*) FROM " + live);
    if (after_rows != before_rows)
      losses.push_back(
          {qualified, "", after_rows - before_rows,
           fmt::format("downgrade changed the row count of {}: {} before up, {} "
                       "after down",
                       qualified, group_thousands(before_rows), group_thousands(after_rows))});
    // Columns of the copy that still exist.
    std::string copied_json = copies.value(i, 1);
    for (const auto& column : current->columns) {
      if (copied_json.find("\"" + column + "\"") == std::string::npos)
        continue;
      const std::string col = quote_identifier(column);
      long long changed = 0;
      bool keyed = !current->key.empty();
      for (const auto& k : current->key)
        keyed = keyed && copied_json.find("\"" + k + "\"") != std::string::npos;
      if (keyed) {
        std::string on;
        for (const auto& k : current->key)
          on +=
              (on.empty() ? "" : " AND ") + fmt::format("b.{0} = a.{0}::text", quote_identifier(k));
        changed = count_of(session, fmt::format("SELECT count(*) FROM {} b JOIN {} a ON {} WHERE "
                                                "b.{} IS DISTINCT FROM a.{}::text",
                                                copy, live, on, col, col));
      } else {
        // No key to pair rows: the multiset of values that is no longer there.
        changed = count_of(session, fmt::format("SELECT count(*) FROM (SELECT {0} FROM {1} "
                                                "EXCEPT ALL SELECT {0}::text FROM {2}) d",
                                                col, copy, live));
      }
      if (changed > 0)
        losses.push_back(
            {qualified, column, changed,
             fmt::format("downgrade changed {} value{} of {}.{}", group_thousands(changed),
                         changed == 1 ? "" : "s", qualified, column)});
    }
  }
  session.exec(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", quote_identifier(kPrivateSchema)));
  return losses;
}

} // namespace pgdrydock
