// A read-only view of one node of libpg_query's JSON parse tree (PostgreSQL 15 node names).
// Views are valid only while the ParseSession that produced them has not parsed again:
// the driver handles one statement completely (effects, rules) before the next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// The tree is simdjson's DOM, but only the parser and the few walkers that need the raw element
// include simdjson: every rule and effect sees this small header (a rule compiles without it).
namespace simdjson::dom {
class element;
}

namespace pgdrydock {

class Node {
public:
  Node() = default;
  explicit Node(const simdjson::dom::element& e);

  bool valid() const { return valid_; }
  explicit operator bool() const { return valid_; }

  // For a wrapped node {"AlterTableStmt": {...}}: "AlterTableStmt"; else "".
  std::string_view kind() const;
  // For a wrapped node: its body; otherwise the node itself.
  Node body() const;
  // body() when kind() == k, else an invalid node.
  Node as(std::string_view k) const;

  Node operator[](std::string_view key) const;      // field of this object (invalid if missing)
  std::string_view str(std::string_view key) const; // "" when missing
  std::int64_t integer(std::string_view key, std::int64_t fallback = 0) const;
  bool boolean(std::string_view key) const;           // false when missing
  std::vector<Node> list(std::string_view key) const; // empty when missing
  std::vector<Node> items() const;                    // this node as an array
  bool has(std::string_view key) const { return (*this)[key].valid(); }

  // A list of {"String": {"sval": ...}} nodes, e.g. qualified names or type names.
  std::vector<std::string_view> names(std::string_view key) const;
  std::string_view sval() const; // {"String":{"sval":x}} -> x

  // Deep questions about the subtree below this node (rules ask them without walking JSON).
  bool contains_key(std::string_view key) const; // a field named `key` at any depth
  // The smallest "location" (byte offset into the statement) at any depth, or -1 when none.
  std::int64_t min_location() const;

  // The element itself, for code that includes simdjson (catalog and effect walkers).
  simdjson::dom::element raw() const;

private:
  // A dom::element is a document pointer and a tape index (trivially copyable, 16 bytes; the
  // .cpp checks both), kept as bytes so that this header needs no simdjson.
  alignas(8) std::byte element_[16]{};
  bool valid_ = false;
};

// "schema.name" for a RangeVar body, defaulting the schema to "public" as search_path would.
std::string qualified_name(const Node& range_var);
// Joins a qualified name list: ["public","orders"] -> "public.orders"; one element gets "public.".
std::string qualified_name(const std::vector<std::string_view>& parts);

} // namespace pgdrydock
