#include "simulate/replay/psql_steps.h"

#include "lint/statement.h"

namespace pgdrydock {

bool runs_in_psql(const StatementResult& st) {
  return st.kind == kPsqlMetaCommandKind;
}

bool sent_on_its_own(const StatementResult& st) {
  return !runs_in_psql(st) && st.inside_do_line == 0 && st.kind != kDynamicExecuteKind;
}

std::optional<PgError> copy_in(PgSession& session, const StatementResult& st) {
  if (auto error = session.copy_start(st.text))
    return error;
  // In pieces: libpq takes at most INT_MAX bytes per call.
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  std::string_view rows = st.copy_rows ? std::string_view(*st.copy_rows) : std::string_view();
  for (std::size_t at = 0; at < rows.size(); at += kChunk)
    if (!session.copy_send(rows.substr(at, kChunk)))
      break; // the connection failed: copy_end() reports why
  return session.copy_end();
}

} // namespace pgdrydock
