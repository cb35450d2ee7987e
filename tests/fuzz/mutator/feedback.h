// What the lint target learns from the product about each statement it ran, for the mutator
// (both run in the fuzzing process): statements that parsed become the splice pool, and those
// that did not are dropped by the mutator's repair step, so one broken statement does not
// spread through the corpus by splicing and crossover.
#pragma once

#include <string>
#include <string_view>

namespace pgdrydock::fuzz {

void note_statement(std::string_view statement, bool parsed);
bool known_unparsable(std::string_view statement);
// A statement the product parsed, or nullptr before the first one.
const std::string* parsed_statement(unsigned random);

} // namespace pgdrydock::fuzz
