// ory popx multi-part migrations. Ory's tools split one logical migration into numbered parts
// that share a name and a 14-digit timestamp and differ in the 6-digit suffix of a 20-digit
// version (`20191100000001000000_identities` ... `20191100000001000005_identities`). Their downs
// are written for rolling the whole group back, last part first, and are often "shifted": the down
// of part k drops what part k+1 created. Judged part by part, every such down looks wrong (and
// names tables that do not exist yet); judged as the chain it is, it is the exact inverse.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "lint/catalog/catalog.h"
#include "lint/migration.h"

namespace pgdrydock {

// The parts [first, last] of the chain a migration belongs to (first == last when alone).
struct DownChain {
  std::size_t first = 0;
  std::size_t last = 0;
  bool chained() const { return last > first; }
};

// For each migration (in history order), its chain: consecutive popx migrations with 20-digit
// versions and the same name, all with a down script. Linear in the history.
std::vector<DownChain> popx_down_chains(std::span<const Migration> migrations);

// Where the down of each chained part among migrations[chosen[k]] starts in its chain's rollback
// (out[k]; empty for a migration on its own): after the last part's up, catalogs[last + 1]
// (lint/catalog/replay.h: the schema before each migration), and the downs of the parts after
// it. One walk back over each chain, so linear in the history whatever the chain's length.
std::vector<std::optional<Catalog>>
chain_down_starts(std::span<const Migration> migrations, const std::vector<std::size_t>& chosen,
                  const std::vector<DownChain>& chains,
                  const std::vector<std::shared_ptr<const Catalog>>& catalogs);

} // namespace pgdrydock
