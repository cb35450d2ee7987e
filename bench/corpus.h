// A generated corpus of realistic migrations (the statement mix of the seeds' Alembic guides
// rendered to SQL: tables, indexes, constraints, backfills, functions, triggers, RLS), so the
// throughput benchmark and the squawk comparison read the same bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

namespace pgdrydock::bench {

inline std::string corpus_migration(int i) {
  // A small deterministic generator: the same i always gives the same migration.
  std::uint32_t x = static_cast<std::uint32_t>(i) * 2654435761U + 12345U;
  auto next = [&x] { return x = x * 1664525U + 1013904223U; };
  const std::string t = fmt::format("orders_{}", i % 97);
  const std::string c = fmt::format("col_{}", i);
  std::string sql = fmt::format("-- migration {}: generated for the throughput benchmark\n", i);
  sql += "SET lock_timeout = '2s';\n";
  switch (next() % 8) {
  case 0:
    sql += fmt::format(
        "CREATE TABLE IF NOT EXISTS {}_archive (\n  id bigserial PRIMARY KEY,\n"
        "  tenant_id uuid NOT NULL,\n  email varchar(255) NOT NULL UNIQUE,\n"
        "  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done')),\n"
        "  payload jsonb,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n",
        t);
    sql += fmt::format("CREATE INDEX idx_{0}_archive_tenant ON {0}_archive (tenant_id);\n", t);
    break;
  case 1:
    sql += fmt::format("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_{0}_{1} ON {0} ({1});\n", t, c);
    break;
  case 2:
    sql += fmt::format("ALTER TABLE {} ADD COLUMN {} boolean NOT NULL DEFAULT false;\n", t, c);
    sql += fmt::format("UPDATE {} SET {} = true WHERE id < 1000;\n", t, c);
    break;
  case 3:
    sql += fmt::format("ALTER TABLE {0} ADD CONSTRAINT fk_{0}_{1} FOREIGN KEY ({1}) "
                       "REFERENCES customers (id) NOT VALID;\n",
                       t, c);
    sql += fmt::format("ALTER TABLE {0} VALIDATE CONSTRAINT fk_{0}_{1};\n", t, c);
    break;
  case 4:
    sql += fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;\n", t, c);
    sql += fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE bigint;\n", t, c);
    break;
  case 5:
    sql += fmt::format(
        "CREATE OR REPLACE FUNCTION audit_{0}() RETURNS trigger AS $$\nBEGIN\n"
        "  INSERT INTO audit_log (table_name, op, row_data) VALUES (TG_TABLE_NAME, TG_OP, "
        "row_to_json(NEW));\n  RETURN NEW; -- a ; inside the body\nEND;\n$$ LANGUAGE plpgsql;\n"
        "CREATE TRIGGER trg_audit_{0} AFTER INSERT OR UPDATE ON {0}\n"
        "  FOR EACH ROW EXECUTE FUNCTION audit_{0}();\n",
        t);
    break;
  case 6:
    sql += fmt::format("ALTER TABLE {0} ENABLE ROW LEVEL SECURITY;\n"
                       "CREATE POLICY tenant_isolation_{1} ON {0}\n"
                       "  USING (tenant_id = current_setting('app.tenant_id')::uuid);\n",
                       t, i);
    break;
  default:
    sql += fmt::format("DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = "
                       "'role_{0}') THEN\n    CREATE TYPE role_{0} AS ENUM ('admin', 'user');\n"
                       "  END IF;\nEND\n$$;\n"
                       "ALTER TABLE {1} ADD COLUMN {2} text DEFAULT 'user';\n"
                       "COMMENT ON COLUMN {1}.{2} IS 'role of the user, see docs';\n",
                       i, t, c);
    break;
  }
  return sql;
}

inline std::size_t write_corpus(const std::filesystem::path& dir, int count) {
  std::filesystem::create_directories(dir);
  std::size_t bytes = 0;
  for (int i = 1; i <= count; ++i) {
    std::string sql = corpus_migration(i);
    bytes += sql.size();
    std::ofstream(dir / fmt::format("{:05}_migration_{}.sql", i, i)) << sql;
  }
  return bytes;
}

} // namespace pgdrydock::bench
