#include "tests/fuzz/mutator/feedback.h"

#include <functional>
#include <random>
#include <unordered_set>
#include <vector>

namespace pgdrydock::fuzz {
namespace {

// Bounded, so a long campaign's memory stays flat: the pool replaces a random entry when full,
// the refused set starts over (it only steers the mutator).
constexpr std::size_t kPoolCapacity = 8192;
constexpr std::size_t kRefusedCapacity = 1 << 16;
constexpr std::size_t kLongest = 1024; // longer statements are not spliced

std::vector<std::string> pool;
std::unordered_set<std::size_t> refused; // hashes of statements that did not parse
std::minstd_rand replace_at;

std::size_t hash_of(std::string_view statement) {
  return std::hash<std::string_view>{}(statement);
}

} // namespace

void note_statement(std::string_view statement, bool parsed) {
  if (!parsed) {
    if (refused.size() >= kRefusedCapacity)
      refused.clear();
    refused.insert(hash_of(statement));
    return;
  }
  if (statement.size() > kLongest)
    return;
  if (pool.size() < kPoolCapacity)
    pool.emplace_back(statement);
  else
    pool[replace_at() % kPoolCapacity] = statement;
}

bool known_unparsable(std::string_view statement) {
  return refused.contains(hash_of(statement));
}

const std::string* parsed_statement(unsigned random) {
  return pool.empty() ? nullptr : &pool[random % pool.size()];
}

} // namespace pgdrydock::fuzz
