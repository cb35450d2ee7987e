#include "lint/catalog/replay.h"

#include <algorithm>
#include <functional>

#include "lint/catalog/apply.h"
#include "lint/catalog/references.h"
#include "lint/plpgsql_body.h"
#include "lint/sources/read_source.h"
#include "lint/sql_parser.h"
#include "lint/statement.h"
#include "lint/support/error.h"

namespace pgdrydock {

namespace {
// A snapshot handed to the lint's worker threads: its lookups are brought up to date first, so
// that the threads' reads of them change nothing (lint/catalog/lookups.h).
std::shared_ptr<const Catalog> snapshot(const Catalog& catalog) {
  catalog.refresh_lookups();
  return std::make_shared<const Catalog>(catalog);
}

// What a replay does with the names a statement uses that the catalog lacks.
enum class Unknown {
  Ignore, // nobody reads the count: skip the walk (the replay of a history's later migrations)
  Count,  // replay_script's return value
  Stop,   // stop at the first statement naming one (the rest is left unapplied: only the
          // verdict "names something unknown" was wanted)
};

int replay_until(Catalog& catalog, const Script& script, ParseSession& parser, Unknown unknowns) {
  int unknown = 0;
  CatalogSession session(catalog);
  // Recursive: what a DO block runs changes the catalog as the lint driver's replay sees it.
  std::function<void(Statement&)> replay = [&](Statement& st) {
    if (st.syntax_error || st.dynamic_execute || (unknowns == Unknown::Stop && unknown > 0))
      return;
    ParseResult root = parser.parse(st.text());
    if (!root)
      return;
    if (unknowns != Unknown::Ignore) {
      bool trusted = catalog.trusted;
      catalog.trusted = true; // count what is missing whatever the verdict on trust
      unknown += static_cast<int>(find_unknown_objects(catalog, *root).size());
      catalog.trusted = trusted;
    }
    session.apply(*root, st.text(), st.location);
    if (root->kind() == "DoStmt")
      for (Statement& nested : do_block_contents(st, *root, parser).statements)
        replay(nested);
  };
  for_each_statement(script.file, script.begin, script.end, [&](Statement& st) { replay(st); });
  parser.release_large_tree(); // the script is replayed: nothing reads its trees any more
  return unknown;
}
} // namespace

int replay_script(Catalog& catalog, const Script& script, ParseSession& parser) {
  return replay_until(catalog, script, parser, Unknown::Count);
}

std::vector<std::shared_ptr<const Catalog>>
replay_history(const std::vector<Migration>& migrations,
               const std::shared_ptr<const Catalog>& start, std::size_t first_needed) {
  return replay_history(std::span<const Migration>(migrations), start, first_needed, {});
}

std::vector<std::shared_ptr<const Catalog>>
replay_history(std::span<const Migration> migrations, const std::shared_ptr<const Catalog>& start,
               std::size_t first_needed, const UpScriptPass& pass, const ReplayResume& resume) {
  std::vector<std::shared_ptr<const Catalog>> out(migrations.size() + 1);
  Catalog catalog = resume.catalog ? *resume.catalog : start ? *start : Catalog{};
  if (start && !resume.catalog)
    catalog.trusted = true;
  ParseSession parser;
  auto taken = [&](std::size_t i) { return pass.takes && pass.takes(i); };
  auto keep = [&](std::size_t i) {
    if (pass.snapshot)
      pass.snapshot(i, snapshot(catalog));
    else
      out[i] = snapshot(catalog);
  };
  std::size_t i = 0;
  if (resume.catalog) {
    i = std::min(resume.at, migrations.size());
  } else if (!start && !migrations.empty()) {
    // The history is trusted when its first up names nothing it did not create. That up is
    // replayed into a copy first, so that a pass linting it already sees the verdict; then the
    // first unknown name settles it and the rest need not be read.
    const bool linted = taken(0);
    Catalog after_first = catalog;
    const bool trusted = replay_until(after_first, migrations[0].up, parser,
                                      linted ? Unknown::Stop : Unknown::Count) == 0;
    catalog.trusted = trusted;
    if (first_needed == 0)
      keep(0);
    if (linted)
      pass.run(0, catalog, parser);
    else
      catalog = std::move(after_first);
    catalog.trusted = trusted;
    i = 1;
  }
  for (; i < migrations.size(); ++i) {
    if (i >= first_needed)
      keep(i);
    if (taken(i))
      pass.run(i, catalog, parser);
    else // only the first migration's count judges trust: the rest need no walk for it
      replay_until(catalog, migrations[i].up, parser, Unknown::Ignore);
  }
  keep(migrations.size());
  return out;
}

Expected<Catalog> load_schema_dump_text(const std::string& display_path, std::string content) {
  auto file = std::make_shared<const SourceFile>(display_path, std::move(content));
  Catalog catalog;
  ParseSession parser;
  std::optional<Error> unreadable; // the first statement that does not parse ends the read
  for_each_statement(file, 0, file->content().size(), [&](Statement& st) {
    if (unreadable || st.psql_meta)
      return; // meta-commands (\\restrict, \\connect) are psql's; COPY rows are skipped too
    SyntaxError err;
    std::optional<Node> root;
    if (!st.syntax_error) {
      if (ParseResult parsed = parser.parse(st.text()))
        root = *parsed;
      else
        err = parsed.error();
    }
    if (!root) {
      SourceLocation at =
          st.syntax_error ? st.error_location : file->location(st.begin + err.byte_offset);
      unreadable = Error{display_path, at.line, at.column,
                         "--schema: cannot read this pg_dump statement: " +
                             (st.syntax_error ? *st.syntax_error : err.message)};
      return;
    }
    apply_statement(catalog, *root, st.text(), st.location);
  });
  if (unreadable)
    return fail(std::move(*unreadable));
  // The dump ran with an empty search_path; migrations run with the default one.
  catalog.search_path = {"public"};
  catalog.trusted = true;
  return catalog;
}

Expected<std::string> read_schema_dump(const std::string& path) {
  Expected<std::string> text = sources::read_regular_file(
      path, path, sources::file_size_limits().schema, "a pg_dump --schema-only file");
  if (!text)
    text.error().message = "--schema: " + text.error().message;
  return text;
}

Expected<Catalog> load_schema_dump(const std::string& path) {
  Expected<std::string> text = read_schema_dump(path);
  if (!text)
    return fail(std::move(text.error()));
  return load_schema_dump_text(path, std::move(*text));
}

} // namespace pgdrydock
