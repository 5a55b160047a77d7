-- The psql walk-through of the README: an assistant with variables, a
-- campaign, one import, its summary, its leads and its error report.
-- Run with:  psql -v file=examples/leads.csv -f examples/demo.sql
\set ON_ERROR_STOP on
\pset footer off
CREATE EXTENSION IF NOT EXISTS leadimport;

INSERT INTO leadimport.assistants (id, name) VALUES (1, 'Sales assistant')
  ON CONFLICT DO NOTHING;
INSERT INTO leadimport.assistant_variables
  (assistant_id, name, data_type, required, max_length, default_value, position) VALUES
  (1, 'customer_name', 'text',    true,  40,   NULL,      1),
  (1, 'company',       'text',    false, 60,   NULL,      2),
  (1, 'age',           'number',  false, NULL, NULL,      3),
  (1, 'vip',           'boolean', false, NULL, 'false',   4)
  ON CONFLICT DO NOTHING;
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (1, 'Spring campaign', 1)
  ON CONFLICT DO NOTHING;

\echo '== the template this campaign expects (sample_file)'
\pset format unaligned
\pset tuples_only on
SELECT leadimport.sample_file(1, 1);
\pset format aligned
\pset tuples_only off

\echo '== the mapping detected from the file''s header'
SELECT jsonb_pretty(leadimport.detect_mapping(1,
  ARRAY['Phone', 'Customer Name', 'Company', 'Age', 'VIP', 'Secondary Phone 1', 'secondary_1_name', 'secondary_1_role'],
  '{"secondary_contacts": 1}')) AS mapping;

\echo '== an importer: exactly the grants the README lists, nothing on the bookkeeping'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sales_anna') THEN
    CREATE ROLE sales_anna LOGIN;
  END IF;
END $$;
GRANT USAGE ON SCHEMA leadimport TO sales_anna;
GRANT SELECT ON leadimport.assistants, leadimport.assistant_variables, leadimport.campaigns TO sales_anna;
GRANT SELECT, INSERT ON leadimport.leads, leadimport.lead_contacts TO sales_anna;
SET ROLE sales_anna;

\echo '== importing' :file '(sent from this machine with import_data, as sales_anna)'
\set content `base64 -w0 < :file`
SELECT leadimport.import_data(1, :'file', decode(:'content', 'base64'),
                              '{"secondary_contacts": 1}') AS import_id \gset

\echo '== summary'
SELECT i.created_by, s.status, s.total_rows, s.imported_rows, s.failed_rows, s.percent_done, s.rows_per_second
  FROM leadimport.import_status(:import_id) s, leadimport.imports i WHERE i.id = :import_id;

\echo '== a few imported leads'
SELECT l.source_row AS row, l.phone_number, l.variables,
       (SELECT jsonb_agg(jsonb_build_object('position', c.position, 'phone', c.phone_number) || c.variables
                         ORDER BY c.position)
          FROM leadimport.lead_contacts c
         WHERE c.campaign_id = l.campaign_id AND c.lead_id = l.id) AS secondary_contacts
  FROM leadimport.leads l WHERE l.import_id = :import_id ORDER BY l.source_row LIMIT 5;

\echo '== the error report (a CSV to fix and import again)'
\pset format unaligned
\pset tuples_only on
SELECT leadimport.error_report(:import_id);
RESET ROLE;
