-- A typical first migration: a table, then indexes, one of them on an existing table.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE INDEX customers_name_idx ON customers (name);

-- Noms accentués: the column after multi-byte text must still be right.
COMMENT ON TABLE customers IS 'clients café';
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);
