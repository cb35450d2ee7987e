#include "lint/parse_node.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include <simdjson.h>

namespace pgdrydock {

static_assert(sizeof(simdjson::dom::element) == 16 && alignof(simdjson::dom::element) <= 8 &&
                  std::is_trivially_copyable_v<simdjson::dom::element>,
              "Node keeps a dom::element as 16 bytes: update parse_node.h for this simdjson");

Node::Node(const simdjson::dom::element& e) : valid_(true) {
  std::memcpy(element_, &e, sizeof e);
}

simdjson::dom::element Node::raw() const {
  simdjson::dom::element e;
  std::memcpy(&e, element_, sizeof e);
  return e;
}

std::string_view Node::kind() const {
  if (!valid_)
    return {};
  simdjson::dom::object obj;
  if (raw().get_object().get(obj) != simdjson::SUCCESS)
    return {};
  if (obj.size() != 1)
    return {};
  auto field = *obj.begin();
  // Node wrappers are the only objects whose single key starts with an upper-case letter.
  if (field.key.empty() || !(field.key[0] >= 'A' && field.key[0] <= 'Z'))
    return {};
  return field.key;
}

Node Node::body() const {
  if (kind().empty())
    return *this;
  simdjson::dom::object obj;
  if (raw().get_object().get(obj) != simdjson::SUCCESS)
    return {};
  return Node((*obj.begin()).value);
}

Node Node::as(std::string_view k) const {
  if (kind() != k)
    return {};
  return body();
}

Node Node::operator[](std::string_view key) const {
  if (!valid_)
    return {};
  simdjson::dom::element child;
  if (raw().at_key(key).get(child) != simdjson::SUCCESS)
    return {};
  return Node(child);
}

std::string_view Node::str(std::string_view key) const {
  Node n = (*this)[key];
  std::string_view out;
  if (!n || n.raw().get_string().get(out) != simdjson::SUCCESS)
    return {};
  return out;
}

std::int64_t Node::integer(std::string_view key, std::int64_t fallback) const {
  Node n = (*this)[key];
  std::int64_t out = 0;
  if (!n || n.raw().get_int64().get(out) != simdjson::SUCCESS)
    return fallback;
  return out;
}

bool Node::boolean(std::string_view key) const {
  Node n = (*this)[key];
  bool out = false;
  if (!n || n.raw().get_bool().get(out) != simdjson::SUCCESS)
    return false;
  return out;
}

std::vector<Node> Node::items() const {
  std::vector<Node> out;
  simdjson::dom::array arr;
  if (!valid_ || raw().get_array().get(arr) != simdjson::SUCCESS)
    return out;
  out.reserve(arr.size());
  for (simdjson::dom::element child : arr)
    out.emplace_back(child);
  return out;
}

namespace {

bool element_contains_key(simdjson::dom::element e, std::string_view key) {
  if (simdjson::dom::object obj; e.get_object().get(obj) == simdjson::SUCCESS) {
    for (auto field : obj)
      if (field.key == key || element_contains_key(field.value, key))
        return true;
  } else if (simdjson::dom::array arr; e.get_array().get(arr) == simdjson::SUCCESS) {
    for (simdjson::dom::element child : arr)
      if (element_contains_key(child, key))
        return true;
  }
  return false;
}

void element_min_location(simdjson::dom::element e, std::int64_t& best) {
  if (simdjson::dom::object obj; e.get_object().get(obj) == simdjson::SUCCESS) {
    for (auto field : obj) {
      std::int64_t loc = 0;
      if (field.key == "location" && field.value.get_int64().get(loc) == simdjson::SUCCESS &&
          loc >= 0)
        best = best < 0 ? loc : std::min(best, loc);
      else
        element_min_location(field.value, best);
    }
  } else if (simdjson::dom::array arr; e.get_array().get(arr) == simdjson::SUCCESS) {
    for (simdjson::dom::element child : arr)
      element_min_location(child, best);
  }
}

} // namespace

bool Node::contains_key(std::string_view key) const {
  return valid_ && element_contains_key(raw(), key);
}

std::int64_t Node::min_location() const {
  std::int64_t best = -1;
  if (valid_)
    element_min_location(raw(), best);
  return best;
}

std::vector<Node> Node::list(std::string_view key) const {
  return (*this)[key].items();
}

std::string_view Node::sval() const {
  Node s = as("String");
  return s ? s.str("sval") : std::string_view{};
}

std::vector<std::string_view> Node::names(std::string_view key) const {
  std::vector<std::string_view> out;
  for (const Node& n : list(key))
    out.push_back(n.sval());
  return out;
}

std::string qualified_name(const Node& range_var) {
  std::string schema(range_var.str("schemaname"));
  if (schema.empty())
    schema = "public";
  return schema + "." + std::string(range_var.str("relname"));
}

std::string qualified_name(const std::vector<std::string_view>& parts) {
  if (parts.empty())
    return {};
  if (parts.size() == 1)
    return "public." + std::string(parts[0]);
  return std::string(parts[parts.size() - 2]) + "." + std::string(parts.back());
}

} // namespace pgdrydock
