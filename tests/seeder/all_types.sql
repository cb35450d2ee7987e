-- Every type and constraint form the seeder supports; the server enforces them while loading.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE user_role AS ENUM ('admin', 'member', 'guest');
CREATE DOMAIN positive_int AS integer NOT NULL CHECK (VALUE > 0);
CREATE SCHEMA billing;

CREATE TABLE organisations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name varchar(40) NOT NULL UNIQUE CHECK (name <> ''),
  slug citext NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id serial PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES organisations (id),
  email text NOT NULL UNIQUE CHECK (length(email) <= 60),
  role user_role NOT NULL DEFAULT 'member',
  roles user_role[] NOT NULL DEFAULT '{}',
  external_id uuid NOT NULL UNIQUE,
  age smallint CHECK (age BETWEEN 18 AND 120),
  score real,
  balance double precision NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  born date,
  last_login timestamp,
  wake_up time,
  settings jsonb NOT NULL DEFAULT '{}',
  raw_settings json,
  avatar bytea,
  last_ip inet,
  network cidr,
  mac macaddr,
  session_length interval,
  tags text[],
  country char(2) NOT NULL CHECK (country IN ('DE', 'FR', 'NL')),
  status varchar(10) NOT NULL CHECK (status IN ('new', 'active', 'banned')),
  visits positive_int,
  full_name text GENERATED ALWAYS AS (email || '!') STORED
);

CREATE TABLE billing.invoices (
  id bigserial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  amount numeric(10, 2) NOT NULL CHECK (amount > 0),
  tax_rate numeric(4, 3) NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 1),
  number varchar(12) NOT NULL,
  issued_on date NOT NULL,
  note text CHECK (char_length(note) >= 3),
  UNIQUE (user_id, number)
);

CREATE TABLE billing.invoice_lines (
  invoice_id bigint NOT NULL REFERENCES billing.invoices (id) ON DELETE CASCADE,
  line_no int NOT NULL CHECK (line_no >= 1),
  quantity int NOT NULL CHECK (quantity > 0 AND quantity <= 1000),
  unit_price numeric NOT NULL CHECK (unit_price >= 0.5),
  PRIMARY KEY (invoice_id, line_no)
);

-- A join table: its primary key is made of two foreign keys.
CREATE TABLE memberships (
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id bigint NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (user_id, organisation_id)
);
