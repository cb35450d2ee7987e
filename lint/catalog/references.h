// What a statement names that the catalog does not have at that point: a table, column,
// index, constraint or type that does not exist, or exists as another kind (DROP CONSTRAINT
// on what is an index). Read-only: it looks at the catalog as it stands before the statement.
#pragma once

#include <string>
#include <vector>

#include "lint/catalog/catalog.h"
#include "lint/parse_node.h"

namespace pgdrydock {

struct UnknownObject {
  std::string kind;    // "table", "column", "index", "constraint", "type", "sequence", "view"
  std::string name;    // as a message shows it: "orders", "orders.email", "billing.orders"
  std::string message; // one sentence with the close names that do exist
};

// Names the model cannot vouch for are left out: when the catalog is not trusted, when an
// opaque statement (DO block, function) may have made the object, or when the table itself was
// only guessed by the model.
std::vector<UnknownObject> find_unknown_objects(const Catalog& catalog, const Node& root);

} // namespace pgdrydock
