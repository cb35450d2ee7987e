// Lock-model precision only the catalog can give (issue 6 §3): what a statement also locks or
// rebuilds beyond the relations it names. Called through CatalogHints::refine_effects with the
// schema as it stands before the statement; adds to (never renames or removes) the effects the
// statement-only model predicted.
#pragma once

#include <vector>

#include "lint/catalog/catalog.h"
#include "lint/effect.h"
#include "lint/parse_node.h"

namespace pgdrydock {

// root: the statement node ({"AlterTableStmt": {...}}). Adds, when the catalog knows them:
// - ALTER COLUMN TYPE that rewrites the table: every index of the table is rebuilt (ACCESS
//   EXCLUSIVE, rewrite; those on the column are re-created); tables whose foreign keys
//   reference the column are locked ACCESS EXCLUSIVE while their constraint is rebuilt (and
//   re-validated, a scan, on a rewrite); so is the table a foreign key on the column references;
// - DROP CONSTRAINT of a foreign key, DROP COLUMN under one, DROP TABLE of a referencing table:
//   the referenced table is locked ACCESS EXCLUSIVE (its side of the foreign key's triggers
//   goes); DROP TABLE ... CASCADE of a referenced table: the referencing tables too;
// - ALTER TABLE / CREATE INDEX / DROP TABLE / TRUNCATE on a partitioned table (not ONLY): each
//   partition, at any depth, gets the parent's lock.
// Tables the model only guessed (CatalogTable::uncertain) add nothing.
void add_catalog_effects(const Node& root, const Catalog& catalog, std::vector<Effect>& effects);

} // namespace pgdrydock
