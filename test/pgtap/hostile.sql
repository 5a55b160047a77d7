-- Hostile and odd files through import_data: a clear outcome, never a crash,
-- never a partial import.
BEGIN;
SET client_min_messages = error;
SELECT plan(12);

INSERT INTO leadimport.assistants (id, name) VALUES (300, 'Hostile');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, position)
  VALUES (300, 'name', 'text', 1), (300, 'n', 'number', 2);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (300, 'Hostile', 300);

CREATE FUNCTION pg_temp.outcome(data bytea, options jsonb DEFAULT '{}') RETURNS text
LANGUAGE plpgsql AS $$
DECLARE import_id bigint := leadimport.import_data(300, 'h.csv', data, options);
BEGIN
  RETURN (SELECT status || ':' || coalesce(error_code, '') || ':' || imported_rows
            FROM leadimport.imports WHERE imports.id = import_id);
END $$;

SELECT is(pg_temp.outcome('\x70686f6e650a2b3134313535353532363731000a'::bytea), 'failed:invalid_encoding:0',
  'a NUL byte fails the file');
SELECT is(pg_temp.outcome('\xfffe700068006f006e0065000a00'::bytea), 'failed:unsupported_format:0',
  'UTF-16 text is refused with a clear error');
SELECT is(pg_temp.outcome(convert_to('phone,name' || E'\n+14155552671,"' || repeat('x', 2000000), 'UTF8')),
  'failed:cell_too_large:0', 'a 2 MB runaway quoted cell fails the file, not the server');
SELECT is(pg_temp.outcome(convert_to('phone,' || (SELECT string_agg('c' || g, ',') FROM generate_series(1, 5000) g)
  || E'\n+14155552671' || repeat(',v', 5000) || E'\n', 'UTF8')), 'completed::1', 'a 5,000-column file imports');
SELECT is(pg_temp.outcome(convert_to(E',,,,\n,,,,\n', 'UTF8')), 'failed:empty_file:0',
  'rows of delimiters only are blank: the file is empty');
SELECT is(pg_temp.outcome(convert_to(E'phone,n\n+14155552672,1e999999\n', 'UTF8')), 'completed::0',
  'a number PostgreSQL could not store is a row error, not a failed batch');
SELECT is((SELECT code FROM leadimport.import_errors WHERE campaign_id = 300 ORDER BY id DESC LIMIT 1),
  'invalid_number', '... reported as invalid_number');
SELECT is(pg_temp.outcome(convert_to(E'phone\n' || repeat(E'\n', 100000) || E'+14155552673\n', 'UTF8'), '{"background": false}'),
  'completed::1', '100,000 blank lines are skipped');
SELECT is((SELECT source_row FROM leadimport.leads WHERE campaign_id = 300 AND phone_number = '+14155552673'),
  100002::bigint, '... and still counted in the row numbers');
SELECT is(pg_temp.outcome('\x504b0304deadbeef'::bytea), 'failed:corrupt_file:0', 'a truncated zip fails as corrupt');

-- formulas in the error report are neutralised
SELECT pg_temp.outcome(convert_to(E'phone,name\nnope,=HYPERLINK("http://x")\n', 'UTF8'));
SELECT ok(leadimport.error_report((SELECT max(id) FROM leadimport.imports WHERE campaign_id = 300))
          LIKE '%''=HYPERLINK(%', 'a formula cell gets a leading apostrophe in the report');
SELECT is((SELECT count(*)::int FROM leadimport.leads l JOIN leadimport.imports i
            ON i.campaign_id = l.campaign_id AND i.id = l.import_id
           WHERE l.campaign_id = 300 AND i.status = 'failed'), 0, 'failed files left no leads');

SELECT * FROM finish();
ROLLBACK;
