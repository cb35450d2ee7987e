-- migrate:up
CREATE TABLE t (id int);
ALTER TABLE t ADD COLUMN v text DEFAULT lower($$X$$);

-- migrate:down
DROP TABLE t;
