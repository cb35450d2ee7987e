#include "simulate/sandbox/conninfo.h"

#include <libpq-fe.h>

#include <fmt/format.h>

#include "simulate/sandbox/dsn_redaction.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock {

ConninfoParams parse_conninfo(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (!options) {
    std::string message = error ? error : "out of memory";
    if (error)
      PQfreemem(error);
    while (!message.empty() && message.back() == '\n')
      message.pop_back();
    throw ErrorException(
        usage_error(fmt::format("--dsn {}: not a valid PostgreSQL connection string ({}); use "
                                "postgresql://user@host:port/dbname or 'host=... dbname=...'",
                                redact_dsn(conninfo), redact_message(message, conninfo))));
  }
  ConninfoParams params;
  for (PQconninfoOption* o = options; o->keyword; ++o)
    if (o->val && *o->val)
      params[o->keyword] = o->val;
  PQconninfoFree(options);
  return params;
}

std::string build_conninfo(const ConninfoParams& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty())
      out += ' ';
    out += key + "='";
    for (char c : value) {
      if (c == '\'' || c == '\\')
        out += '\\';
      out += c;
    }
    out += '\'';
  }
  return out;
}

std::string conninfo_with_database(const std::string& conninfo, const std::string& database) {
  ConninfoParams params = parse_conninfo(conninfo);
  params["dbname"] = database;
  return build_conninfo(params);
}

std::string socket_conninfo(const std::string& socket_dir, int port, const std::string& user,
                            const std::string& database, const std::string& application_name) {
  return build_conninfo({{"host", socket_dir},
                         {"port", std::to_string(port)},
                         {"user", user},
                         {"dbname", database},
                         {"application_name", application_name}});
}

} // namespace pgdrydock
