// What migration file names mean in each layout: versions, descriptions, directions, dialects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lint/support/text.h"

namespace pgdrydock::sources {

enum class ScriptDirection { Up, Down };

// `1_add_users.up.sql`, `0042_x.postgres.down.sql` (golang-migrate; also sqlx's reversible
// form), ory popx's `<version>_<name>[.<dialect>][.autocommit].up.sql`, and with
// `underscore_direction` maragudk/migrate's `<version>_<name>_up.sql` too.
struct GolangName {
  std::string version; // digits as written
  std::string name;
  ScriptDirection direction = ScriptDirection::Up;
  std::string dialect;          // "" when the name carries none
  bool autocommit = false;      // popx: `.autocommit`, run without a transaction
  bool underscore_form = false; // `_up.sql` / `_down.sql`
};
std::optional<GolangName> parse_golang_name(std::string_view file_name,
                                            bool underscore_direction = false);

// Flyway: V<version>__<desc>.sql (versioned), U<version>__<desc>.sql (undo),
// R__<desc>.sql (repeatable: re-run whenever it changes, after the versioned ones).
enum class FlywayKind { Versioned, Undo, Repeatable };
struct FlywayName {
  FlywayKind kind = FlywayKind::Versioned;
  std::string version; // separators shown as dots, as Flyway does: V1_1__x -> "1.1"
  std::string name;
};
std::optional<FlywayName> parse_flyway_name(std::string_view file_name);

// `<digits>_<name>.sql` (dbmate), `2019-01-01-000000_create_users` (Diesel folder): the version
// is everything before the first `_`, the name the rest. Empty version when there is no `_`.
struct PrefixName {
  std::string version;
  std::string name;
};
PrefixName split_version_prefix(std::string_view stem);

// The dialect tag written before the extension (`x.mysql.sql`, `1_x.sqlite3.up.sql`), if it
// is one pgdrydock recognises; "" otherwise.
std::string dialect_tag(std::string_view file_name);
bool is_postgres_dialect(std::string_view tag);

// The key two migrations collide on: separators and leading zeros ignored, Flyway's trailing
// `.0` parts too ("001" == "1", "1.0" == "1").
std::string version_key(std::string_view version);

bool ends_with_ci(std::string_view s, std::string_view suffix);
using pgdrydock::lowercase_ascii; // lint/support/text.h
bool all_digits(std::string_view s);

} // namespace pgdrydock::sources
