-- The benchmark's assistant (bench/run.sh and bench/citus.sh): the issue's
-- file has 6 typed variables; the secondary contacts' "name" is not one, so
-- it is kept as text (README, Mapping). Each script adds its campaigns.
CREATE EXTENSION leadimport;
INSERT INTO leadimport.assistants (id, name) VALUES (1, 'Benchmark assistant');
INSERT INTO leadimport.assistant_variables
  (assistant_id, name, data_type, required, max_length, default_value, position) VALUES
  (1, 'customer_name', 'text',    true,  60,   NULL,    1),
  (1, 'company',       'text',    false, 80,   NULL,    2),
  (1, 'age',           'number',  false, NULL, NULL,    3),
  (1, 'score',         'number',  false, NULL, NULL,    4),
  (1, 'vip',           'boolean', false, NULL, 'false', 5),
  (1, 'opted_in',      'boolean', false, NULL, 'false', 6);
