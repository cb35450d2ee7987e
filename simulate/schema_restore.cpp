#include "simulate/schema_restore.h"

#include <memory>
#include <optional>

#include <pqxx/except>

#include "lint/catalog/replay.h"
#include "lint/source_file.h"
#include "lint/statement.h"
#include "simulate/sandbox/pg_client.h"

namespace pgdrydock {

Expected<void> restore_schema_dump(const std::string& path, const std::string& conninfo) {
  // Read as lint reads it; psql's meta-commands are statements of their own kind, run by psql
  // and skipped here.
  Expected<std::string> text = read_schema_dump(path);
  if (!text)
    return fail(std::move(text.error()));
  auto file = std::make_shared<const SourceFile>(path, std::move(*text));
  // One session: the dump's set_config('search_path', ...) holds for the statements after it.
  PgClient client(conninfo);
  std::optional<Error> rejected;
  for_each_statement(file, 0, file->content().size(), [&](Statement& st) {
    if (rejected)
      return;
    if (st.psql_meta)
      return;
    if (st.copy_in) {
      rejected = Error{path, st.location.line, st.location.column,
                       "--schema: COPY data in the starting schema; give pg_dump --schema-only "
                       "output"};
      return;
    }
    if (st.syntax_error) {
      rejected = Error{path, st.error_location.line, st.error_location.column,
                       "--schema: cannot read this pg_dump statement: " + *st.syntax_error};
      return;
    }
    try {
      client.exec(std::string(st.text()));
    } catch (const pqxx::sql_error& e) {
      rejected = Error{path, st.location.line, st.location.column,
                       std::string("--schema: the server rejected this statement: ") + e.what()};
    }
  });
  if (rejected)
    return fail(std::move(*rejected));
  return {};
}

} // namespace pgdrydock
