#include <fstream>
#include <stdexcept>

#include "case_file.h"

namespace pgdrydock::lockmodel {
namespace {

std::string trimmed(std::string s) {
  std::size_t b = s.find_first_not_of(" \t");
  std::size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

ExtraLock parse_lock(const std::string& key, const std::string& value, const std::string& where) {
  // "<relation> <LockMode> -- why"
  std::size_t sep = value.find(" -- ");
  std::string head = trimmed(value.substr(0, sep));
  std::size_t space = head.find(' ');
  if (space == std::string::npos || sep == std::string::npos)
    throw std::runtime_error(where + ": `" + key + ":` needs `<relation> <LockMode> -- why`");
  ExtraLock extra;
  extra.relation = head.substr(0, space);
  auto mode = lock_from_pg_name(trimmed(head.substr(space + 1)));
  if (!mode)
    throw std::runtime_error(where + ": unknown lock mode in `" + key + ":`");
  extra.mode = *mode;
  extra.why = trimmed(value.substr(sep + 4));
  return extra;
}

} // namespace

CaseFile read_case_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error(path + ": cannot read the case file");
  CaseFile file;
  std::string line;
  int number = 0;
  std::string section;
  while (std::getline(in, line)) {
    ++number;
    std::string where = path + ":" + std::to_string(number);
    if (line.rfind("# --- ", 0) == 0) {
      section = trimmed(line.substr(6));
      section = trimmed(section.substr(0, section.find(" ---")));
      continue;
    }
    if (trimmed(line).empty() || line[0] == '#')
      continue;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos)
      throw std::runtime_error(where + ": expected `key: value`");
    std::string key = trimmed(line.substr(0, colon));
    std::string value = trimmed(line.substr(colon + 1));
    if (key == "base") {
      file.base.push_back(value);
      continue;
    }
    if (key == "case") {
      file.cases.push_back(LockCase{});
      file.cases.back().title = value;
      file.cases.back().line = number;
      file.cases.back().section = section;
      continue;
    }
    if (file.cases.empty())
      throw std::runtime_error(where + ": `" + key + ":` before any `case:`");
    LockCase& c = file.cases.back();
    if (key == "setup")
      c.setup.push_back(value);
    else if (key == "sql")
      c.sql = value;
    else if (key == "expect")
      c.expect.push_back(parse_lock(key, value, where));
    else if (key == "also")
      c.also.push_back(parse_lock(key, value, where));
    else if (key == "timezone")
      c.timezone = value;
    else if (key == "rejects")
      c.rejects = value;
    else if (key == "autocommit")
      c.autocommit = value == "yes";
    else if (key == "blocker")
      c.blocker = value;
    else if (key == "pg_version")
      c.pg_version = std::stoi(value);
    else
      throw std::runtime_error(where + ": unknown key `" + key + "`");
  }
  for (const LockCase& c : file.cases)
    if (c.sql.empty())
      throw std::runtime_error(path + ":" + std::to_string(c.line) + ": case without `sql:`");
  return file;
}

} // namespace pgdrydock::lockmodel
