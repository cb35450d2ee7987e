#include "lint/cache/catalog_codec.h"

#include <cstdint>
#include <limits>

namespace pgdrydock {
namespace {

class Writer {
public:
  void u(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  // Zigzag, so a negative int stays short and round-trips.
  void i(int v) {
    const auto w = static_cast<std::int64_t>(v);
    u((static_cast<std::uint64_t>(w) << 1) ^ static_cast<std::uint64_t>(w >> 63));
  }
  void b(bool v) { out_.push_back(v ? '\1' : '\0'); }
  void c(char v) { out_.push_back(v); }
  void s(std::string_view v) {
    u(v.size());
    out_.append(v);
  }
  template <typename Seq> void strings(const Seq& seq) {
    u(seq.size());
    for (const std::string& v : seq)
      s(v);
  }
  std::string take() { return std::move(out_); }

private:
  std::string out_;
};

// Every read is bounds-checked; the first bad byte ends the decode with an Input Error that
// unwinds to decode_catalog (the reader's entry point) and is returned from there.
class Reader {
public:
  explicit Reader(std::string_view bytes) : in_(bytes) {}
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
  int i() {
    const std::uint64_t z = u();
    const auto v = static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
      bad("number out of range");
    return static_cast<int>(v);
  }
  bool b() {
    const char v = next();
    if (v != '\0' && v != '\1')
      bad("malformed flag");
    return v == '\1';
  }
  char c() { return next(); }
  std::string s() {
    const std::size_t n = count();
    std::string v(in_.substr(at_, n));
    at_ += n;
    return v;
  }
  // A count of items that each take at least one byte: more than the bytes left is corrupt.
  std::size_t count() {
    const std::uint64_t n = u();
    if (n > in_.size() - at_)
      bad("truncated");
    return static_cast<std::size_t>(n);
  }
  std::vector<std::string> string_list() {
    std::vector<std::string> v(count());
    for (auto& item : v)
      item = s();
    return v;
  }
  std::set<std::string> string_set() {
    std::set<std::string> v;
    for (std::size_t n = count(); n > 0; --n)
      v.insert(v.end(), s());
    return v;
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
  std::string_view in_;
  std::size_t at_ = 0;
};

void put(Writer& w, const CatalogColumn& c) {
  w.s(c.name);
  w.s(c.type);
  w.s(c.collation);
  w.b(c.not_null);
  w.b(c.default_expr.has_value());
  if (c.default_expr)
    w.s(*c.default_expr);
  w.c(c.identity);
  w.b(c.generated);
  w.s(c.generation_expr);
}

CatalogColumn get_column(Reader& r) {
  CatalogColumn c;
  c.name = r.s();
  c.type = r.s();
  c.collation = r.s();
  c.not_null = r.b();
  if (r.b())
    c.default_expr = r.s();
  c.identity = r.c();
  c.generated = r.b();
  c.generation_expr = r.s();
  return c;
}

void put(Writer& w, const CatalogConstraint& c) {
  w.s(c.name);
  w.u(static_cast<std::uint64_t>(c.kind));
  w.strings(c.columns);
  w.s(c.definition);
  w.b(c.validated);
  w.s(c.index);
  w.s(c.fk_table);
  w.strings(c.fk_columns);
  w.c(c.on_delete);
  w.c(c.on_update);
  w.s(c.origin.file);
  w.i(c.origin.line);
  w.i(c.origin.column);
}

CatalogConstraint get_constraint(Reader& r) {
  CatalogConstraint c;
  c.name = r.s();
  const std::uint64_t kind = r.u();
  if (kind > static_cast<std::uint64_t>(ConstraintKind::Exclusion))
    Reader::bad("unknown constraint kind");
  c.kind = static_cast<ConstraintKind>(kind);
  c.columns = r.string_list();
  c.definition = r.s();
  c.validated = r.b();
  c.index = r.s();
  c.fk_table = r.s();
  c.fk_columns = r.string_list();
  c.on_delete = r.c();
  c.on_update = r.c();
  c.origin.file = r.s();
  c.origin.line = r.i();
  c.origin.column = r.i();
  return c;
}

void put(Writer& w, const CatalogTable& t) {
  w.s(t.schema);
  w.s(t.name);
  w.b(t.partitioned);
  w.s(t.partition_of);
  w.u(t.columns.size());
  for (const auto& c : t.columns)
    put(w, c);
  w.u(t.constraints.size());
  for (const auto& c : t.constraints)
    put(w, c);
  w.b(t.rls_enabled);
  w.b(t.rls_forced);
  w.strings(t.policies);
  w.strings(t.triggers);
  w.b(t.uncertain);
}

CatalogTable get_table(Reader& r) {
  CatalogTable t;
  t.schema = r.s();
  t.name = r.s();
  t.partitioned = r.b();
  t.partition_of = r.s();
  t.columns.resize(r.count());
  for (auto& c : t.columns)
    c = get_column(r);
  t.constraints.resize(r.count());
  for (auto& c : t.constraints)
    c = get_constraint(r);
  t.rls_enabled = r.b();
  t.rls_forced = r.b();
  t.policies = r.string_set();
  t.triggers = r.string_set();
  t.uncertain = r.b();
  return t;
}

void put(Writer& w, const CatalogIndex& x) {
  w.s(x.name);
  w.s(x.table);
  w.strings(x.keys);
  w.b(x.unique);
  w.b(x.primary);
  w.s(x.method);
  w.s(x.predicate);
  w.b(x.valid);
  w.s(x.constraint);
}

CatalogIndex get_index(Reader& r) {
  CatalogIndex x;
  x.name = r.s();
  x.table = r.s();
  x.keys = r.string_list();
  x.unique = r.b();
  x.primary = r.b();
  x.method = r.s();
  x.predicate = r.s();
  x.valid = r.b();
  x.constraint = r.s();
  return x;
}

Catalog decode(Reader& r) {
  Catalog cat;
  cat.schemas = r.string_set();
  for (std::size_t n = r.count(); n > 0; --n) {
    std::string key = r.s();
    cat.tables.edit(key) = get_table(r);
  }
  for (std::size_t n = r.count(); n > 0; --n) {
    std::string key = r.s();
    cat.indexes.edit(key) = get_index(r);
  }
  for (std::size_t n = r.count(); n > 0; --n) {
    std::string key = r.s();
    CatalogSequence& s = cat.sequences[key];
    s.type = r.s();
    s.owned_by = r.s();
  }
  for (std::size_t n = r.count(); n > 0; --n) {
    std::string key = r.s();
    CatalogView& v = cat.views[key];
    v.materialized = r.b();
    v.depends_on = r.string_set();
  }
  for (std::size_t n = r.count(); n > 0; --n) {
    std::string key = r.s();
    cat.enums[key] = r.string_list();
  }
  for (std::size_t n = r.count(); n > 0; --n) {
    std::string key = r.s();
    CatalogDomain& d = cat.domains[key];
    d.base_type = r.s();
    d.not_null = r.b();
    d.constraints = r.string_set();
  }
  cat.functions = r.string_set();
  cat.extensions = r.string_set();
  cat.search_path = r.string_list();
  cat.trusted = r.b();
  cat.opaque_text = r.s();
  cat.opaque_statements = r.i();
  if (!r.done())
    Reader::bad("trailing bytes");
  return cat;
}

} // namespace

std::string encode_catalog(const Catalog& cat) {
  Writer w;
  w.strings(cat.schemas);
  w.u(cat.tables.size());
  for (const auto& [key, table] : cat.tables) {
    w.s(key);
    put(w, table);
  }
  w.u(cat.indexes.size());
  for (const auto& [key, index] : cat.indexes) {
    w.s(key);
    put(w, index);
  }
  w.u(cat.sequences.size());
  for (const auto& [key, s] : cat.sequences) {
    w.s(key);
    w.s(s.type);
    w.s(s.owned_by);
  }
  w.u(cat.views.size());
  for (const auto& [key, v] : cat.views) {
    w.s(key);
    w.b(v.materialized);
    w.strings(v.depends_on);
  }
  w.u(cat.enums.size());
  for (const auto& [key, labels] : cat.enums) {
    w.s(key);
    w.strings(labels);
  }
  w.u(cat.domains.size());
  for (const auto& [key, d] : cat.domains) {
    w.s(key);
    w.s(d.base_type);
    w.b(d.not_null);
    w.strings(d.constraints);
  }
  w.strings(cat.functions);
  w.strings(cat.extensions);
  w.strings(cat.search_path);
  w.b(cat.trusted);
  w.s(cat.opaque_text);
  w.i(cat.opaque_statements);
  return w.take();
}

Expected<Catalog> decode_catalog(std::string_view bytes) {
  try {
    Reader r(bytes);
    return decode(r);
  } catch (const ErrorException& e) {
    return fail(e.error());
  }
}

} // namespace pgdrydock
