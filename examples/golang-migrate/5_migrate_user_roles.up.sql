-- Move user roles to an enum: new column, backfill, drop the old one, rename.
CREATE TYPE migration.user_role AS ENUM ('superadmin', 'tenant_admin', 'user');
ALTER TABLE migration.users ADD COLUMN role_new migration.user_role;

-- One UPDATE of the whole table, in the same implicit transaction as the DDL around it.
UPDATE migration.users
SET role_new = (CASE
    WHEN role = 'superadmin' THEN 'superadmin'
    WHEN role = 'admin' THEN 'tenant_admin'
    ELSE 'user'
  END)::migration.user_role
WHERE role_new IS NULL;

ALTER TABLE migration.users DROP COLUMN role;
ALTER TABLE migration.users RENAME COLUMN role_new TO role;
