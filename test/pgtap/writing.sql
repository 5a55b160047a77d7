-- How rows reach the tables: leads, contacts and errors go through
-- PostgreSQL's COPY machinery (src/pg/copy_in), which must store every value
-- exactly, whatever the session's client_encoding, fire a table's own
-- triggers, and step aside for tables under row-level security (COPY FROM
-- refuses them: INSERT statements then).
BEGIN;
SET client_min_messages = error;
SELECT plan(20);

INSERT INTO leadimport.assistants (id, name) VALUES (300, 'TAP writing');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position)
  VALUES (300, 'name', 'text', true, 1), (300, 'note', 'text', false, 2);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES
  (300, 'escapes', 300), (301, 'latin1 session', 300), (302, 'row security', 300);

-- Characters that mean something to COPY's text format, inside quoted CSV cells.
CREATE TEMP TABLE t_escapes AS SELECT convert_to(
  E'phone,name,note,phone 2\n'
  '+14155550101,"tab\there","back\\slash \\N \\. end",+14155550201\n'
  '+14155550102,"two\nlines","cr\rhere",+14155550202\n'
  '+14155550103,"quote "" and {json: [1]}","\\t literally",\n'
  '+1415,"bad \\ phone","with\ttab",\n', 'UTF8') AS data;
SELECT leadimport.import_data(300, 'escapes.csv', (SELECT data FROM t_escapes),
  '{"secondary_contacts": 1}') AS id \gset

SELECT is((SELECT imported_rows::int FROM leadimport.imports WHERE id = :id), 3, 'three leads imported');
SELECT is((SELECT variables->>'name' FROM leadimport.leads WHERE phone_number = '+14155550101'),
  E'tab\there', 'a tab is stored as a tab');
SELECT is((SELECT variables->>'note' FROM leadimport.leads WHERE phone_number = '+14155550101'),
  E'back\\slash \\N \\. end', 'backslashes, \N and \. are stored as they were');
SELECT is((SELECT variables->>'name' FROM leadimport.leads WHERE phone_number = '+14155550102'),
  E'two\nlines', 'a newline is stored as a newline');
SELECT is((SELECT variables->>'note' FROM leadimport.leads WHERE phone_number = '+14155550102'),
  E'cr\rhere', 'a carriage return is stored as one');
SELECT is((SELECT variables->>'name' FROM leadimport.leads WHERE phone_number = '+14155550103'),
  'quote " and {json: [1]}', 'quotes and JSON-looking text are stored as text');
SELECT is((SELECT variables->>'note' FROM leadimport.leads WHERE phone_number = '+14155550103'),
  E'\\t literally', 'a backslash-t is not turned into a tab');
SELECT is((SELECT string_agg(l.phone_number || '>' || c.phone_number, ' ' ORDER BY l.phone_number)
           FROM leadimport.lead_contacts c JOIN leadimport.leads l ON l.campaign_id = c.campaign_id AND l.id = c.lead_id
           WHERE c.campaign_id = 300),
  '+14155550101>+14155550201 +14155550102>+14155550202', 'each contact belongs to the lead of its own row');
SELECT is((SELECT row_data->>2 FROM leadimport.import_errors WHERE import_id = :id),
  E'with\ttab', 'the error row keeps its cells exactly');
SELECT is((SELECT row_data->>1 FROM leadimport.import_errors WHERE import_id = :id),
  E'bad \\ phone', 'and its backslashes');

-- The session speaks LATIN1: what is stored is still the file's UTF-8 text.
SET client_encoding = 'LATIN1';
SELECT leadimport.import_data(301, 'latin1-session.csv',
  '\x70686f6e652c6e616d650a2b31343135353535303330312c4a6f73c3a90a2b313431352c4ac3bc7267656e0a'::bytea) AS lid \gset
SELECT is((SELECT encode(convert_to(variables->>'name', 'UTF8'), 'hex') FROM leadimport.leads WHERE campaign_id = 301),
  '4a6f73c3a9', 'a lead''s name is stored as UTF-8 José under a LATIN1 client_encoding');
SELECT is((SELECT encode(convert_to(row_data->>1, 'UTF8'), 'hex') FROM leadimport.import_errors WHERE import_id = :lid),
  '4ac3bc7267656e', 'and an error row''s name as UTF-8 Jürgen');
RESET client_encoding;

-- Row-level security on the leads table: COPY cannot be used; the import
-- falls back to INSERT statements, and the policies apply.
CREATE ROLE leadimport_tap_rls;
GRANT USAGE ON SCHEMA leadimport TO leadimport_tap_rls;
GRANT SELECT ON leadimport.assistants, leadimport.assistant_variables, leadimport.campaigns
  TO leadimport_tap_rls;
GRANT SELECT, INSERT ON leadimport.leads, leadimport.lead_contacts TO leadimport_tap_rls;
ALTER TABLE leadimport.leads ENABLE ROW LEVEL SECURITY;
CREATE POLICY tap_read ON leadimport.leads FOR SELECT TO leadimport_tap_rls USING (true);
CREATE POLICY tap_write ON leadimport.leads FOR INSERT TO leadimport_tap_rls
  WITH CHECK (campaign_id = 302);
SET ROLE leadimport_tap_rls;
SELECT leadimport.import_data(302, 'rls.csv', convert_to(
  E'phone,name,phone 2\n+14155550401,A,+14155550501\n+14155550402,B,\n+14155550401,C,\n', 'UTF8'),
  '{"secondary_contacts": 1}') AS rid \gset
SELECT is((SELECT status FROM leadimport.imports WHERE id = :rid), 'completed', 'an import under row-level security completes');
SELECT is((SELECT count(*)::int FROM leadimport.leads WHERE campaign_id = 302), 2, 'its leads are inserted');
SELECT is((SELECT count(*)::int FROM leadimport.lead_contacts WHERE campaign_id = 302), 1, 'with their contacts');
SELECT is((SELECT code FROM leadimport.import_errors WHERE import_id = :rid), 'duplicate_in_file', 'and duplicates still found');
SELECT throws_ok($$ SELECT leadimport.import_data(300, 'rls-denied.csv', convert_to(E'phone,name\n+14155550403,D\n', 'UTF8')) $$,
  '42501', NULL, 'a policy that refuses the rows refuses the import');
RESET ROLE;
ALTER TABLE leadimport.leads DISABLE ROW LEVEL SECURITY;

-- A trigger of the DBA's own on leads sees every row.
CREATE FUNCTION public.leadimport_tap_tag() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.variables := NEW.variables || '{"tagged": true}';
  RETURN NEW;
END $$;
CREATE TRIGGER tap_tag BEFORE INSERT ON leadimport.leads
  FOR EACH ROW EXECUTE FUNCTION public.leadimport_tap_tag();
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (303, 'user trigger', 300);
SELECT leadimport.import_data(303, 'trigger.csv', convert_to(
  E'phone,name,phone 2\n+14155550601,A,+14155550701\n+14155550602,B,\n+14155550601,C,\n', 'UTF8'),
  '{"secondary_contacts": 1}') AS tid \gset
SELECT is((SELECT count(*)::int FROM leadimport.leads WHERE campaign_id = 303 AND variables->>'tagged' = 'true'), 2,
  'a BEFORE INSERT trigger on leads fires for every lead');
SELECT is((SELECT count(*)::int FROM leadimport.lead_contacts WHERE campaign_id = 303), 1, 'contacts are still written');
SELECT is((SELECT imported_rows::int || '/' || failed_rows::int FROM leadimport.imports WHERE id = :tid), '2/1',
  'and the counters are right');

SELECT * FROM finish();
ROLLBACK;
