#include "simulate/replay/relation_owners.h"

#include <fmt/format.h>

#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {
namespace {

bool has_owner_kind(char relkind) {
  return relkind == 'i' || relkind == 'I' || relkind == 'S';
}

} // namespace

void RelationOwners::fill(PgSession& session, RelationMap& relations) {
  std::string missing; // oids as pg_class printed them: digits only
  for (const auto& [oid, info] : relations)
    if (has_owner_kind(info.kind) && !owners_.count(oid))
      missing += (missing.empty() ? "" : ",") + oid;
  if (!missing.empty()) {
    PgRows rows = session.query(fmt::format(
        "SELECT c.oid::text, COALESCE((SELECT x.indrelid FROM pg_catalog.pg_index x WHERE "
        "x.indexrelid = c.oid), (SELECT d.refobjid FROM pg_catalog.pg_depend d WHERE d.classid = "
        "'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.refclassid = "
        "'pg_catalog.pg_class'::regclass AND d.deptype IN ('a','i') LIMIT 1))::text FROM "
        "pg_catalog.pg_class c WHERE c.oid = ANY('{{{}}}'::oid[])",
        missing));
    for (const auto& [oid, info] : relations)
      if (has_owner_kind(info.kind))
        owners_.try_emplace(oid); // asked: not asked again, even when it has no owner
    for (std::size_t i = 0; i < rows.rows.size(); ++i)
      owners_[rows.value(i, 0)] = rows.value(i, 1);
  }
  for (auto& [oid, info] : relations)
    if (auto it = owners_.find(oid); it != owners_.end())
      info.owner_oid = it->second;
}

} // namespace pgdrydock
