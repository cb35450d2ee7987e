// Moves a Catalog past one parsed statement, as PostgreSQL would change its own catalog.
// What the model cannot follow (DO blocks, function calls, extensions) is remembered as
// opaque text (Catalog::opaque_text) instead of guessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lint/catalog/catalog.h"
#include "lint/parse_node.h"
#include "lint/source_file.h"

namespace pgdrydock {

// root: the statement as ParseSession returns it ({"CreateStmt": {...}}); source: the
// statement's text (its nodes' locations point into it); where: recorded on new constraints.
void apply_statement(Catalog& catalog, const Node& root, std::string_view source,
                     const SourceLocation& where = {});

// apply_statement() that also follows transaction blocks: a ROLLBACK undoes what the
// statements since BEGIN did to the catalog (COMMIT keeps it). One per script.
class CatalogSession {
public:
  explicit CatalogSession(Catalog& catalog) : catalog_(catalog) {}
  void apply(const Node& root, std::string_view source, const SourceLocation& where = {});

private:
  Catalog& catalog_;
  std::optional<Catalog> at_begin_;
};

// The column type as the catalog stores it: builtins canonical ("varchar(20)", "int4"), user
// types schema-qualified through search_path ("public.mood"), arrays with "[]".
std::string catalog_type_name(const Catalog& catalog, const Node& type_name);

// A RangeVar body -> (schema as written, possibly empty; name).
std::pair<std::string, std::string> range_var_parts(const Node& range_var);
// A list of String nodes (qualified name) -> (schema, name); schema empty when unqualified.
std::pair<std::string, std::string> name_parts(const std::vector<std::string_view>& names);

} // namespace pgdrydock
