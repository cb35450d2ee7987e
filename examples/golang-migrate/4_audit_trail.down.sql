DROP TRIGGER IF EXISTS audit_sessions_trigger ON migration.sessions;
DROP TRIGGER IF EXISTS audit_documents_trigger ON migration.documents;
DROP TRIGGER IF EXISTS audit_users_trigger ON migration.users;
DROP FUNCTION IF EXISTS migration.audit_trigger_function();
DROP INDEX migration.idx_audit_logs_user_timestamp;
DROP INDEX migration.idx_audit_logs_table_timestamp;
DROP TABLE migration.audit_logs;
