// Text values: the column name (shortened) and a number, cut or padded to the lengths the type
// and CHECK constraints allow, and with --stats padded towards production's average width.
#pragma once

#include <cstdint>
#include <string>

#include "simulate/seeder_values.h"

namespace pgdrydock::seeding {

// The start of every text value of a column: its name in lower case, letters, digits and '_'
// only, at most 12 characters ("v" when nothing is left).
std::string shortened_prefix(const std::string& column_name);

// Appends the raw text value for value number `number` of the recipe r.
void append_text(std::string& out, const ValueRecipe& r, std::uint64_t number);

} // namespace pgdrydock::seeding
