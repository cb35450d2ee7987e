-- migrate:up
-- Track the project lifecycle; existing projects default to 'active'.
ALTER TABLE projects ADD COLUMN status varchar(50) NOT NULL DEFAULT 'active';
-- Longer names: widening a varchar needs no table rewrite.
ALTER TABLE projects ALTER COLUMN name TYPE varchar(500);
-- A derived label, backfilled in one statement over the whole table.
ALTER TABLE resource_assignments ADD COLUMN resource_label varchar(255);
UPDATE resource_assignments SET resource_label = upper(resource_name);

-- migrate:down
ALTER TABLE resource_assignments DROP COLUMN resource_label;
ALTER TABLE projects ALTER COLUMN name TYPE varchar(255);
ALTER TABLE projects DROP COLUMN status;
