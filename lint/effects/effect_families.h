// Internal to lint/effects: one function per statement family. Each returns false when the
// statement is not of its family, so predict.cpp can try them in turn.
#pragma once

#include "lint/effects/effect_list.h"
#include "lint/effects/predict.h"
#include "lint/parse_node.h"

namespace pgdrydock::effects {

bool alter_table_effects(const Node& root, const EffectContext& ctx, const CatalogHints& hints,
                         EffectList& out);
bool index_effects(const Node& root, const EffectContext& ctx, EffectList& out);
bool maintenance_effects(const Node& root, const EffectContext& ctx, EffectList& out);
bool create_effects(const Node& root, const EffectContext& ctx, EffectList& out);
bool drop_effects(const Node& root, const EffectContext& ctx, EffectList& out);
bool object_effects(const Node& root, const EffectContext& ctx, EffectList& out);
bool dml_effects(const Node& root, const EffectContext& ctx, EffectList& out);

// --- helpers shared by the families ---------------------------------------------------------

// The schema of "schema.name" ("public.orders" -> "public").
std::string schema_of(const std::string& qualified);
// The name without its schema ("public.orders" -> "orders").
std::string name_of(const std::string& qualified);
// A relation named by a bare name in the same schema as `sibling` (indexes live beside their
// table): ("public.orders", "orders_pkey") -> "public.orders_pkey".
std::string in_schema_of(const std::string& sibling, std::string_view name);
// The name PostgreSQL chooses for an implicit object (ChooseRelationName without the
// collision suffix): "<table>_<cols>_<label>", shortened to 63 bytes the same way.
std::string implicit_name(std::string_view table, const std::vector<std::string>& columns,
                          std::string_view label);
// Every relation read by a query tree (RangeVar nodes, CTE names excluded): AccessShareLock.
void add_read_relations(const Node& tree, EffectList& out);
// The columns a constraint names (keys; for EXCLUDE the first element of each pair, "expr" for
// an expression), as PostgreSQL's implicit index name uses them.
std::vector<std::string> constraint_key_columns(const Node& constraint);
// Relation kind from an ObjectType spelling ("OBJECT_INDEX" -> Index).
RelationKind kind_of_object(std::string_view object_type);

} // namespace pgdrydock::effects
