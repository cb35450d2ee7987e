ALTER TABLE migration.users DROP CONSTRAINT fk_users_preferences;
ALTER TABLE migration.users DROP COLUMN preferences_id;
DROP INDEX migration.ix_user_preferences_user_id;
DROP TABLE migration.user_preferences;
