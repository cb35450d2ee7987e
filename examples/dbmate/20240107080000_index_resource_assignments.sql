-- migrate:up transaction:false
-- CONCURRENTLY cannot run inside a transaction: this section opts out of dbmate's wrapping.
CREATE INDEX CONCURRENTLY idx_resource_assignments_project_id
  ON resource_assignments (project_id);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY idx_resource_assignments_project_id;
