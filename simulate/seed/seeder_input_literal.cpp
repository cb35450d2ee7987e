#include "simulate/seed/seeder_input_literal.h"

#include <array>
#include <optional>

#include <pqxx/pqxx>

namespace pgdrydock::seeding {

namespace {

// Literals that the input functions of common types without a generator accept: empty text
// and numbers (bit strings, tsquery-like words), geometric shapes (point, line, lseg, box,
// path, polygon, circle), pg_lsn and snapshot forms, array and record brackets.
constexpr std::array<const char*, 14> candidates = {
    "0",         "1",   "a",    "",   "(0,0)", "{1,2,3}", "((0,0),(1,1))",
    "<(0,0),1>", "0/0", "1:1:", "{}", "()",    "00",      "x"};

// What the server says about the type: the call of its input function with the column's
// typmod (COPY calls it so: an explicit cast would pad or cut a bit(3) where COPY rejects),
// its default, and for a composite type the number of its attributes.
struct TypeFacts {
  std::string input_call; // "bit_in($1::cstring, 0, 3)"
  std::optional<std::string> typdefault;
  long long attributes = 0;
};

TypeFacts read_type(pqxx::transaction_base& tx, const LiveType& type) {
  const pqxx::row row = tx.exec_params1(
      "SELECT t.typinput::regproc::text, p.pronargs, "
      "CASE WHEN t.typelem <> 0 THEN t.typelem ELSE t.oid END, t.typdefault, "
      "(SELECT count(*) FROM pg_attribute a WHERE t.typrelid <> 0 AND a.attrelid = t.typrelid "
      "AND a.attnum > 0 AND NOT a.attisdropped) "
      "FROM pg_type t JOIN pg_proc p ON p.oid = t.typinput WHERE t.oid = $1",
      type.oid);
  TypeFacts facts;
  // regproc's text is already quoted and qualified where needed.
  facts.input_call = row[0].as<std::string>() + "($1::cstring";
  const int arguments = row[1].as<int>();
  if (arguments >= 2)
    facts.input_call += ", " + row[2].as<std::string>() + "::oid";
  if (arguments >= 3)
    facts.input_call += ", " + std::to_string(type.typmod);
  facts.input_call += ")";
  if (!row[3].is_null())
    facts.typdefault = row[3].as<std::string>();
  facts.attributes = row[4].as<long long>();
  return facts;
}

// Whether the input function accepts `literal`; each try is a statement of its own
// (autocommit) so a rejection leaves nothing to roll back.
bool accepted(pqxx::nontransaction& tx, const std::string& input_call, const std::string& literal) {
  try {
    tx.exec_params("SELECT " + input_call, literal);
    return true;
  } catch (const pqxx::sql_error&) {
    return false;
  }
}

} // namespace

std::string find_input_literal(pqxx::connection_base& connection, const LiveColumn& column) {
  const LiveType& type = column.type;
  pqxx::nontransaction tx(connection, "input_literal");
  TypeFacts facts = read_type(tx, type);
  // A domain's CHECK constraints must hold too: the value is cast to the column's own type
  // (not for a composite: record_in returns `record`, which no cast turns into the type).
  if (!column.is_array && type.typtype != 'c')
    facts.input_call = "CAST(" + facts.input_call + " AS " + column.type_display + ")";
  std::vector<std::string> tries;
  if (facts.typdefault)
    tries.push_back(*facts.typdefault);
  if (facts.attributes > 0) // a record of NULL attributes: "(,,)" for three
    tries.push_back("(" + std::string(static_cast<size_t>(facts.attributes - 1), ',') + ")");
  tries.insert(tries.end(), candidates.begin(), candidates.end());
  if (type.typmod > 0 && type.typmod <= 1024) // a fixed length: bit(3) takes "000"
    tries.push_back(std::string(static_cast<size_t>(type.typmod), '0'));
  for (const std::string& literal : tries)
    if (accepted(tx, facts.input_call, literal))
      return literal;
  return {};
}

void make_literal_recipe(const LiveColumn& column, const std::string& literal, bool unique,
                         ValueRecipe& recipe) {
  recipe = ValueRecipe{};
  recipe.kind = ValueKind::Choice;
  recipe.choices = {literal};
  recipe.is_array = column.is_array;
  recipe.unique = unique;
  recipe.type_name = column.type.name;
  recipe.escape = needs_copy_escape(recipe);
}

} // namespace pgdrydock::seeding
