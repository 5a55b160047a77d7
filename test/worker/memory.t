# Memory stays flat as a file grows: a foreground import's private memory
# (RssAnon of its backend) does not grow with the rows it has done.
# (It once grew ~210 bytes a row: SPI calls switch back to SPI's own context,
# so parameters built after a first statement piled up there until the end.)
source "$(dirname "$0")/lib.sh"
echo "1..2"
campaign 1000
file="$LI_DIR/memory_leads.csv"
awk 'BEGIN { print "phone,score,secondary_phone_1"; for (i = 0; i < 400000; i++) printf "+1201%07d,%d,+1202%07d\n", 2000000 + i, i, 2000000 + i }' >"$file"
chmod a+r "$file"
psql -X -qAt -d "$DB" -c "SELECT leadimport.import_file(1000, '$file', '{\"background\": false, \"secondary_contacts\": 1}')" >/dev/null &
sleep 0.3
pid=$(q "SELECT pid FROM pg_stat_activity WHERE query LIKE '%memory_leads.csv%' AND pid <> pg_backend_pid()" | head -1)
samples=()
while [ -n "$pid" ] && [ -e "/proc/$pid" ] && [ "$(q "SELECT state FROM pg_stat_activity WHERE pid = $pid")" = active ]; do
  samples+=("$(awk '/RssAnon/ { print int($2 / 1024) }' "/proc/$pid/status" 2>/dev/null)")
  sleep 0.1
done
wait
n_s=${#samples[@]}
early=$(printf '%s\n' "${samples[@]:0:$((n_s / 4 + 1))}" | sort -n | tail -1)
late=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)
ok "$([ "$n_s" -ge 8 ] && echo yes)" yes "the import was sampled while running ($n_s samples)"
ok "$([ $((late - early)) -lt 20 ] && echo flat)" flat "private memory flat: ${early} MB early, ${late} MB peak"
q "SELECT status, imported_rows FROM leadimport.imports WHERE campaign_id = 1000" >/dev/null
rm -f "$file"
