-- The seeds' workflow through psql (issue 11): secondary contacts as the
-- header has them, one mapping field adjusted while the rest is detected,
-- null to unmap, a country alone, the background threshold by rows for
-- workbooks too, and real exports' headers (Google Contacts).
\getenv fixtures LEADIMPORT_FIXTURES
SELECT set_config('test.fixtures', :'fixtures', false) IS NOT NULL AS ok;
INSERT INTO leadimport.assistants (id, name) VALUES (110, 'Seeds');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position) VALUES
  (110, 'customer_name', 'text', true, 1),
  (110, 'company', 'text', false, 2);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (110, 'Seeds', 110);

CREATE FUNCTION try10(data text, options jsonb DEFAULT '{}')
RETURNS TABLE (id bigint, status text, imported bigint, failed bigint, error_code text, error text, error_hint text)
LANGUAGE plpgsql AS $$
DECLARE
  import_id bigint := leadimport.import_data(110, 'seeds.csv', convert_to(data, 'UTF8'), options);
BEGIN
  RETURN QUERY SELECT i.id, i.status, i.imported_rows, i.failed_rows, i.error_code, i.error, i.error_hint
                 FROM leadimport.imports i WHERE i.id = import_id;
END
$$;
CREATE FUNCTION stored(import bigint)
RETURNS TABLE (source_row int, phone_number text, variables jsonb, contacts jsonb)
LANGUAGE sql AS $$
  SELECT l.source_row, l.phone_number, l.variables,
         (SELECT jsonb_agg(jsonb_build_array(c.position, c.phone_number, c.variables) ORDER BY c.position)
            FROM leadimport.lead_contacts c WHERE c.campaign_id = l.campaign_id AND c.lead_id = l.id)
    FROM leadimport.leads l WHERE l.import_id = import ORDER BY l.source_row
$$;

-- 7. The seeds' first example with default options: both secondary contacts
-- are imported (they were dropped, silently).
SELECT id AS seeds, status, imported, failed, error FROM try10(
E'phone_number,customer_name,company,secondary_phone_1,secondary_phone_2\n'
 '+14155552671,Ada,Acme,+14155552672,+14155552673\n'
 '+14155552681,Bob,Initech,+14155552682,\n') \gset
SELECT :'status' AS status, :imported AS imported;
SELECT * FROM stored(:seeds);
SELECT mapping FROM leadimport.imports WHERE id = :seeds;
SELECT leadimport.detect_mapping(110, ARRAY['phone_number', 'customer_name', 'secondary_phone_1', 'secondary_phone_2']);
-- a smaller secondary_contacts fails the file, saying which columns and how to fix it
SELECT status, imported, error_code, error, error_hint FROM try10(
E'phone_number,customer_name,secondary_phone_1,secondary_phone_2\n+14155552691,Cy,+14155552692,+14155552693\n',
  '{"secondary_contacts": 1}');
SELECT status, imported, error_code, error, error_hint FROM try10(
E'phone_number,customer_name,Phone 2\n+14155552691,Cy,+14155552692\n', '{"secondary_contacts": 0}');
-- ... and the hint's ways out work
SELECT id AS one, status, imported FROM try10(
E'phone_number,customer_name,secondary_phone_1,secondary_phone_2\n+14155552691,Cy,+14155552692,+14155552693\n',
  '{"secondary_contacts": 1, "mapping": {"secondary": [{}, null]}}') \gset
SELECT :'status' AS status, * FROM stored(:one);
SELECT mapping->'unmapped' AS unmapped FROM leadimport.imports WHERE id = :one;
SELECT leadimport.detect_mapping(110, ARRAY['phone_number', 'secondary_phone_1', 'secondary_phone_2'],
                                 '{"secondary_contacts": 1}');
-- a mapping with more contacts than secondary_contacts is a mistake in the call
SELECT leadimport.import_data(110, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'),
  '{"secondary_contacts": 1, "mapping": {"secondary": [{}, {}]}}');

-- 8. One field adjusted: the others are still detected.
SELECT id AS tel, status, imported, error FROM try10(
E'Tel,customer_name,company\n+14155552701,Dee,Globex\n', '{"mapping": {"phone_number": "Tel"}}') \gset
SELECT :'status' AS status, * FROM stored(:tel);
SELECT mapping FROM leadimport.imports WHERE id = :tel;
-- null unmaps a field; a column given to one field is not detected for another
SELECT id AS nulled, status, imported FROM try10(
E'Phone,Mobile,customer_name,company,secondary_phone_1,secondary_1_role\n'
 '+14155552711,+14155552712,Eve,Hooli,+14155552713,boss\n',
  '{"mapping": {"variables": {"company": null}, "secondary": [{"phone_number": "Mobile", "variables": {"role": null}}]}}') \gset
SELECT :'status' AS status, * FROM stored(:nulled);
SELECT mapping FROM leadimport.imports WHERE id = :nulled;
SELECT leadimport.detect_mapping(110, ARRAY['Phone', 'Client', 'company'],
                                 '{"mapping": {"variables": {"customer_name": "Client"}}}');
-- a name the file lacks is still an error, naming it
SELECT status, error_code, error FROM try10(E'phone_number,customer_name\n+14155552721,Fay\n',
                                            '{"mapping": {"phone_number": "Mobile"}}');

-- 9. A country alone: national numbers of that country; numbers with a
-- country code are still read as such.
SELECT id AS gb, status, imported, failed FROM try10(
E'phone_number,customer_name\n07700 900123,Gil\n+1 415 555 2731,Hal\n020 7946 0958,Ida\n00 49 30 901820,Jo\n0770,Kim\n',
  '{"country": "GB"}') \gset
SELECT :'status' AS status, :imported AS imported, :failed AS failed;
SELECT source_row, phone_number FROM stored(:gb);
SELECT row_number, code, message, hint FROM leadimport.import_errors WHERE import_id = :gb ORDER BY row_number;
-- with the international format said explicitly, the hint names the country in use
SELECT id AS intl FROM try10(E'phone_number,customer_name\n07700 900124,Lou\n',
                             '{"phone_format": "international", "country": "GB"}') \gset
SELECT row_number, code, message, hint FROM leadimport.import_errors WHERE import_id = :intl;

-- 10. Background auto counts a workbook's rows: 5,000 rows in 84 KB are queued
-- (its <dimension> claims 2 rows), 10 rows in 190 KB stay in the foreground.
SELECT leadimport.import_file(110, current_setting('test.fixtures') || '/excel/many_rows.xlsx') AS many \gset
SELECT status FROM leadimport.imports WHERE id = :many;
SELECT leadimport.wait_import(:many, '2 min');
SELECT status, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :many;
SELECT leadimport.import_file(110, current_setting('test.fixtures') || '/excel/wide_rows.xlsx') AS wide \gset
SELECT status, total_rows, imported_rows FROM leadimport.imports WHERE id = :wide;
-- the same bytes sent by the client (queued, then rolled back unseen)
BEGIN;
SELECT leadimport.import_data(110, 'many.xlsx',
  pg_read_binary_file(current_setting('test.fixtures') || '/excel/many_rows.xlsx')) AS many_data \gset
SELECT status FROM leadimport.imports WHERE id = :many_data;
ROLLBACK;

-- Google Contacts' export: "Phone 1 - Value" is the phone, "Phone 2 - Value"
-- a secondary contact, "Name" and "Organization 1 - Name" the variables.
SELECT id AS google, status, imported FROM try10(
E'Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Organization 1 - Type,Organization 1 - Name\n'
 'Max Muster,Max,Muster,* Work,max@example.com,Mobile,+49 151 23456789,Work,+49 30 901820,,Muster GmbH\n') \gset
SELECT :'status' AS status, * FROM stored(:google);
SELECT mapping FROM leadimport.imports WHERE id = :google;
