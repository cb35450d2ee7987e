#include "lint/cache/catalog_codec.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <type_traits>
#include <vector>

namespace pgdrydock {
namespace {

class Writer {
public:
  template <typename... Fields> void operator()(const Fields&... fields) { (put(fields), ...); }
  template <typename T, typename Fn> void each(const std::vector<T>& items, Fn&& fn) {
    u(items.size());
    for (const T& item : items)
      fn(item);
  }
  // std::map and CowMap alike: count, then each key and value.
  template <typename Map, typename Fn> void map(const Map& m, Fn&& fn) {
    u(m.size());
    for (auto&& [key, value] : m) {
      put(key);
      fn(value);
    }
  }
  std::string take() { return std::move(out_); }

private:
  void u(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  // Zigzag, so a negative int stays short and round-trips.
  void put(int v) {
    const auto w = static_cast<std::int64_t>(v);
    u((static_cast<std::uint64_t>(w) << 1) ^ static_cast<std::uint64_t>(w >> 63));
  }
  void put(bool v) { out_.push_back(v ? '\1' : '\0'); }
  void put(char v) { out_.push_back(v); }
  void put(ConstraintKind v) { u(static_cast<std::uint64_t>(v)); }
  void put(const std::string& v) {
    u(v.size());
    out_.append(v);
  }
  void put(const std::optional<std::string>& v) {
    put(v.has_value());
    if (v)
      put(*v);
  }
  void put(const OpaqueText& v) { put(v.pieces()); }
  template <typename Seq> void put(const Seq& strings) { // vector or set of strings
    u(strings.size());
    for (const std::string& v : strings)
      put(v);
  }

  std::string out_;
};

// Every read is bounds-checked; the first bad byte ends the decode with an Input Error that
// unwinds to decode_catalog (the reader's entry point) and is returned from there.
class Reader {
public:
  explicit Reader(std::string_view bytes) : in_(bytes) {}
  template <typename... Fields> void operator()(Fields&... fields) { (get(fields), ...); }
  template <typename T, typename Fn> void each(std::vector<T>& items, Fn&& fn) {
    items.resize(count());
    for (T& item : items)
      fn(item);
  }
  template <typename Map, typename Fn> void map(Map& m, Fn&& fn) {
    for (std::size_t n = count(); n > 0; --n) {
      std::string key;
      get(key);
      fn(m.edit(key));
    }
  }
  bool done() const { return at_ == in_.size(); }
  [[noreturn]] static void bad(const char* what) {
    throw ErrorException(Error{"", 0, 0, what, ErrorKind::Input});
  }

private:
  char next() {
    if (at_ >= in_.size())
      bad("truncated");
    return in_[at_++];
  }
  std::uint64_t u() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(next());
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        return v;
    }
    bad("malformed number");
  }
  // A count of items that each take at least one byte: more than the bytes left is corrupt.
  std::size_t count() {
    const std::uint64_t n = u();
    if (n > in_.size() - at_)
      bad("truncated");
    return static_cast<std::size_t>(n);
  }
  void get(int& v) {
    const std::uint64_t z = u();
    const auto w = static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    if (w < std::numeric_limits<int>::min() || w > std::numeric_limits<int>::max())
      bad("number out of range");
    v = static_cast<int>(w);
  }
  void get(bool& v) {
    const char c = next();
    if (c != '\0' && c != '\1')
      bad("malformed flag");
    v = c == '\1';
  }
  void get(char& v) { v = next(); }
  void get(ConstraintKind& v) {
    const std::uint64_t kind = u();
    if (kind > static_cast<std::uint64_t>(ConstraintKind::Exclusion))
      bad("unknown constraint kind");
    v = static_cast<ConstraintKind>(kind);
  }
  void get(std::string& v) {
    const std::size_t n = count();
    v.assign(in_.substr(at_, n));
    at_ += n;
  }
  void get(std::optional<std::string>& v) {
    bool has = false;
    get(has);
    if (has)
      get(v.emplace());
  }
  void get(std::vector<std::string>& v) {
    v.resize(count());
    for (auto& item : v)
      get(item);
  }
  void get(std::set<std::string>& v) {
    for (std::size_t n = count(); n > 0; --n) {
      std::string item;
      get(item);
      v.insert(v.end(), std::move(item));
    }
  }
  void get(PersistentSet& v) {
    for (std::size_t n = count(); n > 0; --n) {
      std::string item;
      get(item);
      v.insert(item);
    }
  }
  void get(OpaqueText& v) {
    std::vector<std::string> pieces;
    get(pieces);
    for (const auto& piece : pieces)
      v.append(piece);
  }

  std::string_view in_;
  std::size_t at_ = 0;
};

// One list of fields per struct, walked by the Writer (T const) and by the Reader (T mutable):
// the two directions cannot drift apart.
template <typename IO, typename Column> void column_fields(IO& io, Column& c) {
  io(c.name, c.type, c.collation, c.not_null, c.default_expr, c.identity, c.generated,
     c.generation_expr);
}

template <typename IO, typename Constraint> void constraint_fields(IO& io, Constraint& c) {
  io(c.name, c.kind, c.columns, c.definition, c.validated, c.index, c.fk_table, c.fk_columns,
     c.on_delete, c.on_update, c.origin.file, c.origin.line, c.origin.column);
}

template <typename IO, typename Table> void table_fields(IO& io, Table& t) {
  io(t.schema, t.name, t.partitioned, t.partition_of);
  if constexpr (std::is_const_v<Table>) {
    io.each(t.columns, [&](auto& c) { column_fields(io, c); });
  } else { // through set_columns, so the table's column-name index covers them
    std::vector<CatalogColumn> columns;
    io.each(columns, [&](auto& c) { column_fields(io, c); });
    t.set_columns(std::move(columns));
  }
  io.each(t.constraints, [&](auto& c) { constraint_fields(io, c); });
  io(t.rls_enabled, t.rls_forced, t.policies, t.triggers, t.uncertain, t.dropped_columns);
}

template <typename IO, typename Index> void index_fields(IO& io, Index& x) {
  io(x.name, x.table, x.keys, x.unique, x.primary, x.method, x.predicate, x.valid, x.constraint);
}

// The whole catalog, keyed maps as (count, then key and value each).
template <typename IO, typename Cat> void catalog_fields(IO& io, Cat& cat) {
  io(cat.schemas);
  io.map(cat.tables, [&](auto& t) { table_fields(io, t); });
  io.map(cat.indexes, [&](auto& x) { index_fields(io, x); });
  io.map(cat.sequences, [&](auto& s) { io(s.type, s.owned_by); });
  io.map(cat.views, [&](auto& v) { io(v.materialized, v.depends_on); });
  io.map(cat.enums, [&](auto& labels) { io(labels); });
  io.map(cat.domains, [&](auto& d) { io(d.base_type, d.not_null, d.constraints); });
  io(cat.functions, cat.extensions, cat.search_path, cat.trusted, cat.opaque_text,
     cat.opaque_statements);
}

} // namespace

std::string encode_catalog(const Catalog& cat) {
  Writer w;
  catalog_fields(w, cat);
  return w.take();
}

Expected<Catalog> decode_catalog(std::string_view bytes) {
  try {
    Reader r(bytes);
    Catalog cat;
    catalog_fields(r, cat);
    if (!r.done())
      Reader::bad("trailing bytes");
    return cat;
  } catch (const ErrorException& e) {
    return fail(e.error());
  }
}

} // namespace pgdrydock
