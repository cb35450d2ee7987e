#include "rules/created_types.h"

namespace pgdrydock::rules {

std::string type_key(const Node& stmt_body) {
  return qualified_name(stmt_body.names("typeName"));
}

void CreatedTypesState::seen(const StatementSeen& statement) {
  std::string_view kind = statement.root.kind();
  Node body = statement.root.body();
  if (kind == "CreateEnumStmt" || kind == "CreateRangeStmt")
    created_.insert(type_key(body));
  else if (kind == "CompositeTypeStmt" && body["typevar"])
    created_.insert(qualified_name(body["typevar"]));
  else if (kind == "CreateDomainStmt")
    created_.insert(qualified_name(body.names("domainname")));
}

} // namespace pgdrydock::rules
