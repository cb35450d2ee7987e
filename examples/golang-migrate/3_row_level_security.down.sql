-- Only disables RLS: the policies and grants stay behind, so the schema after this downgrade
-- is not the schema before the upgrade (and upgrading again fails on the existing policies).
ALTER TABLE migration.assets DISABLE ROW LEVEL SECURITY;
ALTER TABLE migration.discovery_flows DISABLE ROW LEVEL SECURITY;
ALTER TABLE migration.data_imports DISABLE ROW LEVEL SECURITY;
