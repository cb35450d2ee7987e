// Understanding the simple CHECK constraints schemas use, in the form PostgreSQL deparses them
// (pg_get_constraintdef), so generated values satisfy them: bounds (col > 0, col >= x,
// BETWEEN, which is deparsed as two bounds), lists (col IN (...), deparsed as = ANY (ARRAY[...])),
// lengths (length(col) <= n, char_length) and non-empty strings (col <> '').
// Anything else is left to the server, which reports the violated constraint by name.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgdrydock {

struct ColumnRestriction {
  std::optional<double> lower; // value >= lower (or > when lower_strict)
  bool lower_strict = false;
  std::optional<double> upper; // value <= upper (or < when upper_strict)
  bool upper_strict = false;
  std::vector<std::string> allowed;  // IN list / = literal, as the value's text form
  std::vector<std::string> excluded; // <> literal
  std::optional<long long> min_length;
  std::optional<long long> max_length;

  // Merges another restriction of the same column (both must hold).
  void intersect(const ColumnRestriction& other);
};

// Adds what `definition` ("CHECK ((price > 0))") demands of each column, keyed by column name;
// `value_column` names the column that stands for VALUE in a domain's CHECK. Returns false when
// some part was not understood: those parts are not added and the server has the last word.
bool parse_check_constraint(const std::string& definition,
                            std::map<std::string, ColumnRestriction>& restrictions,
                            const std::string& value_column = {});

} // namespace pgdrydock
