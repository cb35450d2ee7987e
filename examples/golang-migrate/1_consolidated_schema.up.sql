-- One migration that builds the whole schema from scratch, in the `migration` schema
-- (consolidated-schema strategy: every table of the platform in one place).
CREATE SCHEMA IF NOT EXISTS migration;

-- The application connects as this role; roles are cluster-wide, so create it only once.
DO $$
BEGIN
  CREATE ROLE application_role NOLOGIN;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;

CREATE TABLE migration.client_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(255) NOT NULL,
  slug varchar(100) NOT NULL UNIQUE,
  industry varchar(100),
  subscription_tier varchar(50) NOT NULL DEFAULT 'standard',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE migration.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  auth0_user_id varchar(255) NOT NULL UNIQUE,
  email varchar(255) NOT NULL,
  full_name varchar(255),
  role varchar(50) NOT NULL DEFAULT 'client',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE migration.engagements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id),
  name varchar(255) NOT NULL,
  status varchar(50) NOT NULL DEFAULT 'planning',
  created_by uuid REFERENCES migration.users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE migration.discovery_flows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  flow_id uuid NOT NULL UNIQUE,
  master_flow_id uuid,
  client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id),
  engagement_id uuid NOT NULL REFERENCES migration.engagements (id),
  status varchar(50) NOT NULL DEFAULT 'pending',
  phases jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE migration.data_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id),
  engagement_id uuid NOT NULL REFERENCES migration.engagements (id),
  master_flow_id uuid,
  import_name varchar(255) NOT NULL,
  status varchar(50) NOT NULL DEFAULT 'pending',
  total_records integer NOT NULL DEFAULT 0,
  imported_by uuid REFERENCES migration.users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE migration.assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id),
  engagement_id uuid NOT NULL REFERENCES migration.engagements (id),
  master_flow_id uuid,
  discovery_flow_id uuid REFERENCES migration.discovery_flows (id),
  asset_name varchar(255) NOT NULL,
  asset_type varchar(50) NOT NULL,
  hostname varchar(255),
  ip_address inet,
  environment varchar(50),
  six_r_strategy varchar(20),
  migration_wave integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz
);

CREATE TABLE migration.documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES migration.client_accounts (id),
  title varchar(255) NOT NULL,
  status varchar(50) NOT NULL DEFAULT 'draft',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE migration.sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES migration.users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
