#include "simulate/snapshot/snapshot_reader.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include "simulate/sandbox/pg_session.h"
#include "simulate/snapshot/snapshot_queries.h"

namespace pgdrydock {

namespace {

// Reading a field neither copies it (field) nor leaves a copy behind (take): PgRows are
// thousands of small strings, and the reversibility check reads them twice per migration.
const std::string& field(const PgRows& rows, std::size_t row, std::size_t column) {
  static const std::string none;
  const auto& value = rows.rows[row][column];
  return value ? *value : none;
}

std::string take(PgRows& rows, std::size_t row, std::size_t column) {
  auto& value = rows.rows[row][column];
  return value ? std::move(*value) : std::string();
}

long long integer(const std::string& text) {
  long long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

double number(const std::string& text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

unsigned oid(const std::string& text) {
  return static_cast<unsigned>(integer(text));
}

bool boolean(const std::string& text) {
  return text == "t";
}

char letter(const std::string& text, char none = '\0') {
  return text.empty() ? none : text[0];
}

// "{1,2,3}" as produced for int[] -> {1,2,3}; int2vector casts keep their lower bound:
// "[0:1]={1,2}". Reads to the end of the text, never past it.
std::vector<int> int_array(const std::string& text) {
  std::vector<int> values;
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  if (const auto equals = text.find('='); equals != std::string::npos)
    p += equals + 1;
  while (p < end) {
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
      int value = 0;
      auto [next, ec] = std::from_chars(p, end, value);
      if (ec == std::errc{})
        values.push_back(value);
      p = next == p ? p + 1 : next;
    } else {
      ++p;
    }
  }
  return values;
}

std::string oid_array(const std::vector<unsigned>& oids) {
  std::string text = "{";
  for (std::size_t i = 0; i < oids.size(); ++i) {
    if (i)
      text += ',';
    text += std::to_string(oids[i]);
  }
  return text + "}";
}

bool wanted_schema(const std::vector<std::string>& schemas, const std::string& schema) {
  if (schemas.empty())
    return true;
  for (const auto& s : schemas)
    if (s == schema)
      return true;
  return false;
}

// On a server others write to (`pgdrydock stats` on production) the reads must see one state
// of the database: a read-only repeatable-read transaction, unless the caller is already inside
// one (then its snapshot rules), rolled back on the way out. A scratch database has no other
// writer than the simulator, which reads between its own steps: there the two extra round
// trips are not spent (the reversibility check reads twice per migration).
class ReadSnapshot {
public:
  ReadSnapshot(PgSession& session, bool wanted) : session_(session) {
    if (wanted && !session_.in_transaction())
      owned_ = !session_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  ~ReadSnapshot() {
    if (owned_)
      session_.exec("ROLLBACK");
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
  PgSession& session_;
  bool owned_ = false;
};

LiveColumn column_of(PgRows& rows, std::size_t i) {
  LiveColumn c;
  c.attnum = static_cast<int>(integer(field(rows, i, 1)));
  c.name = take(rows, i, 2);
  c.type_display = take(rows, i, 3);
  c.declared_not_null = boolean(field(rows, i, 4));
  c.not_null = c.declared_not_null;
  c.default_expr = std::move(rows.rows[i][5]);
  c.has_default = c.default_expr.has_value();
  c.identity = letter(field(rows, i, 6));
  c.generated = !field(rows, i, 7).empty();
  c.collation = take(rows, i, 8);
  c.sequence = take(rows, i, 9);
  c.type.oid = oid(field(rows, i, 10)); // the declared type until resolve_types()
  c.type.typmod = static_cast<int>(integer(field(rows, i, 11)));
  return c;
}

// Each column's declared type -> its base type (through a domain) or element type (of an
// array), read once per distinct type.
void resolve_types(PgSession& session, LiveSchema& schema) {
  std::unordered_map<unsigned, std::size_t> row_of;
  std::vector<unsigned> declared;
  for (const auto& r : schema.relations)
    for (const auto& c : r.columns)
      if (row_of.emplace(c.type.oid, 0).second)
        declared.push_back(c.type.oid);
  if (declared.empty())
    return;
  PgRows rows = session.query(snapshot_sql::types(oid_array(declared)));
  for (std::size_t i = 0; i < rows.rows.size(); ++i)
    row_of[oid(field(rows, i, 0))] = i;
  for (auto& r : schema.relations)
    for (auto& c : r.columns) {
      const std::size_t i = row_of.at(c.type.oid);
      const bool domain = boolean(field(rows, i, 1));
      c.domain_oid = domain ? c.type.oid : 0;
      c.not_null = c.declared_not_null || boolean(field(rows, i, 2));
      if (domain)
        c.type.typmod = static_cast<int>(integer(field(rows, i, 3)));
      const unsigned element = oid(field(rows, i, 8));
      c.is_array = element != 0;
      const std::size_t type = c.is_array ? 8 : 4; // oid, name, schema, typtype
      c.type.oid = oid(field(rows, i, type));
      c.type.name = field(rows, i, type + 1);
      c.type.schema = field(rows, i, type + 2);
      c.type.typtype = letter(field(rows, i, type + 3), 'b');
    }
}

void read_relations(PgSession& session, const SnapshotRequest& request, LiveSchema& schema) {
  PgRows rows = session.query(snapshot_sql::relations());
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    if (!wanted_schema(request.schemas, field(rows, i, 1)))
      continue;
    LiveRelation r;
    r.oid = oid(field(rows, i, 0));
    r.schema = take(rows, i, 1);
    r.name = take(rows, i, 2);
    r.kind = letter(field(rows, i, 3), 'r');
    r.persistence = letter(field(rows, i, 4), 'p');
    r.partition = boolean(field(rows, i, 5));
    r.row_security = boolean(field(rows, i, 6));
    r.force_row_security = boolean(field(rows, i, 7));
    r.view_definition = take(rows, i, 8);
    r.sequence_definition = take(rows, i, 9);
    r.reltuples = number(field(rows, i, 10));
    r.relpages = integer(field(rows, i, 11));
    schema.relations.push_back(std::move(r));
  }
}

void read_constraints(PgSession& session, const std::unordered_map<unsigned, std::size_t>& by_oid,
                      bool seeding, LiveSchema& schema) {
  PgRows rows = session.query(snapshot_sql::constraints());
  std::unordered_map<unsigned, std::vector<std::string>> domain_checks;
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    LiveConstraint k;
    k.schema = take(rows, i, 0);
    k.table = take(rows, i, 1);
    k.table_oid = oid(field(rows, i, 2));
    k.domain_oid = oid(field(rows, i, 3));
    // A constraint of a table outside the scope (a narrowed schema list, an extension's).
    if (k.table_oid != 0 && !by_oid.count(k.table_oid))
      continue;
    k.name = take(rows, i, 4);
    k.type = letter(field(rows, i, 5), 'c');
    k.attnums = int_array(field(rows, i, 6));
    k.ref_table_oid = oid(field(rows, i, 7));
    k.ref_attnums = int_array(field(rows, i, 8));
    k.definition = take(rows, i, 9);
    k.validated = boolean(field(rows, i, 10));
    if (seeding && k.domain_oid != 0 && k.type == 'c')
      domain_checks[k.domain_oid].push_back(k.definition);
    schema.constraints.push_back(std::move(k));
  }
  if (!seeding)
    return;
  std::map<unsigned, std::vector<std::string>> labels;
  PgRows enums = session.query(snapshot_sql::enum_labels());
  for (std::size_t i = 0; i < enums.rows.size(); ++i)
    labels[oid(field(enums, i, 0))].push_back(field(enums, i, 1));
  for (auto& relation : schema.relations)
    for (auto& column : relation.columns) {
      if (column.domain_oid != 0)
        if (auto found = domain_checks.find(column.domain_oid); found != domain_checks.end())
          column.domain_checks = found->second;
      if (column.type.typtype == 'e')
        if (auto found = labels.find(column.type.oid); found != labels.end())
          column.type.enum_labels = found->second;
    }
}

void read_indexes(PgSession& session, const std::string& oids, bool sizes, LiveSchema& schema) {
  PgRows rows = session.query(snapshot_sql::indexes(oids, sizes));
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    LiveIndex x;
    x.schema = take(rows, i, 0);
    x.name = take(rows, i, 1);
    x.table_oid = oid(field(rows, i, 2));
    x.definition = take(rows, i, 3);
    x.unique = boolean(field(rows, i, 4));
    x.primary = boolean(field(rows, i, 5));
    x.valid = boolean(field(rows, i, 6));
    x.owned_by_constraint = boolean(field(rows, i, 7));
    x.attnums = int_array(field(rows, i, 8));
    x.bytes = integer(field(rows, i, 9));
    x.expression_attnums = int_array(field(rows, i, 10));
    schema.indexes.push_back(std::move(x));
  }
}

void read_statistics(PgSession& session, const std::unordered_map<unsigned, std::size_t>& by_oid,
                     LiveSchema& schema) {
  PgRows server = session.query(snapshot_sql::server());
  schema.server_version = take(server, 0, 0);
  schema.collected_at = take(server, 0, 1);
  PgRows settings = session.query(snapshot_sql::settings());
  for (std::size_t i = 0; i < settings.rows.size(); ++i)
    schema.settings.emplace_back(field(settings, i, 0), field(settings, i, 1));

  std::vector<unsigned> tables;
  for (const auto& r : schema.relations)
    if (r.kind == 'r' || r.kind == 'p' || r.kind == 'm')
      tables.push_back(r.oid);
  const std::string oids = oid_array(tables);
  const PgRows sizes = session.query(snapshot_sql::sizes(oids));
  for (std::size_t i = 0; i < sizes.rows.size(); ++i)
    schema.relations[by_oid.at(oid(field(sizes, i, 0)))].sizes = LiveRelationSizes{
        number(field(sizes, i, 1)), integer(field(sizes, i, 2)), integer(field(sizes, i, 3)),
        integer(field(sizes, i, 4)), integer(field(sizes, i, 5))};
  const PgRows stats = session.query(snapshot_sql::column_statistics(oids));
  for (std::size_t i = 0; i < stats.rows.size(); ++i) {
    LiveRelation& r = schema.relations[by_oid.at(oid(field(stats, i, 0)))];
    const int attnum = static_cast<int>(integer(field(stats, i, 1)));
    // Columns are in attnum order: a binary search keeps wide tables linear-logarithmic.
    const auto column =
        std::lower_bound(r.columns.begin(), r.columns.end(), attnum,
                         [](const LiveColumn& c, int wanted) { return c.attnum < wanted; });
    if (column != r.columns.end() && column->attnum == attnum)
      column->statistics =
          LiveColumnStatistics{number(field(stats, i, 2)), number(field(stats, i, 3)),
                               number(field(stats, i, 4)), number(field(stats, i, 5))};
  }
}

} // namespace

LiveSchema read_live_schema(PgSession& session, const SnapshotRequest& request) {
  ReadSnapshot snapshot(session, request.statistics);
  LiveSchema schema;
  read_relations(session, request, schema);
  std::unordered_map<unsigned, std::size_t> by_oid;
  std::vector<unsigned> oids, with_columns; // a sequence's own columns are not the user's
  for (std::size_t i = 0; i < schema.relations.size(); ++i) {
    by_oid[schema.relations[i].oid] = i;
    oids.push_back(schema.relations[i].oid);
    if (schema.relations[i].kind != 'S')
      with_columns.push_back(schema.relations[i].oid);
  }
  const std::string oid_list = oid_array(oids);

  PgRows columns = session.query(snapshot_sql::columns(oid_array(with_columns), request.seeding));
  for (std::size_t i = 0; i < columns.rows.size(); ++i)
    schema.relations[by_oid.at(oid(field(columns, i, 0)))].columns.push_back(column_of(columns, i));
  if (request.seeding)
    resolve_types(session, schema);
  read_constraints(session, by_oid, request.seeding, schema);
  read_indexes(session, oid_list, request.statistics, schema);
  if (request.statistics)
    read_statistics(session, by_oid, schema);
  if (request.definitions) {
    PgRows rows = session.query(snapshot_sql::other_objects());
    for (std::size_t i = 0; i < rows.rows.size(); ++i)
      schema.other_objects.push_back({take(rows, i, 0), take(rows, i, 1), take(rows, i, 2)});
  }
  return schema;
}

} // namespace pgdrydock
