-- Mistakes in the call: an ERROR with the right SQLSTATE, and nothing recorded.
BEGIN;
SELECT plan(12);

INSERT INTO leadimport.assistants (id, name) VALUES (200, 'Errors');
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (200, 'Errors', 200);
CREATE TEMP TABLE f AS SELECT convert_to(E'phone_number\n+14155552671\n', 'UTF8') AS data;

SELECT throws_ok($$ SELECT leadimport.import_data(999999, 'x.csv', (SELECT data FROM f)) $$,
  '42704', 'campaign 999999 does not exist', 'unknown campaign: undefined_object');
SELECT throws_ok($$ SELECT leadimport.import_data(200, 'x.csv', (SELECT data FROM f), '{"bogus": 1}') $$,
  '22023', NULL, 'unknown option: invalid_parameter_value');
SELECT throws_ok($$ SELECT leadimport.import_data(200, 'x.csv', (SELECT data FROM f), '"text"') $$,
  '22023', NULL, 'options not an object: invalid_parameter_value');
SELECT throws_ok($$ SELECT leadimport.import_data(200, 'x.csv', (SELECT data FROM f), '{"phone_format": "national"}') $$,
  '22023', NULL, 'national without country: invalid_parameter_value');
SELECT throws_ok($$ SELECT leadimport.import_data(200, 'x.csv', (SELECT data FROM f), '{"mapping": {"phone": "x"}}') $$,
  '22023', NULL, 'malformed mapping: invalid_parameter_value');
SELECT throws_ok($$ SELECT leadimport.import_data(200, 'x.csv', NULL) $$,
  '22004', NULL, 'null data: null_value_not_allowed');
SELECT throws_ok($$ SELECT leadimport.import_file(200, '/no/such/file.csv') $$,
  '58P01', NULL, 'missing server file: undefined_file');
SELECT throws_ok($$ SELECT leadimport.import_staged(200, 'no_such_table') $$,
  '42P01', NULL, 'missing staging table: undefined_table');
SELECT throws_ok($$ SELECT leadimport.error_report(-1) $$, '42704', NULL, 'unknown import: undefined_object');
SELECT throws_ok($$ SELECT * FROM leadimport.import_status(-1) $$, '42704', NULL, 'status of an unknown import');

CREATE ROLE leadimport_tap_clerk;
GRANT USAGE ON SCHEMA leadimport TO leadimport_tap_clerk;
SET ROLE leadimport_tap_clerk;
SELECT throws_ok($$ SELECT leadimport.import_file(200, '/etc/hostname') $$,
  '42501', NULL, 'server files need pg_read_server_files: insufficient_privilege');
RESET ROLE;

SELECT is((SELECT count(*)::int FROM leadimport.imports WHERE campaign_id = 200), 0,
  'no call mistake left an import behind');

SELECT * FROM finish();
ROLLBACK;
