#include "simulate/sandbox/pg_binaries.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "lint/support/process_runner.h"
#include "simulate/sandbox/pg_install.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock {

namespace fs = std::filesystem;

namespace {

// What a short query program (pg_config --bindir, postgres --version) prints; throws with how
// it ended when it fails. Bounded in time: neither has a reason to take more than seconds.
Expected<std::string> program_output(const std::vector<std::string>& argv) {
  ProcessOptions options;
  options.argv = argv;
  options.stderr_to = Output::discard;
  options.timeout = std::chrono::seconds(30);
  ProcessResult run = run_process(options);
  if (!run.status.success())
    return fail(environment_error(fmt::format("{} {}", argv.front(), run.status.describe())));
  return run.out;
}

std::optional<fs::path> from_path_variable() {
  const char* path = std::getenv("PATH");
  if (!path)
    return std::nullopt;
  std::string all = path;
  std::size_t start = 0;
  while (start <= all.size()) {
    std::size_t colon = all.find(':', start);
    std::string dir =
        all.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!dir.empty() && has_server_programs(dir)) {
      // Distributions link postgres into /usr/local/bin or /usr/bin; the real bindir is where
      // the link points (initdb looks for its sibling programs there).
      std::error_code ec;
      fs::path real = fs::canonical(fs::path(dir) / "postgres", ec);
      if (!ec && has_server_programs(real.parent_path()))
        return real.parent_path();
      return fs::path(dir);
    }
    if (colon == std::string::npos)
      break;
    start = colon + 1;
  }
  return std::nullopt;
}

std::optional<fs::path> from_pg_config() {
  for (const char* candidate : {"/usr/bin/pg_config", "/usr/local/bin/pg_config"}) {
    if (access(candidate, X_OK) != 0)
      continue;
    Expected<std::string> out = program_output({candidate, "--bindir"});
    if (!out)
      continue; // a broken pg_config: look further
    while (!out->empty() && (out->back() == '\n' || out->back() == ' '))
      out->pop_back();
    if (has_server_programs(*out))
      return fs::path(*out);
  }
  return std::nullopt;
}

std::optional<fs::path> from_debian_layout() {
  std::error_code ec;
  std::vector<std::pair<int, fs::path>> found;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit))
      continue;
    if (has_server_programs(entry.path() / "bin"))
      found.emplace_back(std::stoi(name), entry.path() / "bin");
  }
  if (found.empty())
    return std::nullopt;
  return std::max_element(found.begin(), found.end())->second; // the newest major
}

} // namespace

bool has_server_programs(const std::filesystem::path& dir) {
  return access((dir / "postgres").c_str(), X_OK) == 0 &&
         access((dir / "initdb").c_str(), X_OK) == 0;
}

std::string parse_postgres_version(const std::string& version_output) {
  static const std::regex version_re(R"(\(PostgreSQL\)\s+(\d+)(\.\d+)?)");
  std::smatch m;
  if (!std::regex_search(version_output, m, version_re))
    return "";
  return m[1].str() + m[2].str();
}

PgBinaries find_pg_binaries(const std::string& pg_bin) {
  PgBinaries bins;
  if (!pg_bin.empty()) {
    if (!has_server_programs(pg_bin))
      throw ErrorException(environment_error(fmt::format(
          "--pg-bin {}: no executable 'postgres' and 'initdb' there; pass the folder that holds "
          "PostgreSQL's server programs (e.g. /usr/lib/postgresql/15/bin)",
          pg_bin)));
    bins.bindir = fs::absolute(pg_bin).lexically_normal().string();
    bins.found_by = "--pg-bin";
  } else if (auto dir = from_path_variable()) {
    bins.bindir = dir->string();
    bins.found_by = "PATH";
  } else if (auto dir2 = from_pg_config()) {
    bins.bindir = dir2->string();
    bins.found_by = "pg_config --bindir";
  } else if (auto dir3 = from_debian_layout()) {
    bins.bindir = dir3->string();
    bins.found_by = "/usr/lib/postgresql";
  } else {
    throw ErrorException(environment_error(
        "PostgreSQL server programs not found (postgres, initdb): looked at PATH, "
        "`pg_config --bindir` and /usr/lib/postgresql/*/bin; install the server (Debian: "
        "apt-get install postgresql) or pass --pg-bin DIR, or use --dsn URL for an existing "
        "server"));
  }
  const Expected<std::string> version = program_output({bins.program("postgres"), "--version"});
  if (!version)
    throw ErrorException(environment_error(
        fmt::format("{}/postgres --version failed: {}", bins.bindir, version.error().message)));
  const std::string& out = *version;
  bins.version = parse_postgres_version(out);
  if (bins.version.empty())
    throw ErrorException(environment_error(fmt::format(
        "{}/postgres --version printed an unrecognised version: {}", bins.bindir, out)));
  bins.major = std::stoi(bins.version);
  return bins;
}

PgBinaries find_pg_binaries(const std::string& pg_bin, int major) {
  if (!pg_bin.empty()) {
    PgBinaries bins = find_pg_binaries(pg_bin);
    if (bins.major != major)
      throw ErrorException(environment_error(
          fmt::format("--pg-bin {} holds PostgreSQL {}, not the {} --pg-version asks for", pg_bin,
                      bins.version, major)));
    return bins;
  }
  std::vector<std::pair<std::string, std::string>> candidates; // bindir, found_by
  if (auto installed = installed_postgres_bindir(major))
    candidates.emplace_back(*installed, "pgdrydock postgres install");
  candidates.emplace_back(fmt::format("/usr/lib/postgresql/{}/bin", major), "/usr/lib/postgresql");
  if (auto dir = from_path_variable())
    candidates.emplace_back(dir->string(), "PATH");
  if (auto dir = from_pg_config())
    candidates.emplace_back(dir->string(), "pg_config --bindir");
  for (const auto& [dir, found_by] : candidates) {
    if (!has_server_programs(dir))
      continue;
    PgBinaries bins = find_pg_binaries(dir);
    if (bins.major == major) {
      bins.found_by = found_by;
      return bins;
    }
  }
  throw ErrorException(postgres_not_installed(major));
}

} // namespace pgdrydock
