SELECT 1;
ALTER TABLE orders ADD COLUMN note text;
SELEC broken FROM orders;
DROP INDEX orders_customer_idx;
