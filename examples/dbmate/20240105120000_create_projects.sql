-- migrate:up
CREATE TABLE projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(255) NOT NULL,
  description text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE resource_assignments (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  resource_name varchar(255) NOT NULL,
  allocation numeric(5, 2) NOT NULL DEFAULT 100
);

-- migrate:down
DROP TABLE resource_assignments;
DROP TABLE projects;
