// Reads a real server's catalog into the model's shape (tables, columns and types,
// nullability, defaults, identity, constraints and validity, indexes, sequences, enums), so
// the verification test can compare what PostgreSQL did with what the model predicted.
#pragma once

#include <string>

#include "lint/catalog/catalog.h"

namespace pgdrydock {
class PgSession;
}

namespace pgdrydock::testing {

Catalog read_server_catalog(PgSession& session);
// Puts both sides in the same normal form where the model and pg_catalog legitimately differ
// in representation only (CHECK columns in sorted order, origins cleared).
void normalize_for_comparison(Catalog& c);

} // namespace pgdrydock::testing
