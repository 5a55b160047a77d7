-- leadimport 0.2.0 -> 0.3.0: import_errors.row_data becomes the row's cells
-- as a JSON array in file order (SPEC "Tables"). 0.2.0 repeated every header
-- name in every error row; the names are kept once, in imports.headers.

\echo Use "ALTER EXTENSION leadimport UPDATE" to load this file. \quit

-- {"<header>": cell, ..., "column_N": cell beyond the header} becomes
-- [cell 1, cell 2, ...], without trailing empty cells (as 0.3.0 writes them).
CREATE FUNCTION leadimport.upgrade_row_cells(data jsonb, headers text[]) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  width int := coalesce(cardinality(headers), 0);
  cells text[] := '{}';
  k text;
  n int;
BEGIN
  FOR n IN 1..width LOOP
    cells[n] := coalesce(data ->> headers[n], '');
  END LOOP;
  FOR k IN SELECT jsonb_object_keys(data) LOOP
    IF k ~ '^column_[0-9]{1,5}$' AND substr(k, 8)::int > width THEN
      cells[substr(k, 8)::int] := data ->> k;
    END IF;
  END LOOP;
  n := coalesce(cardinality(cells), 0);
  WHILE n > 0 AND coalesce(cells[n], '') = '' LOOP
    n := n - 1;
  END LOOP;
  RETURN (SELECT coalesce(jsonb_agg(coalesce(cells[i], '') ORDER BY i), '[]'::jsonb)
            FROM generate_series(1, n) AS i);
END
$$;

UPDATE leadimport.import_errors e
   SET row_data = leadimport.upgrade_row_cells(e.row_data, i.headers)
  FROM leadimport.imports i
 WHERE i.campaign_id = e.campaign_id AND i.id = e.import_id
   AND pg_catalog.jsonb_typeof(e.row_data) = 'object';

DROP FUNCTION leadimport.upgrade_row_cells(jsonb, text[]);

-- Staged imports never queue: no import ever had source_kind 'staged' or a
-- source_table (issue 16, dead schema).
ALTER TABLE leadimport.imports DROP COLUMN source_table;
ALTER TABLE leadimport.imports DROP CONSTRAINT imports_source_kind_check;
ALTER TABLE leadimport.imports
  ADD CONSTRAINT imports_source_kind_check CHECK (source_kind IN ('data', 'file'));
