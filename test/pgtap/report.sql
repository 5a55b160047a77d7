-- The error report and the notification (issue 11, items 11 and 12): what
-- they hold, and that another role gets none of it.
BEGIN;
SET client_min_messages = error;
SELECT plan(16);

INSERT INTO leadimport.assistants (id, name) VALUES (400, 'Report');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, position)
  VALUES (400, 'name', 'text', 1), (400, 'n', 'number', 2), (400, 'vip', 'boolean', 3);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (400, 'Report', 400);

-- a file with more than 10 kinds of row error, one with cells beyond the
-- header, and a file that failed as a whole
SELECT leadimport.import_data(400, 'rows.csv', convert_to(
  E'phone,name,n,vip\n'
  ',a\nx,a\ny,a\n4155550199,a\n+999 123456,a\n+1 415,a\n+1 415 555 12345,a\n+1 200 555 0100,a\n'
  '+14155550401,a\n+14155550401,a\n+14155550402,a,q\n+14155550403,a,1,t,extra,cells\n'
  '+14155550405,a,1,maybe\n   ,  ,\t\n', 'UTF8'),
  '{"background": false}') AS id \gset
SELECT leadimport.import_data(400, 'broken.csv', convert_to(E'phone,name\nx,a\n+14155550404,"b\n', 'UTF8'),
  '{"background": false}') AS broken \gset

SELECT is((SELECT failed_rows::int FROM leadimport.imports WHERE id = :id),
          (SELECT count(DISTINCT row_number)::int FROM leadimport.import_errors WHERE import_id = :id),
          'failed_rows counts the reported rows');
SELECT is((SELECT count(*)::int FROM leadimport.import_errors WHERE import_id = :id AND row_number = 15), 0,
          'a row of spaces is blank, not an error');
SELECT ok(split_part(leadimport.error_report(:id), E'\r\n', 1) LIKE 'phone,name,n,vip,column_5,column_6,error_row,%',
          'cells beyond the header get columns in the report');
SELECT ok(strpos(leadimport.error_report(:id), E'\r\n+14155550403,a,1,t,extra,cells,13,') > 0,
          'and the row keeps them');
SELECT is((SELECT failed_rows::int || '/' || imported_rows || '/' || processed_rows FROM leadimport.imports WHERE id = :broken),
          '0/0/1', 'a file error: no row imported, none reported, the rows read before it processed');
SELECT is(split_part(leadimport.error_report(:broken), E'\r\n', 2),
          ',,,,malformed_csv,row 3 has a quote that is never closed,"Check that row for a stray "" character: '
          'a quoted cell must end with a quote, and quotes inside it must be doubled ("""")."',
          'a file that failed as a whole: one line with its error and how to fix it');
SELECT is(split_part(leadimport.error_report(:broken), E'\r\n', 3), '', 'and nothing else');

-- the notification: bounded error_counts, the call that returns the report
SELECT is((SELECT count(*)::int FROM leadimport.notifications n, jsonb_object_keys(n.payload->'error_counts')
            WHERE import_id = :id), 11, 'error_counts: the 10 codes with the most rows, then "other"');
SELECT is((SELECT (payload->'error_counts'->>'phone_not_a_number')::int FROM leadimport.notifications WHERE import_id = :id),
          2, 'rows per code');
SELECT is((SELECT (payload->'error_counts'->>'other')::int FROM leadimport.notifications WHERE import_id = :id),
          (SELECT count(DISTINCT row_number)::int FROM leadimport.import_errors WHERE import_id = :id
              AND code NOT IN (SELECT jsonb_object_keys(payload->'error_counts') FROM leadimport.notifications
                                WHERE import_id = :id)),
          '"other" counts the rows of the other codes');
SELECT is((SELECT payload->>'report' FROM leadimport.notifications WHERE import_id = :id),
          format('SELECT leadimport.error_report(%s)', :id), 'report is the call that returns the report');
SELECT is((SELECT payload->'error_counts' FROM leadimport.notifications WHERE import_id = :broken), '{}'::jsonb,
          'a failed file has no row counts');

-- another role: no notification, no report, no import
CREATE ROLE li_tap_report_other NOLOGIN;
GRANT USAGE ON SCHEMA leadimport TO li_tap_report_other;
SET ROLE li_tap_report_other;
SELECT is((SELECT count(*)::int FROM leadimport.notifications WHERE import_id IN (:id, :broken)), 0,
          'another role sees none of the notifications');
SELECT is((SELECT count(*)::int FROM leadimport.imports WHERE id IN (:id, :broken)), 0, 'nor the imports');
SELECT throws_ok(format('SELECT leadimport.error_report(%s)', :broken), '42704', NULL,
                 'a failed file''s report is "does not exist" for another role');
SELECT throws_ok(format('SELECT leadimport.error_report(%s)', :id), '42704', NULL,
                 'and so is the row report');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
