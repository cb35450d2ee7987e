#include "lint/alembic/alembic_source.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lint/sources/read_source.h"
#include "lint/support/process_runner.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool is_executable_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

// The path as the user would write it: relative to the current folder when inside it.
std::string display_path(const std::string& absolute) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec)
    return absolute;
  fs::path rel = fs::path(absolute).lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..")
    return absolute;
  return rel.string();
}

std::string last_line_of(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r'))
    trimmed.pop_back();
  std::size_t nl = trimmed.rfind('\n');
  return nl == std::string::npos ? trimmed : trimmed.substr(nl + 1);
}

std::string str(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int integer(const json& object, const char* key, int fallback = 0) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

std::vector<std::string> helper_arguments(const AlembicOptions& options, const fs::path& ini,
                                          const std::string& helper) {
  std::vector<std::string> args = alembic_python(options.python);
  args.push_back(helper);
  args.push_back("--config=" + ini.string());
  args.push_back("--name=" + options.ini_section);
  if (!options.from.empty())
    args.push_back("--from=" + options.from);
  if (!options.to.empty())
    args.push_back("--to=" + options.to);
  for (const std::string& f : options.files) {
    std::error_code ec;
    args.push_back("--file=" + fs::absolute(f, ec).string());
  }
  for (const std::string& x : options.x_args)
    args.push_back("--x-arg=" + x);
  if (options.standalone)
    args.push_back("--standalone");
  return args;
}

// One direction's rendered SQL appended to the revision's generated content, with the origins
// that map its bytes back to the .py lines.
struct RenderedScript {
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<OriginIgnore> ignores_of(const json& list) {
  std::vector<OriginIgnore> out;
  for (const json& ig : list)
    if (ig.is_array() && ig.size() == 3)
      out.push_back({ig[0].get<std::string>(), ig[1].get<std::string>(), ig[2].get<int>()});
  return out;
}

RenderedScript append_direction(const json& direction, std::string& content,
                                std::vector<SourceOrigin>& origins) {
  RenderedScript r;
  r.begin = content.size();
  std::string sql = str(direction, "sql");
  // Bytes no op.* call wrote are reported at `def upgrade()` / `def downgrade()`.
  // Directives above the def (or inside a body that does nothing) apply to the function.
  SourceOrigin def_origin{r.begin, r.begin + sql.size(), integer(direction, "def_line", 1), 1, {}};
  if (auto ig = direction.find("def_ignores"); ig != direction.end() && ig->is_array())
    def_origin.ignores = ignores_of(*ig);
  origins.push_back(std::move(def_origin));
  if (auto spans = direction.find("spans"); spans != direction.end() && spans->is_array()) {
    for (const json& span : *spans) {
      if (!span.is_array() || span.size() < 5)
        continue;
      SourceOrigin o;
      o.begin = r.begin + span[0].get<std::size_t>();
      o.end = r.begin + span[1].get<std::size_t>();
      o.line = span[2].get<int>();
      o.column = span[3].get<int>();
      o.ignores = ignores_of(span[4]);
      origins.push_back(std::move(o));
    }
  }
  content += sql;
  r.end = content.size();
  return r;
}

std::string error_text(const json& direction) {
  const json& error = direction["error"];
  std::string message = str(error, "message");
  int line = integer(error, "line");
  return line > 0 ? fmt::format("line {}: {}", line, message) : message;
}

Script make_script(const SourceFilePtr& file, RenderedScript range, const json& direction,
                   bool transaction_per_migration) {
  Script s;
  s.file = file;
  s.begin = range.begin;
  s.end = range.end;
  bool in_transaction = direction.value("in_transaction", true);
  s.mode = in_transaction ? TransactionMode::RunnerWrapped : TransactionMode::Autocommit;
  if (!in_transaction)
    s.mode_reason = "alembic: env.py runs revisions outside a transaction (transactional_ddl "
                    "off); autocommit_block() is not needed";
  else if (transaction_per_migration)
    s.mode_reason = "alembic: one transaction per revision (transaction_per_migration=True); "
                    "op.get_context().autocommit_block() commits and reopens it";
  else
    s.mode_reason = "alembic: one transaction for the whole run (transaction_per_migration "
                    "is off); op.get_context().autocommit_block() commits and reopens it";
  return s;
}

AlembicOnlineRevision online_revision(const json& rev, const std::string& file,
                                      const std::string& reason, std::size_t position) {
  const json& down = rev["downgrade"];
  AlembicOnlineRevision o;
  o.revision = str(rev, "revision");
  o.name = str(rev, "doc");
  if (o.name.empty())
    o.name = fs::path(file).stem().string();
  o.file = file;
  o.upgrade_line = integer(rev["upgrade"], "def_line", 1);
  o.downgrade_line = integer(down, "def_line", 1);
  std::string body = str(down, "body");
  o.has_down = body != "missing" && body != "raises";
  o.reason = reason;
  o.position = position;
  return o;
}

void add_revision(const json& rev, bool transaction_per_migration, MigrationSet& set,
                  std::vector<AlembicOnlineRevision>* online) {
  std::string revision = str(rev, "revision");
  std::string file = display_path(str(rev, "file"));
  if (rev.contains("import_error") && rev["import_error"].is_object()) {
    const json& e = rev["import_error"];
    set.errors.push_back(
        {file, integer(e, "line"), 0,
         fmt::format("revision {} does not import: {} (with --alembic-standalone, imports the "
                     "application would provide are stubbed)",
                     revision, str(e, "message"))});
    return;
  }
  const json& up = rev["upgrade"];
  const json& down = rev["downgrade"];
  // An upgrade that cannot render offline still leaves its downgrade to read: the migration
  // keeps an empty up naming why (Migration::up_error) and its rendered down.
  std::string up_error;
  if (up.contains("error") && up["error"].is_object())
    up_error = error_text(up);
  std::string body = str(down, "body");
  bool down_failed = down.contains("error") && down["error"].is_object();
  // `raise NotImplementedError` is an explicit "cannot go back": an empty downgrade.
  bool down_raises = down_failed && body == "raises";
  std::string down_error;
  if (down_failed && !down_raises)
    down_error = error_text(down);
  if (!up_error.empty() || !down_error.empty()) {
    // Simulate runs such a revision online as a whole; lint reports it as skipped.
    std::string why = !up_error.empty()
                          ? fmt::format("upgrade() cannot render offline: {}", up_error)
                          : fmt::format("downgrade() could not render: {}", down_error);
    if (online)
      online->push_back(online_revision(rev, file, why, set.migrations.size()));
    set.skipped.push_back({file, fmt::format("revision {}: {}", revision, why)});
  }

  std::string content;
  std::vector<SourceOrigin> origins;
  RenderedScript up_range = append_direction(
      up_error.empty() ? up : json{{"def_line", integer(up, "def_line", 1)}}, content, origins);
  RenderedScript down_range =
      append_direction(down_raises ? json::object() : down, content, origins);
  if (down_raises)
    origins.back().line = integer(down, "def_line", 1);
  // The same size limit as a migration file (lint/sources/read_source.h).
  if (Expected<void> fits =
          sources::check_size(content.size(), sources::file_size_limits().file, file);
      !fits) {
    set.errors.push_back(std::move(fits.error()));
    return;
  }
  auto source = std::make_shared<const SourceFile>(file, std::move(content), std::move(origins));

  Migration m;
  m.version = revision;
  m.name = str(rev, "doc");
  if (m.name.empty())
    m.name = fs::path(file).stem().string();
  m.layout = Layout::Alembic;
  m.runner = "alembic";
  m.up = make_script(source, up_range, up, transaction_per_migration);
  if (body != "missing" && (!down_failed || down_raises))
    m.down = make_script(source, down_range, down, transaction_per_migration);
  m.down_error = std::move(down_error);
  m.up_error = std::move(up_error);
  set.migrations.push_back(std::move(m));
}

} // namespace

std::vector<std::string> alembic_python(const std::string& python_option) {
  if (!python_option.empty())
    return {python_option};
  const char* path_env = std::getenv("PATH");
  std::stringstream dirs(path_env ? path_env : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty())
      continue;
    fs::path candidate = fs::path(dir) / "alembic";
    if (!is_executable_file(candidate))
      continue;
    std::ifstream in(candidate);
    std::string first;
    std::getline(in, first);
    if (first.rfind("#!", 0) != 0)
      break;
    std::vector<std::string> words;
    std::istringstream tokens(first.substr(2));
    for (std::string w; tokens >> w;)
      words.push_back(w);
    if (!words.empty())
      return words;
    break;
  }
  return {"python3"};
}

std::optional<std::string> alembic_helper_path() {
  std::vector<fs::path> candidates;
  if (const char* p = std::getenv("PGDRYDOCK_ALEMBIC_HELPER"))
    candidates.emplace_back(p);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    candidates.push_back(exe.parent_path().parent_path() / "share" / "pgdrydock" / "alembic" /
                         "render_revisions.py");
  if (const char* src = std::getenv("PGDRYDOCK_SOURCE_DIR"))
    candidates.push_back(fs::path(src) / "lint" / "alembic" / "render_revisions.py");
#ifdef PGDRYDOCK_SOURCE_DIR
  candidates.push_back(fs::path(PGDRYDOCK_SOURCE_DIR) / "lint" / "alembic" / "render_revisions.py");
#endif
  for (const fs::path& c : candidates)
    if (fs::is_regular_file(c, ec))
      return c.string();
  return std::nullopt;
}

std::optional<std::string> alembic_run_failure(const ExitStatus& status,
                                               const AlembicOptions& options,
                                               const std::string& program) {
  if (status.kind() == ExitStatus::Kind::not_started)
    return fmt::format("cannot run {}: {} (name Alembic's Python with --python)", program,
                       status.start_error());
  if (status.kind() == ExitStatus::Kind::timed_out)
    return fmt::format("Alembic for {} {} and was stopped with every process it started: "
                       "env.py or a revision did not finish (waiting for a database or for "
                       "input?); if it needs longer, raise --alembic-timeout",
                       options.ini, status.describe());
  return std::nullopt;
}

std::optional<std::string> find_alembic_ini(const std::string& dir) {
  std::error_code ec;
  fs::path ini = fs::path(dir) / "alembic.ini";
  if (fs::is_regular_file(ini, ec))
    return ini.string();
  return std::nullopt;
}

std::string alembic_ini_of(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec))
    return path;
  return find_alembic_ini(path).value_or(path); // a folder without one: load_alembic says so
}

MigrationSet load_alembic(const AlembicOptions& given, std::vector<std::string>* warnings,
                          std::vector<AlembicOnlineRevision>* online) {
  MigrationSet set;
  std::error_code ec;
  AlembicOptions options = given;
  options.ini = alembic_ini_of(given.ini);
  if (!fs::is_regular_file(options.ini, ec)) {
    set.errors.push_back({options.ini, 0, 0,
                          fs::is_directory(options.ini, ec)
                              ? "no alembic.ini in this folder: name the project's alembic.ini "
                                "with --alembic"
                              : "no such Alembic configuration file"});
    return set;
  }
  std::optional<std::string> helper = alembic_helper_path();
  if (!helper) {
    set.errors.push_back({options.ini, 0, 0,
                          "cannot find pgdrydock's render_revisions.py (set "
                          "PGDRYDOCK_ALEMBIC_HELPER to its path)"});
    return set;
  }
  fs::path ini = fs::absolute(options.ini, ec);
  ProcessOptions command;
  command.argv = helper_arguments(options, ini, *helper);
  command.env_set = options.env;
  // Alembic resolves script_location and prepend_sys_path from where `alembic` runs.
  command.cwd = ini.parent_path().string();
  command.timeout = options.timeout;
  ProcessResult run = run_process(command);
  if (std::optional<std::string> why =
          alembic_run_failure(run.status, options, command.argv.front())) {
    set.errors.push_back({options.ini, 0, 0, *why});
    return set;
  }
  json doc = json::parse(run.out, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    std::string why = last_line_of(run.err);
    set.errors.push_back(
        {options.ini, 0, 0,
         fmt::format("rendering with {} failed (exit {}){}{}", command.argv.front(),
                     run.status.code(), why.empty() ? "" : ": ", why)});
    return set;
  }
  try {
    if (doc.contains("fatal") && doc["fatal"].is_object()) {
      const json& f = doc["fatal"];
      std::string file = str(f, "file");
      set.errors.push_back({file.empty() ? options.ini : display_path(fs::absolute(file, ec)),
                            integer(f, "line"), 0, str(f, "message")});
      return set;
    }
    bool per_migration = doc.value("transaction_per_migration", false);
    for (const json& rev : doc["revisions"])
      add_revision(rev, per_migration, set, online);
    if (warnings)
      for (const json& w : doc["warnings"]) {
        // The helper names alembic.ini by its absolute path: show it as the user gave it.
        std::string text = w.get<std::string>();
        if (text.rfind(ini.string() + ":", 0) == 0)
          text = options.ini + text.substr(ini.string().size());
        warnings->push_back(std::move(text));
      }
  } catch (const json::exception& e) {
    set.errors.push_back({options.ini, 0, 0,
                          fmt::format("unreadable output from render_revisions.py: {}", e.what())});
  }
  return set;
}

} // namespace pgdrydock
