-- Tenant isolation with row-level security on every tenant-scoped table.
ALTER TABLE migration.assets ENABLE ROW LEVEL SECURITY;
CREATE POLICY assets_tenant_isolation ON migration.assets
  FOR ALL TO application_role
  USING (client_account_id = current_setting('app.client_id')::uuid);

ALTER TABLE migration.discovery_flows ENABLE ROW LEVEL SECURITY;
CREATE POLICY discovery_flows_tenant_isolation ON migration.discovery_flows
  FOR ALL TO application_role
  USING (client_account_id = current_setting('app.client_id')::uuid);

ALTER TABLE migration.data_imports ENABLE ROW LEVEL SECURITY;
CREATE POLICY data_imports_tenant_isolation ON migration.data_imports
  FOR ALL TO application_role
  USING (client_account_id = current_setting('app.client_id')::uuid);

GRANT USAGE ON SCHEMA migration TO application_role;
GRANT ALL ON ALL TABLES IN SCHEMA migration TO application_role;
