#include "case_prediction.h"

#include <optional>

#include "lint/catalog/apply.h"
#include "lint/catalog/catalog.h"
#include "lint/effects/catalog_hints.h"
#include "lint/effects/predict.h"
#include "lint/sql_parser.h"

namespace pgdrydock::lockmodel {

CasePrediction predict_case(const CaseFile& file, const LockCase& c, int pg_version) {
  Catalog catalog;
  catalog.trusted = true; // the base schema starts from an empty database
  ParseSession session;
  auto apply = [&](const std::string& sql) {
    if (ParseResult root = session.parse(sql))
      apply_statement(catalog, *root, sql);
  };
  for (const std::string& sql : file.base)
    apply(sql);
  for (const std::string& sql : c.setup)
    apply(sql);
  ParseResult root = session.parse(c.sql);
  if (!root)
    return {{}, {}, "does not parse: " + root.error().message};
  std::optional<std::string> time_zone;
  if (!c.timezone.empty())
    time_zone = c.timezone;
  EffectContext ctx{pg_version, nullptr, &time_zone};
  CasePrediction out;
  out.effects = predict_effects(*root, ctx, catalog_hints(&catalog));
  out.traits = statement_traits(*root, ctx);
  return out;
}

std::string model_refusal(const LockCase& c, const CasePrediction& p) {
  if (!p.error.empty())
    return p.error;
  if (!c.autocommit && p.traits.cannot_run_in_transaction)
    return "cannot run inside a transaction block";
  return {};
}

} // namespace pgdrydock::lockmodel
