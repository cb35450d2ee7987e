ALTER TABLE migration.users ADD COLUMN role_old varchar(50);
UPDATE migration.users
SET role_old = CASE
    WHEN role = 'tenant_admin' THEN 'admin'
    WHEN role = 'user' THEN 'client'
    ELSE role::text
  END;
ALTER TABLE migration.users DROP COLUMN role;
ALTER TABLE migration.users RENAME COLUMN role_old TO role;
DROP TYPE migration.user_role;
