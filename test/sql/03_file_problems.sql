-- Problems with the file as a whole: the import is recorded as failed with a
-- clear error, the call returns its id with a WARNING, nothing is imported.
INSERT INTO leadimport.assistants (id, name) VALUES (3, 'Files');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position)
  VALUES (3, 'name', 'text', false, 1);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (3, 'Files', 3);

CREATE FUNCTION try_import(data text, options jsonb DEFAULT '{}', file_name text DEFAULT 'f.csv')
RETURNS TABLE (status text, error_code text, error text, imported bigint, failed bigint)
LANGUAGE plpgsql AS $$
DECLARE
  import_id bigint := leadimport.import_data(3, file_name, convert_to(data, 'UTF8'), options);
BEGIN
  RETURN QUERY SELECT i.status, i.error_code, i.error, i.imported_rows, i.failed_rows
                 FROM leadimport.imports i WHERE i.id = import_id;
END
$$;

SELECT * FROM try_import('');
SELECT * FROM try_import(E'\n\n\n');
SELECT * FROM try_import(E'phone_number,name\n');
SELECT * FROM try_import(E'phone_number,name\n\n,\n');
SELECT * FROM try_import(E'name,email\nAda,ada@example.com\n');
SELECT * FROM try_import(E'phone_number,name\n+14155552671,Ada\n', '{"mapping": {"phone_number": "Mobile"}}');
SELECT * FROM try_import(E'phone_number,name\n+14155552671,"Ada\n');
SELECT * FROM try_import(E'\uFEFF');
SELECT * FROM try_import(E'phone_number,name\n+14155552671,Ada\n', '{}', 'leads.xlsx');
SELECT * FROM try_import(E'phone_number,name\n+14155552671,Ada\n', '{"format": "xlsx"}');

-- bytes that are not UTF-8 (Windows-1252 é = 0xE9) on row 3
SELECT leadimport.import_data(3, 'latin.csv',
  '\x70686f6e655f6e756d6265722c6e616d650a2b31343135353535323637312c4164610a2b31343135353535323637322c4a6f73e90a'::bytea) AS id \gset
SELECT status, error_code, error FROM leadimport.imports WHERE id = :id;
-- ... imported with the encoding option
SELECT leadimport.import_data(3, 'latin.csv',
  '\x70686f6e655f6e756d6265722c6e616d650a2b31343135353535323637312c4164610a2b31343135353535323637322c4a6f73e90a'::bytea,
  '{"encoding": "WINDOWS1252"}') AS id \gset
SELECT status, imported_rows FROM leadimport.imports WHERE id = :id;
SELECT phone_number, variables FROM leadimport.leads WHERE import_id = :id ORDER BY source_row;

-- a UTF-8 BOM, semicolons and CRLF, as Excel writes "CSV UTF-8" in Europe
SELECT * FROM try_import(E'\uFEFFphone_number;name\r\n+33 6 12 34 56 78;Amélie\r\n');
SELECT phone_number, variables FROM leadimport.leads WHERE campaign_id = 3 AND phone_number = '+33612345678';

-- the failed imports left nothing behind
SELECT count(*) AS leads_from_failed_imports FROM leadimport.leads l
  JOIN leadimport.imports i ON i.campaign_id = l.campaign_id AND i.id = l.import_id
 WHERE i.status = 'failed';
