#include "lint/sources/popx_chain.h"

#include <algorithm>
#include <string_view>

#include "lint/catalog/replay.h"
#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {

constexpr std::size_t kVersionDigits = 20; // YYYYMMDDHHMMSS + a 6-digit part number

// What the parts of a chain share, or empty when m cannot be a part: the name. Ory's tools
// number the parts of one timestamp, and a migration too long for one timestamp's numbering
// continues under the next timestamps with the same name (kratos' add_verification_methods:
// 20200830130642..., ...644..., ...646..., one rollback chain).
std::string_view chain_key(const Migration& m) {
  const std::string& v = m.version;
  if (m.runner != "popx" || !m.down || m.name.empty() || v.size() != kVersionDigits ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {};
  return m.name;
}

} // namespace

std::vector<DownChain> popx_down_chains(std::span<const Migration> migrations) {
  std::vector<DownChain> out(migrations.size());
  std::size_t i = 0;
  while (i < migrations.size()) {
    std::string_view key = chain_key(migrations[i]);
    std::size_t end = i + 1;
    if (!key.empty())
      while (end < migrations.size() && chain_key(migrations[end]) == key)
        ++end;
    for (std::size_t k = i; k < end; ++k)
      out[k] = {i, end - 1};
    i = end;
  }
  return out;
}

std::vector<std::optional<Catalog>>
chain_down_starts(std::span<const Migration> migrations, const std::vector<std::size_t>& chosen,
                  const std::vector<DownChain>& chains,
                  const std::vector<std::shared_ptr<const Catalog>>& catalogs) {
  std::vector<std::optional<Catalog>> out(chosen.size());
  if (catalogs.empty())
    return out;
  ParseSession parser;
  std::optional<Catalog> state; // the schema before the down of migrations[at]
  std::size_t at = 0;
  for (std::size_t k = chosen.size(); k-- > 0;) {
    const std::size_t i = chosen[k];
    const DownChain& chain = chains[i];
    if (!chain.chained())
      continue;
    if (!state || at < i || chains[at].first != chain.first) {
      state = *catalogs[chain.last + 1];
      at = chain.last;
    }
    for (; at > i; --at)
      replay_script(*state, *migrations[at].down, parser);
    out[k] = *state;
  }
  return out;
}

} // namespace pgdrydock
