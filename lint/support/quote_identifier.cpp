#include "lint/support/quote_identifier.h"

#include "lint/sql_parser.h"

namespace pgdrydock {

namespace {

bool bare_characters(std::string_view name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$'))
      return false;
  return true;
}

} // namespace

std::string quote_identifier(std::string_view name) {
  if (bare_characters(name)) {
    const KeywordCategory category = keyword_category(name);
    if (category == KeywordCategory::NotAKeyword || category == KeywordCategory::Unreserved)
      return std::string(name);
  }
  std::string out = "\"";
  out.reserve(name.size() + 2);
  for (char c : name) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + "\"";
}

std::string quote_qualified(std::string_view schema, std::string_view name) {
  if (schema.empty())
    return quote_identifier(name);
  return quote_identifier(schema) + "." + quote_identifier(name);
}

} // namespace pgdrydock
