# Shared by the worker tests: TAP output and polling, against the cluster
# scripts/test.sh started (PGHOST/PGPORT/PGUSER are exported by it).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/cluster.sh"
DB="${LEADIMPORT_TEST_DB:-contrib_regression}"
n=0
ok() { n=$((n + 1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3 (got '$1', expected '$2')"; fi; }
q() { psql -X -qAt -d "$DB" -c "$1"; }
# poll SQL until it prints EXPECTED, for at most SECONDS; prints the last value
poll() {
  local sql=$1 expected=$2 seconds=${3:-60} v="" end=$((SECONDS + ${3:-60}))
  while [ $SECONDS -lt $end ]; do
    v=$(q "$sql" 2>/dev/null)
    [ "$v" = "$expected" ] && break
    sleep 0.05
  done
  echo "$v"
}
wait_ready() {
  local end=$((SECONDS + 60))
  until pg_isready -q -h "$PGHOST" -p "$PGPORT"; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.2
  done
}
# a campaign with one number variable, created once per id
campaign() {
  q "INSERT INTO leadimport.assistants (id, name) VALUES ($1, 'w$1') ON CONFLICT DO NOTHING;
     INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, position)
       VALUES ($1, 'score', 'number', 1) ON CONFLICT DO NOTHING;
     INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES ($1, 'w$1', $1) ON CONFLICT DO NOTHING;" >/dev/null
}
# SQL for a CSV of N valid US numbers starting at FIRST (+1201 200 0000 + FIRST ...)
csv_sql() {
  echo "convert_to('phone,score' || E'\\n' || (SELECT string_agg('+1201' || (2000000 + g)::text || ',' || g, E'\\n') FROM generate_series($1, $1 + $2 - 1) g) || E'\\nnot a phone,1\\n', 'UTF8')"
}
# checks that hold for every finished import
invariants() {
  local id=$1
  ok "$(q "SELECT imported_rows + failed_rows = total_rows FROM leadimport.imports WHERE id = $id")" t "import $id: imported + failed = total"
  ok "$(q "SELECT imported_rows = (SELECT count(*) FROM leadimport.leads WHERE import_id = $id) FROM leadimport.imports WHERE id = $id")" t "import $id: imported_rows counts its leads"
  ok "$(q "SELECT failed_rows = (SELECT count(DISTINCT row_number) FROM leadimport.import_errors WHERE import_id = $id) FROM leadimport.imports WHERE id = $id")" t "import $id: failed_rows counts its reported rows"
  ok "$(q "SELECT count(*) FROM (SELECT row_number FROM leadimport.import_errors WHERE import_id = $id GROUP BY row_number, code HAVING count(*) > 1) d")" 0 "import $id: no error reported twice"
}
