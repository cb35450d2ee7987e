// The own-cluster sandbox: initdb (or a copy of the cached template) in a private folder,
// `postgres` started as our child so we always know which pid to stop.
#include <libpq-fe.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "lint/support/process_runner.h"
#include "lint/support/quote_identifier.h"
#include "simulate/sandbox/conninfo.h"
#include "simulate/sandbox/pg_binaries.h"
#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/sandbox_internal.h"
#include "simulate/sandbox/sandbox_settings.h"
#include "simulate/sandbox/temp_dir.h"

namespace pgdrydock {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFolderPrefix = "pgdrydock-";
constexpr const char* kOwnerFile = "pgdrydock.owner"; // our pid: lets a later run sweep leftovers
constexpr const char* kSuperuser = "postgres";

bool process_alive(pid_t pid) {
  return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

pid_t read_pid_file(const fs::path& path) {
  std::ifstream in(path);
  long pid = 0;
  if (!(in >> pid))
    return 0;
  return static_cast<pid_t>(pid);
}

// A process killed with SIGKILL cannot clean up; its postmaster stops by itself (parent-death
// signal) but the folder stays. Remove such folders: ours (owner file), owner dead, server dead.
void sweep_abandoned_folders(const fs::path& base) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(base, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kFolderPrefix, 0) != 0 || !entry.is_directory(ec))
      continue;
    pid_t owner = read_pid_file(entry.path() / kOwnerFile);
    if (owner <= 0 || process_alive(owner))
      continue;
    pid_t postmaster = read_pid_file(entry.path() / "data" / "postmaster.pid");
    if (process_alive(postmaster))
      continue; // a --keep cluster still serving
    remove_tree(entry.path().string());
  }
}

std::optional<RunAs> decide_run_as(const SandboxOptions& options) {
  if (geteuid() != 0)
    return std::nullopt; // PostgreSQL runs as we do
  const std::string name = options.pg_user.empty() ? "postgres" : options.pg_user;
  std::optional<RunAs> user = lookup_user(name);
  if (!user)
    throw ErrorException(environment_error(fmt::format(
        "running as root, and PostgreSQL refuses to run as root, but there is no system user "
        "'{}' to run it as: create one (useradd --system --home-dir /var/lib/postgresql "
        "--shell /bin/false {}), pass --pg-user NAME of an unprivileged user, or run pgdrydock "
        "as an unprivileged user",
        name, name)));
  if (user->uid == 0)
    throw ErrorException(
        environment_error(fmt::format("--pg-user {}: that user is root (uid 0), and PostgreSQL "
                                      "refuses to run as root; name an unprivileged user",
                                      name)));
  return user;
}

class ClusterSandbox final : public Sandbox {
public:
  explicit ClusterSandbox(SandboxOptions options) : options_(std::move(options)) {}
  ~ClusterSandbox() override {
    try {
      stop();
    } catch (...) {
    }
    unregister_sandbox(this);
  }

  void launch();

  std::string conninfo(const std::string& database) const override {
    return socket_conninfo(folder_, port_, kSuperuser,
                           database.empty() ? working_database() : database, "pgdrydock");
  }
  std::string working_database() const override { return "postgres"; }
  int server_major_version() const override { return major_; }
  std::string server_version() const override { return version_; }
  std::string describe() const override {
    return fmt::format("PostgreSQL {} sandbox, postmaster pid {}, folder {}\n"
                       "  connect: psql \"{}\"\n"
                       "  stop:    kill -INT {} && rm -rf {}",
                       version_, pid_.load(), folder_, conninfo({}), pid_.load(), folder_);
  }
  void create_database(const std::string& name, const std::string& template_db) override;
  void drop_database(const std::string& name) override;
  void stop() override;
  void set_phase(SandboxPhase phase) override;
  bool owns_server() const override { return true; }
  int postmaster_pid() const override { return pid_.load(); }
  std::string folder() const override { return folder_; }
  bool started_from_template() const override { return from_template_; }
  std::string fresh_database_name(const std::string& hint) const override {
    return scratch_database_name(random_hex(8), hint);
  }

private:
  void prepare_data_directory();
  void initdb(const fs::path& data);
  void store_template(const fs::path& data, const fs::path& cached);
  void start_postmaster();
  void wait_until_ready();
  void read_server_version();
  std::string admin_conninfo(const std::string& avoid) const {
    // CREATE DATABASE ... TEMPLATE t fails while anyone (us included) is connected to t.
    return conninfo(avoid == "postgres" ? "template1" : "postgres");
  }
  [[noreturn]] void fail(const std::string& what) const {
    std::string tail = file_tail(log_path(), 15);
    throw ErrorException(environment_error(
        tail.empty() ? what : what + "\n--- server log (last lines) ---\n" + tail));
  }
  std::string log_path() const { return folder_ + "/postgres.log"; }

  SandboxOptions options_;
  PgBinaries bins_;
  std::optional<RunAs> run_as_;
  std::string folder_;
  int port_ = 0;
  std::atomic<pid_t> pid_{-1};
  std::string version_;
  int major_ = 0;
  bool from_template_ = false;
  // The phase last applied: a history advances its schema state once per migration, each time
  // asking for the loading phase, and a reload per step would cost more than the step.
  std::optional<SandboxPhase> phase_;
  bool ready_ = false;
  std::mutex stop_mutex_;
  bool stopped_ = false;
};

void ClusterSandbox::launch() {
  bins_ = options_.pg_major > 0 ? find_pg_binaries(options_.pg_bin, options_.pg_major)
                                : find_pg_binaries(options_.pg_bin);
  run_as_ = decide_run_as(options_);
  folder_ = make_private_temp_dir(kFolderPrefix, run_as_.has_value());
  sweep_abandoned_folders(fs::path(folder_).parent_path());
  {
    std::ofstream owner(fs::path(folder_) / kOwnerFile);
    owner << getpid() << "\n";
  }
  // Any number works: with listen_addresses='' it only names the socket in our folder.
  port_ = 20000 + static_cast<int>(std::stoul(random_hex(4), nullptr, 16) % 40000);
  prepare_data_directory();
  start_postmaster();
  wait_until_ready();
  read_server_version();
  ready_ = true;
}

void ClusterSandbox::prepare_data_directory() {
  const fs::path data = fs::path(folder_) / "data";
  const fs::path cached =
      options_.use_template_cache
          ? fs::path(options_.cache_dir.empty() ? default_cache_dir() : options_.cache_dir) /
                fmt::format("template-pg{}", bins_.version)
          : fs::path();
  std::error_code ec;
  if (!cached.empty() && fs::exists(cached / "data" / "PG_VERSION", ec)) {
    fs::copy(cached / "data", data, fs::copy_options::recursive, ec);
    if (ec)
      throw ErrorException(
          environment_error(fmt::format("cannot copy the cached cluster template {} to {}: {} "
                                        "(delete the cache folder to rebuild it)",
                                        cached.string(), data.string(), ec.message())));
    fs::permissions(data, fs::perms::owner_all, ec); // PostgreSQL insists on 0700
    from_template_ = true;
  } else {
    initdb(data);
    if (!cached.empty())
      store_template(data, cached);
  }
  std::ofstream(data / "postgresql.auto.conf", std::ios::trunc)
      << auto_conf_text(SandboxPhase::Loading);
  if (run_as_)
    chown_tree(folder_, run_as_->uid, run_as_->gid);
}

void ClusterSandbox::initdb(const fs::path& data) {
  if (run_as_)
    chown_tree(folder_, run_as_->uid, run_as_->gid);
  ProcessOptions spec;
  spec.argv = {bins_.program("initdb"),
               "--pgdata=" + data.string(),
               "--username=" + std::string(kSuperuser),
               "--auth=trust",
               "--encoding=UTF8",
               "--locale=C",
               "--no-sync"}; // a disposable cluster: fsync of every file buys nothing
  spec.cwd = folder_;        // initdb wants a current folder it may read
  spec.stdout_to = spec.stderr_to = Output::append_file;
  spec.output_file = folder_ + "/initdb.log";
  spec.run_as = run_as_;
  const ExitStatus ended = run_process(spec).status;
  if (ended.kind() == ExitStatus::Kind::not_started) {
    std::string who = run_as_ ? fmt::format(" as user '{}'", run_as_->name) : "";
    throw ErrorException(
        environment_error(fmt::format("initdb could not be started: cannot run {}{}: {}",
                                      spec.argv.front(), who, ended.start_error())));
  }
  if (!ended.success()) {
    std::string tail = file_tail(folder_ + "/initdb.log", 15);
    throw ErrorException(environment_error(
        fmt::format("initdb failed ({}) in {}\n{}", ended.describe(), data.string(), tail)));
  }
}

void ClusterSandbox::store_template(const fs::path& data, const fs::path& cached) {
  // Copy into a staging folder and rename: a concurrent run sees the template whole or not at
  // all; when two runs race, the second rename fails and its copy is dropped.
  std::error_code ec;
  fs::create_directories(cached.parent_path(), ec);
  const fs::path staging =
      cached.parent_path() / fmt::format(".staging-{}-{}", getpid(), random_hex(6));
  fs::create_directory(staging, ec);
  fs::copy(data, staging / "data", fs::copy_options::recursive, ec);
  if (!ec)
    fs::rename(staging, cached, ec);
  if (ec)
    remove_tree(staging.string()); // the cache is an optimisation: run without it
}

void ClusterSandbox::start_postmaster() {
  ProcessOptions spec;
  spec.argv = {bins_.program("postgres"), "-D", folder_ + "/data", "-p", std::to_string(port_)};
  for (const auto& [name, value] : fixed_cluster_settings(folder_)) {
    spec.argv.push_back("-c");
    spec.argv.push_back(name + "=" + value);
  }
  spec.cwd = folder_;
  spec.stdout_to = spec.stderr_to = Output::append_file;
  spec.output_file = log_path();
  spec.run_as = run_as_;
  spec.new_session = true; // Ctrl-C reaches us, and we stop the server in order
  // If we are killed outright (SIGKILL), the server still shuts down. Not with --keep, whose
  // point is to outlive us.
  spec.parent_death_signal = options_.keep ? 0 : SIGINT;
  const Expected<pid_t> started = start_process(spec);
  if (!started)
    throw ErrorException(environment_error(
        fmt::format("postgres could not be started: {}", started.error().message)));
  pid_ = *started;
}

void ClusterSandbox::wait_until_ready() {
  const std::string ping = conninfo("postgres");
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(options_.start_timeout_s);
  for (;;) {
    if (wait_for_exit(pid_, std::chrono::milliseconds(0))) {
      pid_ = -1;
      fail(fmt::format("postgres exited during startup (folder {})", folder_));
    }
    if (PQping(ping.c_str()) == PQPING_OK)
      return;
    if (std::chrono::steady_clock::now() > deadline)
      fail(fmt::format("postgres did not accept connections within {} s (folder {}); raise the "
                       "start timeout or look at the log",
                       options_.start_timeout_s, folder_));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void ClusterSandbox::read_server_version() {
  auto r = PgClient(conninfo("postgres"))
               .exec("SELECT current_setting('server_version_num')::int, "
                     "split_part(current_setting('server_version'), ' ', 1)");
  major_ = r[0][0].as<int>() / 10000;
  version_ = r[0][1].as<std::string>();
}

void ClusterSandbox::create_database(const std::string& name, const std::string& template_db) {
  if (name == "postgres" || name.rfind("template", 0) == 0)
    throw ErrorException(
        environment_error(fmt::format("refusing to create database '{}': reserved name", name)));
  // FILE_COPY (PostgreSQL 15's default is WAL_LOG): the copy is made in the loading phase
  // (fsync off), so its checkpoints and file copies cost little, while WAL_LOG dirties every
  // page of the copy in shared buffers for the replay's CHECKPOINT (fsync on) and the later
  // DROP DATABASE to write out. Copying a database of catalogs only on the 2-core machine:
  // 1.4-2.8 s per CHECKPOINT and about 1 s per DROP with WAL_LOG, 0.2 s and 0.13 s with
  // FILE_COPY (issue 13).
  PgClient(admin_conninfo(template_db))
      .exec(fmt::format("CREATE DATABASE {} TEMPLATE {}{}", quote_identifier(name),
                        quote_identifier(template_db.empty() ? "template0" : template_db),
                        major_ >= 15 ? " STRATEGY FILE_COPY" : ""));
}

void ClusterSandbox::drop_database(const std::string& name) {
  if (name == "postgres" || name.rfind("template", 0) == 0)
    throw ErrorException(
        environment_error(fmt::format("refusing to drop database '{}': reserved name", name)));
  // FORCE ends sessions we left open in it (a probe after a failure, a --keep shell...).
  PgClient(admin_conninfo(name))
      .exec(fmt::format("DROP DATABASE IF EXISTS {}{}", quote_identifier(name),
                        major_ >= 13 ? " WITH (FORCE)" : ""));
}

void ClusterSandbox::set_phase(SandboxPhase phase) {
  // Replaying is always re-entered: its CHECKPOINT flushes whatever was loaded since.
  if (phase_ == phase && phase == SandboxPhase::Loading)
    return;
  PgClient c(conninfo("postgres"));
  for (const auto& [name, value] : phase_settings(phase))
    c.exec(fmt::format("ALTER SYSTEM SET {} = {}", name, c.quote(value)));
  c.exec("SELECT pg_reload_conf()");
  // The reload is asynchronous: wait until a new session sees the new value.
  const std::string expected = phase == SandboxPhase::Loading ? "off" : "on";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    if (PgClient(conninfo("postgres")).exec("SHOW fsync")[0][0].as<std::string>() == expected)
      break;
    if (std::chrono::steady_clock::now() > deadline)
      fail("the server did not apply the new settings within 10 s after pg_reload_conf()");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (phase == SandboxPhase::Replaying) {
    // Flush what loading dirtied now, so no measured statement pays for it; the next change of
    // each page then writes a full-page image, as on a production server after a checkpoint.
    c.exec("CHECKPOINT");
  }
  phase_ = phase;
}

void ClusterSandbox::stop() {
  std::lock_guard lock(stop_mutex_);
  if (stopped_)
    return;
  stopped_ = true;
  // Left running on purpose once it is up (describe() says how to stop it); a server that
  // failed to start is stopped even with --keep.
  if (options_.keep && ready_ && pid_ > 0)
    return;
  pid_t pid = pid_.load();
  if (pid > 0) {
    // Fast shutdown (SIGINT) ends sessions and checkpoints; immediate (SIGQUIT) if it hangs;
    // SIGKILL as the last resort (its backends exit when they notice the postmaster is gone).
    const std::pair<int, int> steps[] = {{SIGINT, 15000}, {SIGQUIT, 5000}, {SIGKILL, 5000}};
    for (const auto& [sig, wait_ms] : steps) {
      kill(pid, sig);
      if (wait_for_exit(pid, std::chrono::milliseconds(wait_ms)))
        break;
    }
    pid_ = -1;
  }
  if (!folder_.empty() && !remove_tree(folder_))
    std::cerr << "pgdrydock: could not remove the sandbox folder " << folder_ << "\n";
}

} // namespace

std::unique_ptr<Sandbox> start_cluster_sandbox(const SandboxOptions& options) {
  auto sandbox = std::make_unique<ClusterSandbox>(options);
  register_sandbox(sandbox.get()); // from here on a signal stops it, even mid-start
  try {
    sandbox->launch();
  } catch (const ErrorException&) {
    // launch() says what failed (no binaries of the asked major, initdb, the start, the first
    // connection): passed on as it is, once the server is stopped.
    sandbox.reset();
    throw;
  } catch (const pqxx::failure& e) {
    sandbox.reset();
    throw ErrorException(environment_error(
        fmt::format("the sandbox server started but a query failed: {}", e.what())));
  }
  return sandbox; // on an ErrorException the destructor stops the server and removes the folder
}

} // namespace pgdrydock
