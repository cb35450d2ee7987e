// Parses one statement with the real libpg_query and renders its predicted effects as short
// sorted strings ("public.t AccessExclusiveLock rewrite scan creates"), so a test reads as
// statement -> expected effects.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lint/effects/predict.h"
#include "lint/sql_parser.h"

namespace pgdrydock::testing {

inline std::string render(const Effect& e) {
  std::string s = e.relation + " " + pg_lock_name(e.lock);
  if (e.rewrite)
    s += " rewrite";
  if (e.scan)
    s += " scan";
  if (e.creates)
    s += " creates";
  return s;
}

struct Predicted {
  std::vector<std::string> effects; // rendered and sorted
  std::vector<Effect> raw;
  StatementTraits traits;
};

inline Predicted predict(const std::string& sql, int pg_version = 15,
                         const CatalogHints& hints = {}) {
  ParseSession session;
  ParseResult root = session.parse(sql);
  EXPECT_TRUE(root.has_value()) << sql << ": " << root.error().message;
  Predicted p;
  if (!root)
    return p;
  EffectContext ctx{pg_version, nullptr};
  p.raw = predict_effects(*root, ctx, hints);
  p.traits = statement_traits(*root, ctx);
  for (const Effect& e : p.raw)
    p.effects.push_back(render(e));
  std::sort(p.effects.begin(), p.effects.end());
  return p;
}

inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

inline const Effect* find_effect(const Predicted& p, const std::string& relation) {
  for (const Effect& e : p.raw)
    if (e.relation == relation)
      return &e;
  return nullptr;
}

} // namespace pgdrydock::testing
