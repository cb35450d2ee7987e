// Migration folder detection and loading (lint/sources/) from a small tar-like text blob,
// written into a fresh folder per input:
//
//   layout=golang-migrate        optional first line: --layout
//   === 1_init.up.sql            a file: its content runs to the next "=== " line
//   CREATE TABLE t (id int);
//   === 2_x/                     an empty folder
//   === loop -> loop             a symlink to a name in the same folder (loops included)
//
// Names are relative, at most three parts, never "." or ".."; at most 32 entries. What must
// hold: loading never throws, and every script's byte range lies inside its file.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lint/lint_driver.h"
#include "lint/support/error.h"
#include "tests/fuzz/entries/scratch.h"

namespace pgdrydock::fuzz {

struct BlobEntry {
  std::string name;
  std::string content;     // a file's bytes
  std::string link_target; // non-empty: a symlink
};

struct Blob {
  std::optional<Layout> layout;
  std::vector<BlobEntry> entries;
};

inline bool safe_entry_name(std::string_view name) {
  if (name.empty() || name.size() > 80 || name.front() == '/' ||
      name.find('\0') != std::string_view::npos)
    return false;
  int parts = 0;
  for (const auto& part : std::filesystem::path(name)) {
    const std::string p = part.string();
    if (p == "." || p == ".." || ++parts > 3)
      return false;
  }
  return true;
}

inline Blob parse_blob(std::string_view blob) {
  Blob out;
  if (blob.starts_with("layout=")) {
    const std::size_t eol = blob.find('\n');
    out.layout = layout_from_string(std::string(blob.substr(7, eol - 7)));
    blob = eol == std::string_view::npos ? std::string_view() : blob.substr(eol + 1);
  }
  constexpr std::string_view kHeader = "=== ";
  std::size_t at = blob.starts_with(kHeader) ? 0 : blob.find("\n=== ");
  while (at != std::string_view::npos && out.entries.size() < 32) {
    const std::size_t name_begin = blob.find(kHeader, at) + kHeader.size();
    const std::size_t eol = blob.find('\n', name_begin);
    const std::string_view header = blob.substr(name_begin, eol - name_begin);
    const std::size_t next = eol == std::string_view::npos ? eol : blob.find("\n=== ", eol);
    BlobEntry e;
    if (const std::size_t arrow = header.find(" -> "); arrow != std::string_view::npos) {
      e.name = header.substr(0, arrow);
      e.link_target = header.substr(arrow + 4);
    } else {
      e.name = header;
    }
    if (eol != std::string_view::npos)
      e.content = blob.substr(eol + 1, next == std::string_view::npos ? next : next - eol);
    if (safe_entry_name(e.name) &&
        (e.link_target.empty() ||
         (safe_entry_name(e.link_target) && e.link_target.find('/') == std::string::npos)))
      out.entries.push_back(std::move(e));
    at = next;
  }
  return out;
}

// Writes the blob's entries under `root` (emptied first).
inline void write_blob(const Blob& blob, const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(root);
  for (const BlobEntry& e : blob.entries) {
    const fs::path p = root / e.name;
    fs::create_directories(p.parent_path(), ec);
    if (ec)
      continue; // a file already holds that name
    if (!e.link_target.empty())
      fs::create_symlink(e.link_target, p, ec);
    else if (e.name.back() == '/')
      fs::create_directories(p, ec);
    else if (!fs::exists(fs::symlink_status(p, ec)))
      scratch().write((fs::path("folder") / e.name).string(), e.content);
  }
}

inline void expect_inside(const Script& script, const char* what) {
  if (!script.file || script.begin > script.end || script.end > script.file->content().size())
    throw std::logic_error(std::string(what) + " script's byte range is outside its file");
}

// Loads (and lints) the folder the blob describes; returns the number of migrations loaded.
inline std::size_t load_folder_blob(std::string_view bytes) {
  const Blob blob = parse_blob(bytes);
  const std::filesystem::path root = scratch().path() / "folder";
  write_blob(blob, root);
  LoadOptions load;
  load.layout = blob.layout;
  const MigrationSet set = load_migrations({root.string()}, load);
  for (const Migration& m : set.migrations) {
    expect_inside(m.up, "an up");
    if (m.down)
      expect_inside(*m.down, "a down");
  }
  LintOptions options;
  options.threads = 1;
  try {
    (void)lint_migrations(set, options);
  } catch (const ErrorException&) {
    // a limit or unreadable input: exit 2, as the CLI reports it
  }
  return set.migrations.size();
}

} // namespace pgdrydock::fuzz
