# Without shared_preload_libraries: foreground imports work, a background
# request fails with a clear error and hint.
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LI_DIR=/tmp/leadimport-nopreload LI_PORT=$((${PGPORT:-54329} + 7))
source "$ROOT/scripts/cluster.sh"
echo "1..3"
n=0
ok() { n=$((n + 1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3 (got '$1', expected '$2')"; fi; }
cluster_start >/dev/null
psql -X -qAt -d postgres -c "CREATE EXTENSION leadimport;
  INSERT INTO leadimport.assistants VALUES (1, 'a'); INSERT INTO leadimport.campaigns VALUES (1, 'c', 1);" >/dev/null
data="convert_to('phone' || E'\\n' || (SELECT string_agg('+1201' || (2000000 + g)::text, E'\\n') FROM generate_series(1, 2000) g), 'UTF8')"
err=$(psql -X -qAt -d postgres -c "SELECT leadimport.import_data(1, 'x.csv', $data, '{\"background\": true}')" 2>&1)
ok "$(echo "$err" | grep -c 'background imports need leadimport in shared_preload_libraries')" 1 "background: true is refused with a clear error"
ok "$(echo "$err" | grep -c 'HINT:  Add leadimport to shared_preload_libraries')" 1 "with a hint"
id=$(psql -X -qAt -d postgres -c "SELECT leadimport.import_data(1, 'x.csv', $data)")
ok "$(psql -X -qAt -d postgres -c "SELECT status || ' ' || imported_rows FROM leadimport.imports WHERE id = $id")" "completed 2000" "auto runs a large file in the foreground"
cluster_stop >/dev/null
rm -rf "$LI_DIR"
