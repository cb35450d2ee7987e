// The names PostgreSQL makes up when a statement gives none: orders_pkey,
// orders_customer_id_fkey, orders_email_key, orders_a_b_idx, orders_id_seq, orders_qty_check.
// Same algorithm as PostgreSQL's makeObjectName/ChooseRelationName (src/backend/commands/
// indexcmds.c), in our words: the two name parts are shortened, longer one first, until
// "name1_name2_label" fits in 63 bytes (never splitting a UTF-8 character); when the name is
// taken, the label becomes label1, label2, ...
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pgdrydock {

class Catalog;

constexpr std::size_t kMaxIdentifierBytes = 63; // NAMEDATALEN - 1

// Truncates to 63 bytes at a UTF-8 character boundary (what PostgreSQL does to long names).
std::string truncate_identifier(std::string_view name);

// name1[_name2]_label within 63 bytes. name2 may be empty.
std::string make_object_name(std::string_view name1, std::string_view name2,
                             std::string_view label);

// The first of name1_name2_label, ..._label1, ..._label2 for which taken() is false.
std::string choose_name(std::string_view name1, std::string_view name2, std::string_view label,
                        const std::function<bool(const std::string&)>& taken);

// Column names joined with "_" as PostgreSQL builds index/FK name parts, stopping once the
// result reaches 63 bytes.
std::string join_name_parts(const std::vector<std::string>& parts);

// Relation names (tables, indexes, sequences, views) are unique per schema.
std::string choose_relation_name(const Catalog& catalog, const std::string& schema,
                                 std::string_view name1, std::string_view name2,
                                 std::string_view label, bool also_constraint_names);
// Constraint names are chosen unique among the schema's constraints.
std::string choose_constraint_name(const Catalog& catalog, const std::string& schema,
                                   std::string_view name1, std::string_view name2,
                                   std::string_view label,
                                   const std::vector<std::string>& also_taken = {});

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a distance that makes a typo plausible; empty when none.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

} // namespace pgdrydock
