#include "simulate/seed/seeder_fill.h"

#include <algorithm>

namespace pgdrydock::seeding {

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
  case Source::Existing:
    out += (*existing)[static_cast<std::size_t>(row) % existing->size()];
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

} // namespace pgdrydock::seeding
