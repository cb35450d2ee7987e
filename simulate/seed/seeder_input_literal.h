// Values for a type the generator has no recipe for (a composite, point, tsquery, an
// extension's type): the server is asked which of a few candidate literals the type's input
// function accepts, starting with the type's own default (pg_type.typdefault). Every row then
// gets that one value: enough to give the column realistic width for a size measurement, never
// enough for a UNIQUE column (the capacity check says so).
#pragma once

#include <string>

#include "simulate/seed/catalog_reader.h"
#include "simulate/seed/seeder_values.h"

namespace pqxx {
class connection_base;
}

namespace pgdrydock::seeding {

// A literal the input function of the column's type (with its typmod, and for a column that is
// not an array its domain's CHECKs) accepts, or empty when no candidate is.
std::string find_input_literal(pqxx::connection_base& connection, const LiveColumn& column);

// Builds the recipe writing `literal` in every row (element by element for an array column).
void make_literal_recipe(const LiveColumn& column, const std::string& literal, bool unique,
                         ValueRecipe& recipe);

} // namespace pgdrydock::seeding
