-- User preferences: a new table (safe) and a foreign key from the existing users table
-- (validated at once, which scans users and blocks writes to both tables meanwhile).
CREATE TABLE migration.user_preferences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES migration.users (id) ON DELETE CASCADE,
  theme varchar(50),
  language varchar(10),
  timezone varchar(50),
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz
);
CREATE INDEX ix_user_preferences_user_id ON migration.user_preferences (user_id);

ALTER TABLE migration.users ADD COLUMN preferences_id uuid;
ALTER TABLE migration.users
  ADD CONSTRAINT fk_users_preferences FOREIGN KEY (preferences_id)
  REFERENCES migration.user_preferences (id) ON DELETE SET NULL;
