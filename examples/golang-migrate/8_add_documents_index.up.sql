-- The safe way: CONCURRENTLY, alone in its file (golang-migrate sends a file as one query, and
-- CREATE INDEX CONCURRENTLY refuses to run inside a multi-statement transaction).
CREATE INDEX CONCURRENTLY idx_documents_tenant_status_created
  ON migration.documents (tenant_id, status, created_at DESC);
