// Reading and writing the statistics file. nlohmann::json parses it; a parse error carries a
// byte offset, which becomes a line. Structural mistakes (a missing key, a string where a number
// belongs) are reported at the line of the offending value, found by simdjson's On-Demand
// parser walking the (already valid) text to it, so a hand-edited file points the user to the
// spot.
#include "lint/table_stats.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "lint/sources/read_source.h"
#include "lint/support/error.h"

namespace pgdrydock {
namespace {

using nlohmann::json;

constexpr const char* kNote =
    "Catalog statistics only (pg_class sizes, pg_stats null_frac/avg_width/n_distinct/"
    "correlation, index definitions) and memory/WAL size settings. No row values: no "
    "most_common_vals, no histogram_bounds.";

// Bytes a heap tuple costs beyond its data (header + line pointer), and a page's usable bytes:
// enough to turn pages into rows when a table was never analysed.
constexpr double kTupleOverhead = 28;
constexpr double kPageBytes = 8168;

int line_of_offset(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

// Moves `value` to its member or element named by one path step; false when there is none.
bool descend(simdjson::ondemand::value& value, const std::string& step) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS)
    return false;
  if (type == simdjson::ondemand::json_type::array) {
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
    if (ec != std::errc{} || end != step.data() + step.size())
      return false;
    return value.at(index).get(value) == simdjson::SUCCESS;
  }
  if (type != simdjson::ondemand::json_type::object)
    return false;
  simdjson::ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS)
    return false;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS)
      return false;
    if (key == step)
      return field.value().get(value) == simdjson::SUCCESS;
  }
  return false;
}

// The 1-based line where the value at `path` (object keys and array indexes, as strings) starts
// in a valid JSON text; 0 when not found. nlohmann::json keeps no positions, so simdjson's
// On-Demand parser walks to the value and tells where its first byte lies in the text.
int line_of_path(const std::string& text, const std::vector<std::string>& path) {
  if (path.empty())
    return 1;
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(text);
  simdjson::ondemand::document document;
  simdjson::ondemand::value value;
  if (parser.iterate(padded).get(document) != simdjson::SUCCESS ||
      document.get_value().get(value) != simdjson::SUCCESS)
    return 0;
  for (const std::string& step : path)
    if (!descend(value, step))
      return 0;
  const std::string_view token = value.raw_json_token();
  return line_of_offset(text, static_cast<std::size_t>(token.data() - padded.data()));
}

// Reads typed values out of the parsed document, naming the path and line of any mistake.
class Reader {
public:
  Reader(const std::string& path, const std::string& text) : path_(path), text_(text) {}

  [[noreturn]] void fail(const std::vector<std::string>& where, const std::string& message) const {
    std::string dotted;
    for (const auto& step : where)
      dotted += (dotted.empty() || std::isdigit(static_cast<unsigned char>(step[0])) ? "" : ".") +
                (std::isdigit(static_cast<unsigned char>(step[0])) ? "[" + step + "]" : step);
    // A missing key has no line of its own: point at the object that lacks it.
    std::vector<std::string> probe = where;
    int line = line_of_path(text_, probe);
    while (line == 0 && !probe.empty()) {
      probe.pop_back();
      line = line_of_path(text_, probe);
    }
    throw ErrorException(Error{
        path_, line, 0,
        fmt::format("statistics file: {}: {}", dotted.empty() ? "top level" : dotted, message)});
  }

  const json& member(const json& object, std::vector<std::string> where, const char* key) const {
    where.push_back(key);
    const auto it = object.find(key);
    if (it == object.end())
      fail(where, "missing");
    return *it;
  }

  std::string string(const json& object, std::vector<std::string> where, const char* key,
                     bool required = true) const {
    if (!required && !object.contains(key))
      return {};
    const json& value = member(object, where, key);
    where.push_back(key);
    if (!value.is_string())
      fail(where, "must be a string");
    return value.get<std::string>();
  }

  double number(const json& object, std::vector<std::string> where, const char* key,
                bool required = true, double fallback = 0) const {
    if (!required && !object.contains(key))
      return fallback;
    const json& value = member(object, where, key);
    where.push_back(key);
    if (!value.is_number())
      fail(where, "must be a number");
    return value.get<double>();
  }

  // Sizes and page counts: whole, 0..2^63-1. Integers read as integers (a double cannot hold
  // 2^63-1); a double converts only when whole and below 2^63: never undefined.
  std::int64_t integer(const json& object, std::vector<std::string> where, const char* key) const {
    const json& value = member(object, where, key);
    where.push_back(key);
    if (!value.is_number())
      fail(where, "must be a number");
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    if (value.is_number_unsigned()) {
      if (value.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMax))
        return static_cast<std::int64_t>(value.get<std::uint64_t>());
    } else if (value.is_number_integer()) {
      if (value.get<std::int64_t>() >= 0)
        return value.get<std::int64_t>();
    } else if (const double d = value.get<double>();
               d == std::floor(d) && d >= 0 && d < 9223372036854775808.0 /* 2^63 */) {
      return static_cast<std::int64_t>(d);
    }
    fail(where, fmt::format("must be a whole number from 0 to {}, not {}", kMax, value.dump()));
  }

  const json& array(const json& object, std::vector<std::string> where, const char* key) const {
    const json& value = member(object, where, key);
    where.push_back(key);
    if (!value.is_array())
      fail(where, "must be a list");
    return value;
  }

  void object(const json& value, const std::vector<std::string>& where) const {
    if (!value.is_object())
      fail(where, "must be an object");
  }

private:
  const std::string& path_;
  const std::string& text_;
};

ColumnStats read_column(const Reader& r, const json& j, const std::vector<std::string>& where) {
  r.object(j, where);
  ColumnStats c;
  c.name = r.string(j, where, "name");
  c.type = r.string(j, where, "type");
  c.has_statistics = j.contains("has_statistics") && j["has_statistics"].is_boolean()
                         ? j["has_statistics"].get<bool>()
                         : true;
  c.null_frac = r.number(j, where, "null_frac", c.has_statistics);
  c.avg_width = r.number(j, where, "avg_width", c.has_statistics);
  c.n_distinct = r.number(j, where, "n_distinct", c.has_statistics);
  c.correlation = r.number(j, where, "correlation", false);
  if (c.null_frac < 0 || c.null_frac > 1) {
    auto at = where;
    at.push_back("null_frac");
    r.fail(at, "must be between 0 and 1");
  }
  return c;
}

TableStats read_table(const Reader& r, const json& j, const std::vector<std::string>& where) {
  r.object(j, where);
  TableStats t;
  t.schema = r.string(j, where, "schema");
  t.name = r.string(j, where, "name");
  t.reltuples = r.number(j, where, "reltuples");
  t.relpages = r.integer(j, where, "relpages");
  t.total_bytes = r.integer(j, where, "total_bytes");
  t.table_bytes = r.integer(j, where, "table_bytes");
  t.index_bytes = r.integer(j, where, "index_bytes");
  const json& columns = r.array(j, where, "columns");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    auto at = where;
    at.insert(at.end(), {"columns", std::to_string(i)});
    t.columns.push_back(read_column(r, columns[i], at));
  }
  if (j.contains("indexes")) {
    const json& indexes = r.array(j, where, "indexes");
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      auto at = where;
      at.insert(at.end(), {"indexes", std::to_string(i)});
      r.object(indexes[i], at);
      IndexStats index;
      index.name = r.string(indexes[i], at, "name");
      index.definition = r.string(indexes[i], at, "definition");
      index.bytes = r.integer(indexes[i], at, "bytes");
      t.indexes.push_back(std::move(index));
    }
  }
  return t;
}

// One identifier of a possibly qualified name: "Quoted"."x" keeps case, bare words fold.
std::vector<std::string> split_qualified(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        parts.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.emplace_back();
    } else {
      parts.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return parts;
}

} // namespace

double TableStats::rows() const {
  if (reltuples >= 0)
    return reltuples;
  if (relpages <= 0)
    return 0;
  double width = kTupleOverhead;
  for (const auto& c : columns)
    width += c.avg_width > 0 ? c.avg_width : 8;
  return std::floor(static_cast<double>(relpages) * kPageBytes / width);
}

const ColumnStats* TableStats::column(std::string_view column_name) const {
  for (const auto& c : columns)
    if (c.name == column_name)
      return &c;
  return nullptr;
}

const TableStats* StatsFile::find(std::string_view schema, std::string_view table) const {
  for (const auto& t : tables)
    if (t.schema == schema && t.name == table)
      return &t;
  return nullptr;
}

const TableStats* StatsFile::find(std::string_view qualified_or_bare) const {
  const auto parts = split_qualified(qualified_or_bare);
  if (parts.size() == 2)
    return find(parts[0], parts[1]);
  if (parts.size() != 1)
    return nullptr;
  if (const TableStats* in_public = find("public", parts[0]))
    return in_public;
  const TableStats* found = nullptr;
  for (const auto& t : tables) {
    if (t.name != parts[0])
      continue;
    if (found)
      return nullptr; // ambiguous: the same name in several schemas
    found = &t;
  }
  return found;
}

namespace {

// Every problem unwinds to load_stats_file() (the reader's nesting is deep and the first
// problem ends the read), which returns it as an Error.
StatsFile read_stats_file(const std::string& path) {
  const std::string text = value_or_throw(sources::read_regular_file(
      path, path, sources::file_size_limits().file, "a statistics file (JSON)"));

  json document;
  // The last key read: a number too large for a double (`1e400`) fails inside the parse.
  std::string last_key;
  const json::parser_callback_t remember_key = [&last_key](int, json::parse_event_t event,
                                                           json& parsed) {
    if (event == json::parse_event_t::key && parsed.is_string())
      last_key = parsed.get<std::string>();
    return true;
  };
  try {
    document = json::parse(text, remember_key);
  } catch (const json::out_of_range& e) {
    // "number overflow parsing '1e400'": the quoted token is the value as written.
    const std::string what = e.what();
    const auto open = what.find('\'');
    const auto close = what.rfind('\'');
    const std::string value =
        open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : "";
    const auto at = value.empty() ? std::string::npos : text.find(value);
    throw ErrorException(
        Error{path, at == std::string::npos ? 0 : line_of_offset(text, at), 0,
              fmt::format("statistics file: {}: number {} is out of range", last_key, value)});
  } catch (const json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    if (const auto at = what.find("; "); at != std::string::npos)
      what = what.substr(at + 2);
    throw ErrorException(
        Error{path, line_of_offset(text, offset), 0, "statistics file is not valid JSON: " + what});
  }

  const Reader r(path, text);
  r.object(document, {});
  StatsFile stats;
  stats.source_path = path;
  const json& version = r.member(document, {}, "format_version");
  if (!version.is_number_integer() || version.get<int>() != StatsFile::kFormatVersion)
    r.fail({"format_version"},
           fmt::format("unsupported version {} (this pgdrydock reads version {}; collect it again "
                       "with `pgdrydock stats`)",
                       version.dump(), StatsFile::kFormatVersion));
  stats.server_version = r.string(document, {}, "server_version", false);
  stats.collected_at = r.string(document, {}, "collected_at", false);
  if (document.contains("settings")) {
    const json& settings = document["settings"];
    r.object(settings, {"settings"});
    for (const auto& [name, value] : settings.items())
      stats.settings[name] = r.string(settings, {"settings"}, name.c_str());
  }
  const json& tables = r.array(document, {}, "tables");
  for (std::size_t i = 0; i < tables.size(); ++i)
    stats.tables.push_back(read_table(r, tables[i], {"tables", std::to_string(i)}));
  return stats;
}

} // namespace

Expected<StatsFile> load_stats_file(const std::string& path) {
  try {
    return read_stats_file(path);
  } catch (const ErrorException& e) {
    return fail(e.error());
  }
}

std::string stats_file_to_json(const StatsFile& stats) {
  // ordered_json keeps the keys in the order written: version and note first, where a reader
  // looks, then each table's name before its numbers.
  using ordered = nlohmann::ordered_json;
  ordered tables = ordered::array();
  for (const auto& t : stats.tables) {
    ordered columns = ordered::array();
    for (const auto& c : t.columns)
      columns.push_back({{"name", c.name},
                         {"type", c.type},
                         {"has_statistics", c.has_statistics},
                         {"null_frac", c.null_frac},
                         {"avg_width", c.avg_width},
                         {"n_distinct", c.n_distinct},
                         {"correlation", c.correlation}});
    ordered indexes = ordered::array();
    for (const auto& index : t.indexes)
      indexes.push_back(
          {{"name", index.name}, {"definition", index.definition}, {"bytes", index.bytes}});
    tables.push_back({{"schema", t.schema},
                      {"name", t.name},
                      {"reltuples", t.reltuples},
                      {"relpages", t.relpages},
                      {"total_bytes", t.total_bytes},
                      {"table_bytes", t.table_bytes},
                      {"index_bytes", t.index_bytes},
                      {"columns", std::move(columns)},
                      {"indexes", std::move(indexes)}});
  }
  ordered out;
  out["format_version"] = stats.format_version;
  out["note"] = kNote;
  out["server_version"] = stats.server_version;
  out["collected_at"] = stats.collected_at;
  if (!stats.settings.empty())
    out["settings"] = stats.settings;
  out["tables"] = std::move(tables);
  return out.dump(2) + "\n";
}

} // namespace pgdrydock
