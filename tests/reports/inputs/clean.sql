-- Nothing dangerous here.
CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb);
INSERT INTO audit_log (body) VALUES ('{}');
