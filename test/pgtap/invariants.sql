-- Invariants of every import, whatever the file.
BEGIN;
SET client_min_messages = error;
SELECT plan(14);

INSERT INTO leadimport.assistants (id, name) VALUES (100, 'TAP');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position)
  VALUES (100, 'name', 'text', true, 1), (100, 'score', 'number', false, 2);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (100, 'TAP', 100), (101, 'TAP strict', 100);

CREATE TEMP TABLE t_file AS SELECT convert_to(
  E'phone,name,score\n'
  '+14155550001,A,1\n'
  '+14155550002,B,x\n'
  '+14155550001,C,3\n'
  '+14155550003,,4\n'
  '+1415555,E,5\n'
  '+14155550004,F,6\n', 'UTF8') AS data;

-- all or nothing
SELECT lives_ok($$ SELECT leadimport.import_data(101, 'strict.csv', (SELECT data FROM t_file), '{"ignore_errors": false}') $$,
  'a file with bad rows and ignore_errors false does not raise');
SELECT is((SELECT status FROM leadimport.imports WHERE campaign_id = 101), 'failed', 'it is recorded as failed');
SELECT is((SELECT count(*)::int FROM leadimport.leads WHERE campaign_id = 101), 0, 'nothing imported when a row is bad and ignore_errors is false');
SELECT is((SELECT count(DISTINCT row_number)::int FROM leadimport.import_errors WHERE campaign_id = 101), 4, 'every bad row is still reported');

-- partial success
SELECT leadimport.import_data(100, 'loose.csv', (SELECT data FROM t_file)) AS id \gset
SELECT is((SELECT status FROM leadimport.imports WHERE id = :id), 'completed', 'ignore_errors true completes');
SELECT is((SELECT imported_rows + failed_rows FROM leadimport.imports WHERE id = :id),
          (SELECT total_rows FROM leadimport.imports WHERE id = :id), 'imported_rows + failed_rows = total_rows');
SELECT is((SELECT imported_rows::int FROM leadimport.imports WHERE id = :id),
          (SELECT count(*)::int FROM leadimport.leads WHERE import_id = :id), 'imported_rows counts the leads');
SELECT is((SELECT failed_rows::int FROM leadimport.imports WHERE id = :id),
          (SELECT count(DISTINCT row_number)::int FROM leadimport.import_errors WHERE import_id = :id), 'failed_rows counts the reported rows');

-- duplicates are never inserted, in the file or against the campaign
SELECT leadimport.import_data(100, 'again.csv', (SELECT data FROM t_file)) AS again \gset
SELECT is((SELECT imported_rows::int FROM leadimport.imports WHERE id = :again), 0, 're-importing the same file imports nothing');
SELECT is((SELECT count(*)::int FROM leadimport.import_errors WHERE import_id = :again AND code = 'duplicate_in_campaign'), 3,
  'the rows with good numbers are reported as duplicates of the campaign (a row rejected earlier in the file does not count)');
SELECT is((SELECT count(*)::int FROM (SELECT phone_number FROM leadimport.leads WHERE campaign_id = 100
           GROUP BY phone_number HAVING count(*) > 1) d), 0, 'no phone number twice in a campaign');

-- the error report re-imports cleanly once fixed
SELECT leadimport.error_report(:id) AS report \gset
SELECT ok(:'report' LIKE 'phone,name,score,error_row,error_column,error_code,error_message,how_to_fix%', 'the report starts with the original header');
SELECT leadimport.import_data(100, 'fixed.csv', convert_to(
  replace(replace(replace(replace(:'report', ',x,', ',2,'), '+14155550001,C', '+14155550005,C'),
          '+14155550003,,', '+14155550003,D,'), '+1415555,', '+14155550006,'), 'UTF8')) AS fixed \gset
SELECT is((SELECT failed_rows::int FROM leadimport.imports WHERE id = :fixed), 0, 'the corrected report has no errors');
SELECT is((SELECT imported_rows::int FROM leadimport.imports WHERE id = :fixed), 4, 'and imports every corrected row');

SELECT * FROM finish();
ROLLBACK;
