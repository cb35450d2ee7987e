#include "lint/catalog/names.h"

#include <algorithm>
#include <cctype>

#include "lint/catalog/catalog.h"

namespace pgdrydock {
namespace {

// Longest prefix of s within `limit` bytes that does not end inside a UTF-8 character.
std::size_t clip_length(std::string_view s, std::size_t limit) {
  if (s.size() <= limit)
    return s.size();
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
    --n;
  return n;
}

} // namespace

std::string truncate_identifier(std::string_view name) {
  return std::string(name.substr(0, clip_length(name, kMaxIdentifierBytes)));
}

std::string make_object_name(std::string_view name1, std::string_view name2,
                             std::string_view label) {
  std::size_t overhead = 0;
  if (!name2.empty())
    overhead += 1; // separator
  if (!label.empty())
    overhead += label.size() + 1;
  std::size_t avail = kMaxIdentifierBytes > overhead ? kMaxIdentifierBytes - overhead : 0;
  std::size_t n1 = name1.size(), n2 = name2.size();
  while (n1 + n2 > avail) {
    if (n1 > n2)
      --n1;
    else
      --n2;
  }
  n1 = clip_length(name1, n1);
  n2 = clip_length(name2, n2);
  // Appended piece by piece: `"_" + std::string(...)` trips a false -Wrestrict in GCC 12 -O2.
  std::string out(name1.substr(0, n1));
  if (!name2.empty())
    out.append("_").append(name2.substr(0, n2));
  if (!label.empty())
    out.append("_").append(label);
  return out;
}

std::string choose_name(std::string_view name1, std::string_view name2, std::string_view label,
                        const std::function<bool(const std::string&)>& taken) {
  std::string modlabel(label);
  for (int pass = 1;; ++pass) {
    std::string candidate = make_object_name(name1, name2, modlabel);
    if (!taken(candidate))
      return candidate;
    modlabel = std::string(label) + std::to_string(pass);
  }
}

std::string join_name_parts(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty())
      out += "_";
    out += p;
    if (out.size() >= kMaxIdentifierBytes)
      break;
  }
  return out;
}

std::string choose_relation_name(const Catalog& catalog, const std::string& schema,
                                 std::string_view name1, std::string_view name2,
                                 std::string_view label, bool also_constraint_names) {
  return choose_name(name1, name2, label, [&](const std::string& n) {
    if (catalog.relation_exists(schema + "." + n))
      return true;
    return also_constraint_names && catalog.constraint_name_used(schema, n);
  });
}

std::string choose_constraint_name(const Catalog& catalog, const std::string& schema,
                                   std::string_view name1, std::string_view name2,
                                   std::string_view label,
                                   const std::vector<std::string>& also_taken) {
  return choose_name(name1, name2, label, [&](const std::string& n) {
    if (std::find(also_taken.begin(), also_taken.end(), n) != also_taken.end())
      return true;
    return catalog.constraint_name_used(schema, n);
  });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

} // namespace pgdrydock
