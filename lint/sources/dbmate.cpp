// dbmate: one file per migration, `-- migrate:up` and `-- migrate:down` sections in it. Each
// section is a Script over a byte range of the one SourceFile, so line numbers stay those of
// the file.
#include <cctype>
#include <fstream>

#include "lint/sources/layouts.h"
#include "lint/sources/read_source.h"

namespace pgdrydock::sources {
namespace {

struct Marker {
  ScriptDirection direction = ScriptDirection::Up;
  std::size_t line_begin = 0; // where the marker line starts
  std::size_t body_begin = 0; // the line after it
  int line = 0;
  bool transaction = true; // `transaction:false` among the options after the marker
};

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// `-- migrate:up transaction:false` at the start of a line, as dbmate's own pattern wants.
std::optional<Marker> read_marker(std::string_view line) {
  if (!line.starts_with("--"))
    return std::nullopt;
  line.remove_prefix(2);
  while (!line.empty() && is_space(line.front()))
    line.remove_prefix(1);
  Marker m;
  if (line.starts_with("migrate:up")) {
    m.direction = ScriptDirection::Up;
    line.remove_prefix(10);
  } else if (line.starts_with("migrate:down")) {
    m.direction = ScriptDirection::Down;
    line.remove_prefix(12);
  } else {
    return std::nullopt;
  }
  if (!line.empty() && !is_space(line.front()))
    return std::nullopt; // `migrate:upgrade`
  while (!line.empty()) {
    while (!line.empty() && is_space(line.front()))
      line.remove_prefix(1);
    std::size_t n = 0;
    while (n < line.size() && !is_space(line[n]))
      ++n;
    if (line.substr(0, n) == "transaction:false")
      m.transaction = false;
    line.remove_prefix(n);
  }
  return m;
}

std::vector<Marker> find_markers(std::string_view text) {
  std::vector<Marker> out;
  int line_no = 1;
  for (std::size_t pos = 0; pos <= text.size(); ++line_no) {
    std::size_t nl = text.find('\n', pos);
    std::size_t line_end = nl == std::string_view::npos ? text.size() : nl;
    if (auto m = read_marker(text.substr(pos, line_end - pos))) {
      m->line_begin = pos;
      m->body_begin = nl == std::string_view::npos ? text.size() : nl + 1;
      m->line = line_no;
      out.push_back(*m);
    }
    if (nl == std::string_view::npos)
      break;
    pos = nl + 1;
  }
  return out;
}

Script section_script(const SourceFilePtr& file, const Marker& m, std::size_t end) {
  Script s{file, m.body_begin, end, TransactionMode::RunnerWrapped,
           "dbmate wraps each section in a transaction"};
  if (!m.transaction) {
    // dbmate then runs the section with one Exec: one multi-statement simple query, which
    // PostgreSQL still runs as one implicit transaction (CONCURRENTLY only works alone).
    s.mode = TransactionMode::ImplicitMulti;
    s.mode_reason = std::string("`transaction:false` on its -- migrate:") +
                    (m.direction == ScriptDirection::Up ? "up" : "down") +
                    " line: dbmate sends the section as one multi-statement query, one "
                    "implicit transaction";
  }
  return s;
}

// The first line before the first marker holding anything but blanks and `--` comments.
int first_statement_line_before(std::string_view text, std::size_t limit) {
  int line_no = 1;
  for (std::size_t pos = 0; pos < limit; ++line_no) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = std::min(nl == std::string_view::npos ? text.size() : nl, limit);
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && is_space(line.front()))
      line.remove_prefix(1);
    if (!line.empty() && !line.starts_with("--"))
      return line_no;
    if (nl == std::string_view::npos)
      break;
    pos = nl + 1;
  }
  return 0;
}

} // namespace

bool has_dbmate_marker(std::string_view text) {
  for (const Marker& m : find_markers(text))
    if (m.direction == ScriptDirection::Up)
      return true;
  return false;
}

bool dbmate_migration(const SourceFilePtr& file, Migration& out, MigrationSet& set) {
  std::string_view text = file->content();
  std::vector<Marker> markers = find_markers(text);
  const Marker* up = nullptr;
  const Marker* down = nullptr;
  for (const Marker& m : markers) {
    const Marker*& slot = m.direction == ScriptDirection::Up ? up : down;
    if (slot) {
      set.errors.push_back({file->path(), m.line, 1,
                            std::string("second -- migrate:") +
                                (m.direction == ScriptDirection::Up ? "up" : "down") +
                                " marker: dbmate allows one per file"});
      continue;
    }
    slot = &m;
  }
  if (!up) {
    set.errors.push_back(
        {file->path(), 0, 0, "no `-- migrate:up` section: dbmate would refuse this file"});
    return false;
  }
  if (int line = first_statement_line_before(text, markers.front().line_begin))
    set.errors.push_back(
        {file->path(), line, 1, "SQL before the first -- migrate: marker is never run by dbmate"});
  // A section runs to the next marker (whatever its kind) or to the end of the file.
  auto section_end = [&](const Marker& m) {
    std::size_t end = text.size();
    for (const Marker& other : markers)
      if (other.line_begin > m.line_begin)
        end = std::min(end, other.line_begin);
    return end;
  };
  out.layout = Layout::Dbmate;
  out.runner = "dbmate";
  out.up = section_script(file, *up, section_end(*up));
  if (down)
    out.down = section_script(file, *down, section_end(*down));
  return true;
}

void load_dbmate_folder(const Folder& folder, MigrationSet& set) {
  for (const FolderEntry& e : folder.entries) {
    if (!postgres_sql_entry(e, set))
      continue;
    PrefixName n = split_version_prefix(e.name.substr(0, e.name.size() - 4));
    if (!all_digits(n.version)) {
      set.skipped.push_back({e.display, "not a dbmate migration name (<version>_<name>.sql)"});
      continue;
    }
    SourceFilePtr file = read_into(e.path, e.display, set);
    if (!file)
      continue;
    Migration m;
    m.version = n.version;
    m.name = n.name;
    if (dbmate_migration(file, m, set))
      set.migrations.push_back(std::move(m));
  }
}

} // namespace pgdrydock::sources
