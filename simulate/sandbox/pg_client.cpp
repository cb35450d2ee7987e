#include "simulate/sandbox/pg_client.h"

#include <pqxx/errorhandler>
#include <pqxx/nontransaction>

namespace pgdrydock {

// libpqxx 6 hands notices to the errorhandlers registered on a connection.
class PgClient::NoticeForwarder final : public pqxx::errorhandler {
public:
  using pqxx::errorhandler::errorhandler;
  bool operator()(const char message[]) noexcept override {
    try {
      route_notice(message);
    } catch (...) {
      // A handler that throws loses its notice; libpqxx's callback must not throw.
    }
    return true;
  }
};

PgClient::PgClient(const std::string& dsn, const PgSessionSettings& settings) {
  try {
    connection_ = std::make_unique<pqxx::connection>(dsn);
  } catch (const std::exception& e) {
    throw ErrorException(environment_error(connect_error_message(dsn, e.what())));
  }
  notices_ = std::make_unique<NoticeForwarder>(*connection_);
  if (const std::string sql = session_settings_sql(settings); !sql.empty())
    exec(sql);
}

PgClient::~PgClient() = default;
PgClient::PgClient(PgClient&&) noexcept = default;

pqxx::result PgClient::exec(const std::string& sql) {
  pqxx::nontransaction tx(*connection_);
  return tx.exec(sql);
}

} // namespace pgdrydock
