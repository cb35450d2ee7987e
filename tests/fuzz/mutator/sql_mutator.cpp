// libFuzzer's custom mutator for the lint target: mutates SQL as statements, not bytes.
// Byte-level mutation alone leaves most inputs syntax errors (the grammar's error path); here
// statements the product refused before are mostly dropped, and most mutations splice whole
// statements the product parsed (mutator/feedback.h), insert statements about the
// tables the input already names, or nest an expression, so the result usually parses and
// reaches the catalog, the lock model and the rules. One mutation in ten stays byte-level, on one
// statement or the whole input, for the scanner's and grammar's edges.
// PGDRYDOCK_FUZZ_PLAIN=1 turns all of it off (libFuzzer's own mutations): the baseline the
// parse fraction of tests/fuzz/README.md is compared with.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "tests/fuzz/mutator/feedback.h"
#include "tests/fuzz/mutator/sql_pieces.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

using pgdrydock::fuzz::Random;

bool plain_mode() {
  static const bool plain = std::getenv("PGDRYDOCK_FUZZ_PLAIN") != nullptr;
  return plain;
}

int nesting_depth(Random& random) {
  const unsigned roll = random() % 100;
  if (roll < 70)
    return 1;
  if (roll < 92)
    return 2 + static_cast<int>(random() % 4);
  if (roll < 99)
    return 6 + static_cast<int>(random() % 35);
  return 100 + static_cast<int>(random() % 200); // past the nesting limit
}

// libFuzzer's byte mutation of one statement.
std::string mutate_bytes(const std::string& statement) {
  std::string buffer = statement;
  buffer.resize(statement.size() * 2 + 64);
  const std::size_t n = LLVMFuzzerMutate(reinterpret_cast<std::uint8_t*>(buffer.data()),
                                         statement.size(), buffer.size());
  buffer.resize(n);
  return buffer;
}

// One structured mutation of `statements` (never empty on entry).
void mutate_once(std::vector<std::string>& statements, Random& random) {
  const pgdrydock::fuzz::Names names = pgdrydock::fuzz::names_in(statements);
  const std::size_t i = random() % statements.size();
  const auto at =
      statements.begin() + static_cast<std::ptrdiff_t>(random() % (statements.size() + 1));
  switch (random() % 8) {
  case 0:
    if (const std::string* s = pgdrydock::fuzz::parsed_statement(random()))
      statements.insert(at, *s);
    break;
  case 1:
    if (const std::string* s = pgdrydock::fuzz::parsed_statement(random()))
      statements[i] = *s;
    break;
  case 2:
  case 3:
    statements[i] = pgdrydock::fuzz::nest_expression(statements[i], nesting_depth(random), random);
    break;
  case 4:
    statements.insert(at, pgdrydock::fuzz::template_statement(names, random));
    break;
  case 5:
    statements[i] = pgdrydock::fuzz::rename_relation(statements[i], names, random);
    break;
  case 6:
    if (statements.size() > 1)
      statements.erase(statements.begin() + static_cast<std::ptrdiff_t>(i));
    else
      statements.push_back(statements[i]);
    break;
  default:
    std::swap(statements[i], statements[random() % statements.size()]);
    break;
  }
}

std::size_t emit(std::vector<std::string>& statements, std::uint8_t* out, std::size_t max_size,
                 Random& random) {
  std::string text = pgdrydock::fuzz::join_statements(statements);
  while (text.size() > max_size && statements.size() > 1) {
    statements.erase(statements.begin() +
                     static_cast<std::ptrdiff_t>(random() % statements.size()));
    text = pgdrydock::fuzz::join_statements(statements);
  }
  const std::size_t n = std::min(text.size(), max_size);
  std::memcpy(out, text.data(), n);
  return n;
}

} // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  if (plain_mode())
    return LLVMFuzzerMutate(data, size, max_size);
  Random random(seed);
  std::vector<std::string> statements =
      pgdrydock::fuzz::split_statements({reinterpret_cast<const char*>(data), size});
  // Repair most of the time: drop the statements the product refused before (not all of them
  // every time, or the grammar's error paths would go unvisited).
  if (random() % 4 != 0 && std::erase_if(statements, pgdrydock::fuzz::known_unparsable) > 0 &&
      statements.empty())
    statements.push_back(pgdrydock::fuzz::template_statement({}, random));
  const unsigned roll = random() % 20;
  if (statements.empty() || roll == 0)
    return LLVMFuzzerMutate(data, size, max_size);
  if (roll == 1) {
    std::string& s = statements[random() % statements.size()];
    s = mutate_bytes(s);
  } else {
    const unsigned times = roll < 16 ? 1 : 2 + random() % 3; // sometimes stacked
    for (unsigned k = 0; k < times && !statements.empty(); ++k)
      mutate_once(statements, random);
  }
  return emit(statements, data, max_size, random);
}

// Splices: the first input's statements with a run of the second's inserted among them.
extern "C" std::size_t LLVMFuzzerCustomCrossOver(const std::uint8_t* data1, std::size_t size1,
                                                 const std::uint8_t* data2, std::size_t size2,
                                                 std::uint8_t* out, std::size_t max_out_size,
                                                 unsigned int seed) {
  Random random(seed);
  if (plain_mode()) { // a prefix of one, a suffix of the other
    const std::size_t a = size1 == 0 ? 0 : random() % size1;
    const std::size_t b = size2 == 0 ? 0 : random() % size2;
    const std::size_t n1 = std::min(a, max_out_size);
    const std::size_t n2 = std::min(size2 - b, max_out_size - n1);
    std::memcpy(out, data1, n1);
    std::memcpy(out + n1, data2 + b, n2);
    return n1 + n2;
  }
  std::vector<std::string> first =
      pgdrydock::fuzz::split_statements({reinterpret_cast<const char*>(data1), size1});
  const std::vector<std::string> second =
      pgdrydock::fuzz::split_statements({reinterpret_cast<const char*>(data2), size2});
  if (!second.empty()) {
    const std::size_t from = random() % second.size();
    const std::size_t count = 1 + random() % (second.size() - from);
    const auto at = first.begin() + static_cast<std::ptrdiff_t>(random() % (first.size() + 1));
    first.insert(at, second.begin() + static_cast<std::ptrdiff_t>(from),
                 second.begin() + static_cast<std::ptrdiff_t>(from + count));
  }
  return emit(first, out, max_out_size, random);
}
