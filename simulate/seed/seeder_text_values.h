// Values whose width varies. Text: the column and table names (shortened) and a number, cut or
// padded to the lengths the type and CHECK constraints allow. Json documents and bytea bytes.
// With --stats each is padded towards production's average width.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "simulate/seed/seeder_values.h"

namespace pgdrydock::seeding {

// The start of every text value of a column: its name in lower case, letters, digits and '_'
// only, at most 12 characters ("v" when nothing is left).
std::string shortened_prefix(const std::string& column_name);

// Appends the raw text value for value number `number` of the recipe r.
void append_text(std::string& out, const ValueRecipe& r, std::uint64_t number);

// {"n": number, "tag": "t<tag>"} as json text; with --stats a "pad" member brings it to the
// production width.
void append_document(std::string& out, const ValueRecipe& r, long long number, std::uint64_t tag);

// bytea in hex input form: 8 bytes from `number`; with --stats more bytes up to the production
// width, pseudo-random so they do not compress (pg_stats.avg_width counts a toasted value
// compressed).
void append_bytes(std::string& out, const ValueRecipe& r, std::uint64_t number);

// The length value number `number` aims at: r.target_length varied by a quarter either way (the
// same for the same number, so a repeated value stays one value), within the type's limits.
long long goal_length(const ValueRecipe& r, std::uint64_t number);

// Appends `count` letters in no repeating order (a run of one letter would compress to nothing
// and understate the width), starting at a place that depends on `number`.
void append_padding(std::string& out, std::size_t count, std::uint64_t number);

} // namespace pgdrydock::seeding
