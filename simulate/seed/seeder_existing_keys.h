// The keys of a table the seeder does not fill in this run (it already holds the rows asked for:
// a database seeded at an earlier step of a history, or a table a trigger filled), read back
// so that foreign keys of the tables filled after it can point at real rows.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "simulate/sandbox/pg_session.h"
#include "simulate/seed/catalog_reader.h"
#include "simulate/seed/seeder_fill.h"

namespace pgdrydock::seeding {

// Sets plan.fills to one Existing fill per column of `table` some foreign key of `tables`
// references, holding the values of the rows where none of them is NULL, and plan.loaded to
// that row count (0 when no foreign key references the table: nothing is read).
// Throws ErrorException (environment) when the query fails.
void read_existing_keys(PgSession& session, const std::vector<LiveTable>& tables,
                        const LiveTable& table, TablePlan& plan);

// The values of parent.parent_column no row of child.child_column uses yet, in COPY text form:
// a table topped up under a UNIQUE foreign key (rows a trigger or an earlier step wrote hold
// some parents already) takes its new rows' keys from these.
std::shared_ptr<const std::vector<std::string>>
read_free_parent_keys(pqxx::connection& catalog, const LiveTable& child,
                      const LiveColumn& child_column, const LiveTable& parent,
                      const LiveColumn& parent_column);

} // namespace pgdrydock::seeding
