-- Audit trail: a log table and a trigger on the audited tables.
CREATE TABLE migration.audit_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  table_name varchar(255) NOT NULL,
  operation varchar(10) NOT NULL,
  user_id uuid,
  tenant_id uuid,
  old_values jsonb,
  new_values jsonb,
  "timestamp" timestamptz NOT NULL
);
CREATE INDEX idx_audit_logs_table_timestamp ON migration.audit_logs (table_name, "timestamp");
CREATE INDEX idx_audit_logs_user_timestamp ON migration.audit_logs (user_id, "timestamp");

CREATE OR REPLACE FUNCTION migration.audit_trigger_function()
RETURNS trigger AS $$
BEGIN
  INSERT INTO migration.audit_logs (
    table_name, operation, user_id, tenant_id, old_values, new_values, "timestamp"
  ) VALUES (
    TG_TABLE_NAME, TG_OP,
    current_setting('app.current_user_id', true)::uuid,
    current_setting('app.current_tenant_id', true)::uuid,
    CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) ELSE NULL END,
    CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) ELSE NULL END,
    now()
  );
  RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER;

CREATE TRIGGER audit_users_trigger
  AFTER INSERT OR UPDATE OR DELETE ON migration.users
  FOR EACH ROW EXECUTE FUNCTION migration.audit_trigger_function();
CREATE TRIGGER audit_documents_trigger
  AFTER INSERT OR UPDATE OR DELETE ON migration.documents
  FOR EACH ROW EXECUTE FUNCTION migration.audit_trigger_function();
CREATE TRIGGER audit_sessions_trigger
  AFTER INSERT OR UPDATE OR DELETE ON migration.sessions
  FOR EACH ROW EXECUTE FUNCTION migration.audit_trigger_function();
