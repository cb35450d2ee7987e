// psql-meta-command: a backslash command (`\connect`, `\set`, `\i`, `\copy` ...) in a .sql file.
// psql runs it itself; the server never sees it, so pgdrydock cannot lint what it does (the
// database `\connect` switches to, the file `\i` includes, the rows `\copy` loads). The script
// also only works under psql: a runner that sends the file to the server as it stands
// (golang-migrate, Flyway, a driver's Exec) fails on the backslash. The splitter
// (lint/psql_script.h) cuts meta-commands out as statements of their own kind, so the SQL
// around them is linted as usual.
#include "lint/psql_script.h"
#include "lint/rule.h"

namespace pgdrydock {
namespace {

// What the command hides from the lint, in a few words, for the commands scripts use most.
std::string_view what_is_not_linted(std::string_view name) {
  if (name == "i" || name == "ir" || name == "include" || name == "include_relative")
    return "the included file is not linted";
  if (name == "c" || name == "connect")
    return "later statements run in the database it connects to, which the lint cannot see";
  if (name == "copy")
    return "the rows it loads are not checked";
  if (name == "set" || name == "unset")
    return "psql variables are not substituted into the SQL";
  if (name == "if" || name == "elif" || name == "else" || name == "endif")
    return "both branches of the condition are linted as if both ran";
  if (name == "gexec")
    return "the statements it generates at run time are not linted";
  return "what it does is not linted";
}

class PsqlMetaCommand : public Rule {
public:
  std::string_view id() const override { return "psql-meta-command"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A psql backslash command: run by psql, not by the server, and not linted";
  }
  std::vector<std::string_view> statement_kinds() const override { return {kPsqlMetaCommandKind}; }
  void check(const RuleInput& in, FindingSink& out) const override {
    std::string_view name = psql_command_name(in.statement.text());
    out.add(finding(in,
                    "psql meta-command \\" + std::string(name) +
                        " is run by psql, not sent to the server: " +
                        std::string(what_is_not_linted(name)) + "; the script only runs under psql",
                    "Run this file with psql (psql -v ON_ERROR_STOP=1 -f FILE), or replace the "
                    "command with SQL (SET, CREATE ..., COPY ... FROM a server file) so that any "
                    "runner can apply it."));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(PsqlMetaCommand)
} // namespace pgdrydock
