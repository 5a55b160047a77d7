-- A CSV import end to end: every kind of row error, the leads, contacts and
-- errors it leaves, and the error report.
INSERT INTO leadimport.assistants (id, name) VALUES (1, 'Sales assistant');
INSERT INTO leadimport.assistant_variables
  (assistant_id, name, data_type, required, max_length, default_value, position) VALUES
  (1, 'customer_name', 'text', true, 20, NULL, 1),
  (1, 'age', 'number', false, NULL, NULL, 2),
  (1, 'vip', 'boolean', false, NULL, NULL, 3),
  (1, 'city', 'text', true, NULL, 'Unknown', 4);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (1, 'Spring', 1);
INSERT INTO leadimport.leads (campaign_id, phone_number, variables)
  VALUES (1, '+14155550100', '{"customer_name": "Existing"}');

SELECT leadimport.detect_mapping(1,
  ARRAY['Phone Number', 'Customer Name', 'AGE', 'VIP', 'notes', 'secondary_phone_1', 'secondary_1_name'],
  '{"secondary_contacts": 1}');

SELECT leadimport.import_data(1, 'leads.csv', convert_to(
E'Phone Number,Customer Name,Age,VIP,City,secondary_phone_1,secondary_1_name,secondary_1_role\r\n'
 '+1 415 555 2671,Ada Lovelace,36,yes,London,+44 7911 123456,Charles,assistant\r\n'
 '+1 415 555 2672,"Turing, Alan",41,N,,,,\r\n'
 '\r\n'
 '+1 415 555 2673,"Grace ""Amazing"" Hopper",85,true,NYC,+1 415 555 2673,,\r\n'
 'not a phone,Nobody,abc,maybe,Paris,,,\r\n'
 '+1 415 555 2671,Ada Again,1,1,London,,,\r\n'
 '+1 415 555 0100,Already There,2,0,Oslo,,,\r\n'
 '+1 415 555 2674,,3,f,Rome,,Orphan,\r\n'
 '+1 415 555 2675,A name that is far too long for it,4,t,Rome,,,\r\n'
 '+1 415 555 2676,"Multi\nLine",5,F,"Ber\nlin",+1 415 555 2677,Zed,boss,extra\r\n'
 '4155552678,Lost Plus,6,y,Rome,,,\r\n'
 '14155552679,Spreadsheet,7,Y,Rome,,,\r\n', 'UTF8'),
  '{"secondary_contacts": 1}') AS import_id \gset

SELECT status, total_rows, processed_rows, imported_rows, failed_rows, error, format, file_name
  FROM leadimport.imports WHERE id = :import_id;
SELECT mapping FROM leadimport.imports WHERE id = :import_id;
SELECT phone_number, variables, source_row FROM leadimport.leads
 WHERE campaign_id = 1 ORDER BY source_row NULLS FIRST;
SELECT l.source_row, c.position, c.phone_number, c.variables
  FROM leadimport.lead_contacts c JOIN leadimport.leads l ON l.campaign_id = c.campaign_id AND l.id = c.lead_id
 ORDER BY l.source_row, c.position;
SELECT row_number, column_name, code, message, hint FROM leadimport.import_errors
 WHERE import_id = :import_id ORDER BY row_number, id;
\pset format unaligned
\pset tuples_only on
SELECT replace(leadimport.error_report(:import_id), E'\r\n', E'\n');
\pset format aligned
\pset tuples_only off
SELECT status, total_rows, processed_rows, imported_rows, failed_rows, percent_done, error
  FROM leadimport.import_status(:import_id);
SELECT leadimport.wait_import(:import_id);
SELECT leadimport.cancel_import(:import_id);
