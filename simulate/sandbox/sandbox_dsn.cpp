// The --dsn sandbox: a scratch database pgdrydock_<random> on a server we do not own. Only
// databases it created itself are ever created from, written to or dropped.
#include <algorithm>
#include <iostream>
#include <mutex>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "lint/support/quote_identifier.h"
#include "simulate/sandbox/conninfo.h"
#include "simulate/sandbox/dsn_redaction.h"
#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/sandbox_internal.h"

namespace pgdrydock {

namespace {

class DsnSandbox final : public Sandbox {
public:
  explicit DsnSandbox(SandboxOptions options) : options_(std::move(options)), tag_(random_hex(8)) {}
  ~DsnSandbox() override {
    try {
      stop();
    } catch (...) {
    }
    unregister_sandbox(this);
  }

  void open();

  std::string conninfo(const std::string& database) const override {
    return conninfo_with_database(options_.dsn, database.empty() ? working_ : database);
  }
  std::string working_database() const override { return working_; }
  int server_major_version() const override { return major_; }
  std::string server_version() const override { return version_; }
  std::string describe() const override {
    return fmt::format("PostgreSQL {} server, scratch database {}\n  connect: psql \"{}\"\n"
                       "  drop:    DROP DATABASE {} (and any {}_* databases)",
                       version_, working_, redact_dsn(conninfo({})), working_, working_);
  }
  void create_database(const std::string& name, const std::string& template_db) override;
  void drop_database(const std::string& name) override;
  void stop() override;
  void set_phase(SandboxPhase) override {} // not our server: its settings stay as they are
  bool owns_server() const override { return false; }
  int postmaster_pid() const override { return -1; }
  std::string folder() const override { return ""; }
  bool started_from_template() const override { return false; }
  std::string fresh_database_name(const std::string& hint) const override {
    return scratch_database_name(tag_ + "_" + random_hex(4), hint);
  }

private:
  bool ours(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return name == working_ || std::find(created_.begin(), created_.end(), name) != created_.end();
  }
  void exec_admin(const std::string& sql) const {
    // Administrative statements run from the database the user named, never inside ours.
    PgClient(options_.dsn).exec(sql);
  }
  std::string drop_sql(const std::string& name) const {
    return fmt::format("DROP DATABASE IF EXISTS {}{}", quote_identifier(name),
                       major_ >= 13 ? " WITH (FORCE)" : "");
  }

  SandboxOptions options_;
  std::string tag_;
  std::string working_;
  std::string version_;
  int major_ = 0;
  mutable std::mutex mutex_;
  std::vector<std::string> created_; // besides working_, in creation order
  bool stopped_ = false;
};

void DsnSandbox::open() {
  parse_conninfo(options_.dsn); // validates without echoing the password
  try {
    auto r = PgClient(options_.dsn)
                 .exec("SELECT current_setting('server_version_num')::int, "
                       "split_part(current_setting('server_version'), ' ', 1)");
    major_ = r[0][0].as<int>() / 10000;
    version_ = r[0][1].as<std::string>();
  } catch (const ErrorException& e) {
    throw ErrorException(
        environment_error(fmt::format("--dsn: {}", e.what()))); // names the server, redacted
  }
  working_ = scratch_database_name(tag_, "");
  try {
    // template0: the scratch database starts empty whatever the server's template1 holds.
    exec_admin(fmt::format("CREATE DATABASE {} TEMPLATE template0", quote_identifier(working_)));
  } catch (const pqxx::sql_error& e) {
    std::string state = e.sqlstate();
    working_.clear();
    if (state == "42501")
      throw ErrorException(environment_error(fmt::format(
          "--dsn {}: this role may not create databases; grant it (ALTER ROLE ... CREATEDB) or "
          "drop --dsn to let pgdrydock start its own PostgreSQL",
          redact_dsn(options_.dsn))));
    throw ErrorException(environment_error(fmt::format(
        "--dsn {}: cannot create the scratch database: {}", redact_dsn(options_.dsn), e.what())));
  }
}

void DsnSandbox::create_database(const std::string& name, const std::string& template_db) {
  const std::string tmpl = template_db.empty() ? "template0" : template_db;
  if (name.rfind("pgdrydock_" + tag_, 0) != 0)
    throw ErrorException(
        environment_error(fmt::format("refusing to create database '{}' on a --dsn server: only "
                                      "names from fresh_database_name() are allowed",
                                      name)));
  if (tmpl != "template0" && !ours(tmpl))
    throw ErrorException(environment_error(
        fmt::format("refusing to copy database '{}': not created by this sandbox", tmpl)));
  exec_admin(fmt::format("CREATE DATABASE {} TEMPLATE {}", quote_identifier(name),
                         quote_identifier(tmpl)));
  std::lock_guard lock(mutex_);
  created_.push_back(name);
}

void DsnSandbox::drop_database(const std::string& name) {
  if (name == working_ || !ours(name))
    throw ErrorException(environment_error(fmt::format(
        "refusing to drop database '{}': {}", name,
        name == working_ ? "the working database goes at stop()" : "not created by this sandbox")));
  exec_admin(drop_sql(name));
  std::lock_guard lock(mutex_);
  created_.erase(std::remove(created_.begin(), created_.end(), name), created_.end());
}

void DsnSandbox::stop() {
  std::vector<std::string> to_drop;
  {
    std::lock_guard lock(mutex_);
    if (stopped_)
      return;
    stopped_ = true;
    if (options_.keep)
      return;
    to_drop.assign(created_.rbegin(), created_.rend());
    if (!working_.empty())
      to_drop.push_back(working_);
    created_.clear();
  }
  for (const auto& name : to_drop) {
    try {
      exec_admin(drop_sql(name));
    } catch (const std::exception& e) {
      std::cerr << "pgdrydock: could not drop scratch database " << name
                << " on the --dsn server: " << e.what() << "\n";
    }
  }
}

} // namespace

std::unique_ptr<Sandbox> start_dsn_sandbox(const SandboxOptions& options) {
  auto sandbox = std::make_unique<DsnSandbox>(options);
  register_sandbox(sandbox.get());
  sandbox->open();
  return sandbox;
}

} // namespace pgdrydock
