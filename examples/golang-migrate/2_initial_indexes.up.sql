-- Performance indexes. The tables already hold data in production: without CONCURRENTLY each
-- CREATE INDEX blocks every write to its table until the build finishes.
CREATE INDEX ix_assets_master_flow_id ON migration.assets (master_flow_id);
CREATE INDEX ix_assets_client_engagement ON migration.assets (client_account_id, engagement_id);
CREATE INDEX ix_data_imports_master_flow_id ON migration.data_imports (master_flow_id);
