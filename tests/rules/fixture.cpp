#include "tests/rules/fixture.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "lint/lint_driver.h"
#include "lint/rule_registry.h"
#include "lint/statement.h"
#include "lint/support/text.h"

namespace pgdrydock::fixture {
namespace {

namespace fs = std::filesystem;

// The text after `prefix` when the trimmed line starts with it.
std::optional<std::string_view> directive(std::string_view line, std::string_view prefix) {
  std::string_view t = trim_blanks(line);
  if (!t.starts_with(prefix))
    return std::nullopt;
  return trim_blanks(t.substr(prefix.size()));
}

struct Line {
  std::size_t begin = 0; // byte offset of the line start
  std::size_t end = 0;   // one past its last byte, newline included
  int number = 0;
  std::string_view text; // without the newline
};

std::vector<Line> split_lines(std::string_view content) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  int number = 1;
  while (pos < content.size()) {
    std::size_t nl = content.find('\n', pos);
    std::size_t stop = nl == std::string_view::npos ? content.size() : nl + 1;
    std::size_t text_end = nl == std::string_view::npos ? content.size() : nl;
    lines.push_back({pos, stop, number++, content.substr(pos, text_end - pos)});
    pos = stop;
  }
  return lines;
}

std::optional<TransactionMode> mode_from_setting(std::string_view v) {
  if (v == "autocommit")
    return TransactionMode::Autocommit;
  if (v == "transaction")
    return TransactionMode::RunnerWrapped;
  if (v == "implicit")
    return TransactionMode::ImplicitMulti;
  return std::nullopt;
}

// "old server pg_version=10 mode=transaction" -> name "old server" and settings.
void parse_case_header(std::string_view header, const std::string& where, FixtureCase& c,
                       std::vector<std::string>& errors) {
  std::istringstream words{std::string(header)};
  std::string word;
  while (words >> word) {
    auto eq = word.find('=');
    // Only key=value is a setting; a lone "=" or "a=" stays part of the name.
    if (eq == std::string::npos || eq == 0 || eq + 1 == word.size()) {
      c.name += (c.name.empty() ? "" : " ") + word;
      continue;
    }
    std::string key = word.substr(0, eq);
    std::string value = word.substr(eq + 1);
    if (key == "pg_version") {
      try {
        c.settings.pg_version = std::stoi(value);
      } catch (const std::exception&) {
        errors.push_back(fmt::format("{}: pg_version must be a number, got '{}'", where, value));
      }
    } else if (key == "mode") {
      if (auto m = mode_from_setting(value))
        c.settings.mode = *m;
      else
        errors.push_back(fmt::format(
            "{}: mode must be autocommit, transaction or implicit, got '{}'", where, value));
    } else if (key == "layout") {
      if (auto l = layout_from_string(value))
        c.settings.layout = *l;
      else
        errors.push_back(fmt::format("{}: unknown layout '{}'", where, value));
    } else {
      errors.push_back(
          fmt::format("{}: unknown case setting '{}' (pg_version, mode, layout)", where, key));
    }
  }
  if (c.name.empty())
    errors.push_back(fmt::format("{}: a case needs a name", where));
}

bool is_comment_line(std::string_view text) {
  return trim_blanks(text).starts_with("--");
}

// Ties each `-- expect:` line in [range) to the statement that starts right below it.
void attach_expectations(const Fixture& f, const ByteRange& range, const std::vector<Line>& lines,
                         std::vector<Expectation>& pending, FixtureCase& c,
                         std::vector<std::string>& errors) {
  std::vector<int> starts;
  std::vector<std::pair<int, int>> do_blocks; // first and last line: their statements are linted
  for_each_statement(f.file, range.begin, range.end, [&](Statement& st) {
    starts.push_back(st.location.line);
    if (lowercase_ascii(st.text().substr(0, 3)).starts_with("do"))
      do_blocks.emplace_back(st.location.line, f.file->position(st.end).line);
  });
  for (Expectation& e : pending) {
    auto next = std::upper_bound(starts.begin(), starts.end(), e.line);
    bool only_comments_between = next != starts.end();
    if (only_comments_between)
      for (int n = e.line + 1; n < *next; ++n)
        if (!is_comment_line(lines[static_cast<std::size_t>(n - 1)].text))
          only_comments_between = false;
    // Inside a DO block: the statement of the body that starts on the next non-comment line.
    int body_line = e.line + 1;
    while (body_line <= static_cast<int>(lines.size()) &&
           is_comment_line(lines[static_cast<std::size_t>(body_line - 1)].text))
      ++body_line;
    bool in_do_block = std::any_of(do_blocks.begin(), do_blocks.end(), [&](auto block) {
      return e.line > block.first && body_line <= block.second;
    });
    if (in_do_block) {
      e.target_line = body_line;
      c.statement_expects.push_back(e);
      continue;
    }
    if (!only_comments_between) {
      errors.push_back(fmt::format("{}:{}: `-- expect: {}` is not right above a statement "
                                   "(only comment lines may sit between)",
                                   f.file->path(), e.line, e.rule));
      continue;
    }
    e.target_line = *next;
    c.statement_expects.push_back(e);
  }
  pending.clear();
}

std::string excerpt(std::string_view text) {
  std::string one_line;
  for (char ch : text.substr(0, 80))
    one_line += ch == '\n' ? ' ' : ch;
  if (text.size() > 80)
    one_line += "...";
  return one_line;
}

std::string describe(const std::vector<const Finding*>& fs) {
  std::string out;
  for (const Finding* f : fs)
    out += fmt::format("\n    got: {} ({})", f->message, to_string(f->severity));
  return out;
}

bool kind_counts_as_negative(const Rule* rule, std::string_view kind) {
  if (!rule)
    return false;
  auto kinds = rule->statement_kinds();
  if (kinds.empty())
    return kind != "TransactionStmt" && kind != "VariableSetStmt";
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

Migration case_migration(const Fixture& f, const FixtureCase& c, int index) {
  Migration m;
  m.version = std::to_string(index + 1);
  m.name = c.name;
  m.layout = c.settings.layout;
  m.runner = "fixture";
  m.up = Script{f.file, c.up.begin, c.up.end, c.settings.mode, "fixture case setting"};
  if (c.down)
    m.down = Script{f.file, c.down->begin, c.down->end, c.settings.mode, "fixture"};
  return m;
}

} // namespace

std::string fixtures_dir() {
  return PGDRYDOCK_SOURCE_DIR "/rules/fixtures";
}
std::string docs_dir() {
  return PGDRYDOCK_SOURCE_DIR "/rules/docs";
}

std::vector<std::string> fixture_paths() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fixtures_dir(), ec))
    if (entry.is_regular_file() && entry.path().extension() == ".sql")
      out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

Fixture parse_fixture(const std::string& display_path, std::string content) {
  Fixture f;
  f.rule_id = fs::path(display_path).stem().string();
  f.file = std::make_shared<const SourceFile>(display_path, std::move(content));
  std::string_view text = f.file->content();
  std::vector<Line> lines = split_lines(text);
  bool has_cases = std::any_of(lines.begin(), lines.end(),
                               [](const Line& l) { return directive(l.text, "-- case:"); });

  // The case being read; GCC's -Wmaybe-uninitialized misfires on std::optional<FixtureCase>.
  FixtureCase current;
  bool have_case = false;
  bool in_down = false;
  std::vector<Expectation> pending; // expects of the script being read
  auto where = [&](const Line& l) { return fmt::format("{}:{}", display_path, l.number); };
  auto close_script = [&](std::size_t at) {
    ByteRange& r = in_down ? *current.down : current.up;
    r.end = at;
    attach_expectations(f, r, lines, pending, current, f.errors);
  };
  auto close_case = [&](std::size_t at) {
    if (!have_case)
      return;
    close_script(at);
    f.cases.push_back(std::move(current));
    current = FixtureCase{};
    have_case = false;
  };
  if (!has_cases) {
    have_case = true;
    current.name = "whole file";
    current.line = 1;
    current.up = {0, text.size()};
  }

  for (const Line& l : lines) {
    if (auto header = directive(l.text, "-- case:")) {
      close_case(l.begin);
      have_case = true;
      current.line = l.number;
      current.up = {l.end, l.end};
      in_down = false;
      parse_case_header(*header, where(l), current, f.errors);
      continue;
    }
    if (!have_case) {
      if (directive(l.text, "-- expect") || directive(l.text, "-- down:"))
        f.errors.push_back(where(l) + ": directive before the first `-- case:` line");
      else if (!trim_blanks(l.text).empty() && !is_comment_line(l.text))
        f.errors.push_back(where(l) + ": SQL before the first `-- case:` line");
      continue;
    }
    if (trim_blanks(l.text) == "-- down:") {
      if (in_down) {
        f.errors.push_back(where(l) + ": a second `-- down:` in one case");
        continue;
      }
      close_script(l.begin);
      in_down = true;
      current.down = ByteRange{l.end, l.end};
      continue;
    }
    if (auto rule = directive(l.text, "-- expect-migration:")) {
      current.migration_expects.push_back({std::string(*rule), l.number, 0});
    } else if (auto r = directive(l.text, "-- expect:")) {
      if (r->empty())
        f.errors.push_back(where(l) + ": `-- expect:` needs a rule id");
      else
        pending.push_back({std::string(*r), l.number, 0});
    }
  }
  close_case(text.size());
  return f;
}

Fixture load_fixture(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string display = path;
  std::string root = PGDRYDOCK_SOURCE_DIR "/";
  if (display.starts_with(root))
    display = display.substr(root.size());
  Fixture f = parse_fixture(display, buf.str());
  if (!in)
    f.errors.push_back(path + ": cannot read the fixture");
  return f;
}

CaseOutcome run_case(const Fixture& f, const FixtureCase& c) {
  CaseOutcome out;
  const Rule* rule = RuleRegistry::instance().find(f.rule_id);
  LintOptions options;
  options.pg_version = c.settings.pg_version;
  options.rules.only = {f.rule_id};
  options.keep_all_statements = true;
  options.threads = 1;
  int index = static_cast<int>(&c - f.cases.data());
  MigrationResult result = lint_migration(case_migration(f, c, index), options);

  std::map<int, int> expected_at; // statement first line -> findings expected
  for (const Expectation& e : c.statement_expects) {
    if (e.rule != f.rule_id)
      out.mismatches.push_back(fmt::format("{}:{}: expects `{}` but this fixture checks only `{}`",
                                           f.file->path(), e.line, e.rule, f.rule_id));
    else
      ++expected_at[e.target_line];
  }

  for (const ScriptResult& script : result.scripts) {
    for (const StatementResult& sr : script.statements) {
      std::vector<const Finding*> got;
      for (const Finding& fd : sr.findings)
        if (fd.rule_id == f.rule_id)
          got.push_back(&fd);
      for (const Finding* fd : got)
        if (fd->message.empty() || fd->recipe.empty())
          out.findings_without_recipe.push_back(
              fmt::format("{}:{}", f.file->path(), sr.location.line));
      int want = 0;
      if (auto it = expected_at.find(sr.location.line); it != expected_at.end()) {
        want = it->second;
        expected_at.erase(it);
      }
      if (want > 0)
        out.statement_positives += 1;
      else if (kind_counts_as_negative(rule, sr.kind))
        out.statement_negatives += 1;
      if (static_cast<int>(got.size()) != want)
        out.mismatches.push_back(
            fmt::format("{}:{}: case '{}': expected {} finding(s) of {}, got {} for `{}`{}",
                        f.file->path(), sr.location.line, c.name, want, f.rule_id, got.size(),
                        excerpt(sr.text), describe(got)));
    }
  }
  for (const auto& [line, n] : expected_at)
    out.mismatches.push_back(fmt::format("{}:{}: case '{}': {} expectation(s) for a statement the "
                                         "linter did not report",
                                         f.file->path(), line, c.name, n));

  int want_migration = 0;
  for (const Expectation& e : c.migration_expects) {
    if (e.rule == f.rule_id)
      ++want_migration;
    else
      out.mismatches.push_back(fmt::format("{}:{}: expects `{}` but this fixture checks only `{}`",
                                           f.file->path(), e.line, e.rule, f.rule_id));
  }
  std::vector<const Finding*> got_migration;
  for (const Finding& fd : result.findings)
    if (fd.rule_id == f.rule_id)
      got_migration.push_back(&fd);
  for (const Finding* fd : got_migration)
    if (fd->message.empty() || fd->recipe.empty())
      out.findings_without_recipe.push_back(fmt::format("{}:{}", f.file->path(), c.line));
  if (want_migration > 0)
    ++out.migration_positives;
  else
    ++out.migration_negatives;
  if (static_cast<int>(got_migration.size()) != want_migration)
    out.mismatches.push_back(fmt::format("{}:{}: case '{}': expected {} migration-level finding(s) "
                                         "of {}, got {}{}",
                                         f.file->path(), c.line, c.name, want_migration, f.rule_id,
                                         got_migration.size(), describe(got_migration)));
  return out;
}

CaseOutcome run_fixture(const Fixture& f) {
  CaseOutcome total;
  for (const FixtureCase& c : f.cases) {
    CaseOutcome o = run_case(f, c);
    total.mismatches.insert(total.mismatches.end(), o.mismatches.begin(), o.mismatches.end());
    total.statement_positives += o.statement_positives;
    total.statement_negatives += o.statement_negatives;
    total.migration_positives += o.migration_positives;
    total.migration_negatives += o.migration_negatives;
    total.findings_without_recipe.insert(total.findings_without_recipe.end(),
                                         o.findings_without_recipe.begin(),
                                         o.findings_without_recipe.end());
  }
  return total;
}

MigrationResult lint_sql(const std::string& up, CaseSettings settings,
                         std::optional<std::string> down) {
  Migration m;
  m.version = "1";
  m.name = "unit";
  m.runner = "test";
  m.layout = settings.layout;
  auto up_file = std::make_shared<const SourceFile>("up.sql", up);
  m.up = Script{up_file, 0, up.size(), settings.mode, "test"};
  if (down) {
    auto down_file = std::make_shared<const SourceFile>("down.sql", *down);
    m.down = Script{down_file, 0, down->size(), settings.mode, "test"};
  }
  LintOptions options;
  options.pg_version = settings.pg_version;
  options.threads = 1;
  return lint_migration(m, options);
}

std::vector<Finding> findings_of(const MigrationResult& result, std::string_view rule) {
  std::vector<Finding> out;
  for (const ScriptResult& s : result.scripts)
    for (const StatementResult& st : s.statements)
      for (const Finding& f : st.findings)
        if (f.rule_id == rule)
          out.push_back(f);
  for (const Finding& f : result.findings)
    if (f.rule_id == rule)
      out.push_back(f);
  return out;
}

} // namespace pgdrydock::fixture
