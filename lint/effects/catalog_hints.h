// The lock model with the schema model's knowledge: CatalogHints built from a Catalog (lint's
// catalog of the history so far, or a case's schema in tests/lockmodel), so that lint, the
// server-verified lock cases and docs/locks.md all predict with the same knowledge.
#pragma once

#include <vector>

#include "lint/catalog/catalog.h"
#include "lint/effect.h"
#include "lint/effects/predict.h"
#include "lint/parse_node.h"

namespace pgdrydock {

// column_type from the catalog's columns; refine_effects adds what the catalog knows
// (add_catalog_effects, then add_secondary_effects). No catalog: empty hints. The catalog must
// outlive the hints and stay where it is (the hints point at it).
CatalogHints catalog_hints(const Catalog* catalog);

// The relations a statement locks without naming them, each with its `why` (effect.h):
// - an index's table: DROP INDEX [CONCURRENTLY], REINDEX INDEX [CONCURRENTLY];
// - a view's base relations: LOCK of a view (same mode), reads through a view and REFRESH
//   MATERIALIZED VIEW (ACCESS SHARE), views of views followed;
// - foreign keys: VALIDATE CONSTRAINT (ROW SHARE on the referenced table), INSERT/UPDATE of a
//   referencing table (ROW SHARE: the check reads the referenced row FOR KEY SHARE), DELETE or
//   key UPDATE of a referenced table (ROW SHARE on referencing tables, ROW EXCLUSIVE where
//   ON DELETE/UPDATE CASCADE/SET NULL/SET DEFAULT changes them), TRUNCATE ... CASCADE;
// - partitions: LOCK of a partitioned table (same mode, every level);
// - domains and types: ALTER DOMAIN ADD CONSTRAINT / SET NOT NULL / VALIDATE CONSTRAINT (SHARE
//   on every table with a column of the domain, scanned), DROP TYPE/DOMAIN ... CASCADE (ACCESS
//   EXCLUSIVE on them), ADD COLUMN of a domain with constraints (the table is rewritten).
// Relations added by add_catalog_effects (partitions, referenced tables...) get their `why`.
void add_secondary_effects(const Node& root, const Catalog& catalog, std::vector<Effect>& effects);

} // namespace pgdrydock
