-- Excel files through the same pipeline: .xlsx made by openpyxl and by
-- LibreOffice, .xls made by LibreOffice and by xlwt; errors at the sheet's own
-- row numbers (rows 4-5 of the sheet are absent); hostile workbooks.
INSERT INTO leadimport.assistants (id, name) VALUES (10, 'Excel');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position) VALUES
  (10, 'customer_name', 'text', true, 1), (10, 'age', 'number', false, 2),
  (10, 'vip', 'boolean', false, 3), (10, 'signup', 'text', false, 4);
INSERT INTO leadimport.campaigns (id, name, assistant_id)
  SELECT 10 + g, 'Excel ' || g, 10 FROM generate_series(0, 4) g;
\getenv fixtures LEADIMPORT_FIXTURES

CREATE FUNCTION excel(campaign bigint, file text, options jsonb DEFAULT '{}')
RETURNS TABLE (status text, format text, total bigint, imported bigint, failed bigint,
               error_code text, error text)
LANGUAGE plpgsql AS $$
DECLARE
  import_id bigint := leadimport.import_file(campaign, current_setting('test.fixtures') || '/excel/' || file, options);
BEGIN
  RETURN QUERY SELECT i.status, i.format, i.total_rows, i.imported_rows, i.failed_rows, i.error_code, i.error
                 FROM leadimport.imports i WHERE i.id = import_id;
END
$$;
SELECT set_config('test.fixtures', :'fixtures', false) IS NOT NULL AS ok;

SELECT * FROM excel(10, 'leads_openpyxl.xlsx');
SELECT phone_number, variables, source_row FROM leadimport.leads WHERE campaign_id = 10 ORDER BY source_row;
SELECT row_number, column_name, code FROM leadimport.import_errors WHERE campaign_id = 10 ORDER BY row_number;

SELECT * FROM excel(11, 'leads_libreoffice.xlsx');
SELECT * FROM excel(12, 'leads_libreoffice.xls');
SELECT * FROM excel(13, 'leads_xlwt.xls');
-- the four files give the same leads
SELECT campaign_id, string_agg(phone_number || ' ' || variables::text || ' @' || source_row, '; ' ORDER BY source_row)
       = (SELECT string_agg(phone_number || ' ' || variables::text || ' @' || source_row, '; ' ORDER BY source_row)
            FROM leadimport.leads WHERE campaign_id = 10) AS same_as_openpyxl
  FROM leadimport.leads WHERE campaign_id IN (11, 12) GROUP BY campaign_id ORDER BY campaign_id;
SELECT row_number, code FROM leadimport.import_errors WHERE campaign_id = 13 ORDER BY row_number;

-- the second sheet, by name and by number; an unknown sheet
SELECT * FROM excel(14, 'leads_openpyxl.xlsx', '{"sheet": "Other"}');
SELECT * FROM excel(14, 'leads_libreoffice.xls', '{"sheet": 2}');
SELECT * FROM excel(14, 'leads_openpyxl.xlsx', '{"sheet": "Nope"}');

-- the error report of a workbook is CSV with the sheet's row numbers
\pset format unaligned
\pset tuples_only on
SELECT replace(leadimport.error_report(i.id), E'\r\n', E'\n') FROM leadimport.imports i
 WHERE i.campaign_id = 10 ORDER BY i.id LIMIT 1;
\pset format aligned
\pset tuples_only off

-- hostile and broken workbooks: a clear failure, nothing imported
SET client_min_messages = error;
SELECT f AS file, e.status, e.error_code, e.error
  FROM unnest(ARRAY['bomb.xlsx', 'bomb_lying.xlsx', 'billion_laughs.xlsx', 'external_entity.xlsx',
                    'truncated.xlsx', 'corrupt_deflate.xlsx', 'missing_workbook.xlsx',
                    'encrypted.xls', 'ole_encrypted_package.xls', 'empty_styled_cells.xlsx']) AS f,
       LATERAL excel(14, f, '{"background": false}') e;
RESET client_min_messages;
SELECT count(*) AS leads_from_failed FROM leadimport.leads l
  JOIN leadimport.imports i ON i.campaign_id = l.campaign_id AND i.id = l.import_id WHERE i.status = 'failed';

-- a workbook sent from the client, with import_data
SELECT leadimport.import_data(14, 'from_client.xlsx',
  pg_read_binary_file(current_setting('test.fixtures') || '/excel/leads_libreoffice.xlsx')) AS id \gset
SELECT status, format, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :id;
