// The one identifier quoting of pgdrydock, for every recipe, seeder statement and report.
#pragma once

#include <string>
#include <string_view>

namespace pgdrydock {

// The name as PostgreSQL's own quote_identifier() writes it: bare when it is lower-case
// identifier characters (a-z, 0-9 after the first, _ and $) and not a keyword that needs quoting
// (only unreserved keywords may stand bare; libpg_query's scanner tells the category), otherwise
// in double quotes with embedded quotes doubled. `user`, `Orders`, `my table`, `select` are quoted.
std::string quote_identifier(std::string_view name);

// schema.name with each part quoted as above; the schema is left out when empty.
std::string quote_qualified(std::string_view schema, std::string_view name);

} // namespace pgdrydock
