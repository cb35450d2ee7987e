#include "locks_doc.h"

#include <fmt/format.h>

#include "case_prediction.h"

namespace pgdrydock::lockmodel {
namespace {

// A table cell: pipes would end the cell, newlines the row.
std::string cell(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '\n')
      out += ' ';
    else
      out += ch;
  }
  return out;
}

std::string short_mode(LockMode mode) {
  std::string name = pg_lock_name(mode);
  return name.substr(0, name.size() - 4); // "ShareLock" -> "Share"
}

std::string flags(const Effect& e) {
  std::string out = e.rewrite ? "rewrite" : "";
  if (e.scan)
    out += out.empty() ? "scan" : ", scan";
  if (e.creates)
    out += out.empty() ? "new" : ", new";
  return out;
}

void write_case(const CaseFile& file, const LockCase& c, int major, std::string& out) {
  CasePrediction p = predict_case(file, c, major);
  std::string statement = fmt::format("`{}`", cell(c.sql));
  if (!c.timezone.empty())
    statement += fmt::format(" (TimeZone {})", cell(c.timezone));
  if (!c.setup.empty())
    statement += " (after: " + cell(c.setup.back()) + (c.setup.size() > 1 ? " …" : "") + ")";
  if (!c.rejects.empty()) {
    out +=
        fmt::format("| {} | — | refused: {} | | {} |\n", statement, cell(c.rejects), cell(c.title));
    return;
  }
  bool first = true;
  auto row = [&](const std::string& relation, const std::string& mode, const std::string& what,
                 const std::string& why) {
    out += fmt::format("| {} | {} | {} | {} | {} |\n", first ? statement : "", cell(relation), mode,
                       what, cell(why));
    first = false;
  };
  for (const Effect& e : p.effects)
    row(e.relation, short_mode(e.lock), flags(e), e.why.empty() ? "named" : e.why);
  for (const ExtraLock& extra : c.also)
    row(extra.relation, short_mode(extra.mode), "depends", extra.why);
  if (first)
    row("(none)", "", "", c.title);
}

} // namespace

std::string render_locks_doc(const CaseFile& file, int verified_major) {
  std::string out = fmt::format(
      "<!-- Generated from tests/lockmodel/cases.txt: do not edit. Regenerate with\n"
      "     {} -->\n"
      "# What a statement locks\n\n"
      "Every row below is a case of `tests/lockmodel/cases.txt` that `test_lockmodel` runs on a "
      "real PostgreSQL {} (a fresh copy of the cases' base schema each time): the locks "
      "`pg_locks` shows in the statement's own transaction, and `relfilenode` before and after "
      "for rewrites. The modes are what pgdrydock's lock model predicts, and the test fails "
      "when the server disagrees.\n\n"
      "Columns: **relation** as the server names it; **mode** the strongest table lock held "
      "until the end of the transaction; **effect**: `rewrite` (new data files), `scan` (the "
      "whole table is read), `new` (created by the statement, so no one else waits on it), "
      "`depends` (taken when the data or a state the model cannot see says so); **why** the "
      "relation is locked when the statement does not name it (`named`: it does).\n\n"
      "The base schema of the cases:\n\n```sql\n",
      kRegenerateLocksDoc, verified_major);
  for (const std::string& sql : file.base)
    out += sql + "\n";
  out += "```\n";
  std::string section;
  for (const LockCase& c : file.cases) {
    if (c.pg_version && c.pg_version != verified_major)
      continue;
    if (c.section != section || (section.empty() && &c == &file.cases.front())) {
      section = c.section;
      out += fmt::format("\n## {}\n\n| statement | relation | mode | effect | why |\n"
                         "|---|---|---|---|---|\n",
                         section.empty() ? "Statements" : section);
    }
    write_case(file, c, verified_major, out);
  }
  return out;
}

} // namespace pgdrydock::lockmodel
