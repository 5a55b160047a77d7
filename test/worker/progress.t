# Progress of a background import, watched from another session: monotonic,
# visible mid-import, with a rate and a time left.
source "$(dirname "$0")/lib.sh"
echo "1..6"
campaign 800
id=$(q "SELECT leadimport.import_data(800, 'p.csv', $(csv_sql 0 150000), '{\"background\": true}')")
seen=()
end=$((SECONDS + 240))
while [ $SECONDS -lt $end ]; do
  row=$(q "SELECT status, processed_rows, coalesce(rows_per_second, 0) > 0, estimated_time_left IS NOT NULL FROM leadimport.import_status($id)")
  seen+=("$row")
  [[ $row == completed* || $row == failed* ]] && break
  sleep 0.05
done
values=$(printf '%s\n' "${seen[@]}" | cut -d'|' -f2)
ok "$(printf '%s\n' "${seen[@]}" | tail -1 | cut -d'|' -f1)" completed "the import completes"
ok "$(echo "$values" | sort -n -c && echo sorted)" sorted "processed_rows never goes back"
mid=$(printf '%s\n' "${seen[@]}" | awk -F'|' '$1 == "running" && $2 > 0 && $2 < 150001' | wc -l)
ok "$([ "$mid" -ge 2 ] && echo yes)" yes "progress is visible mid-import ($mid readings)"
ok "$(printf '%s\n' "${seen[@]}" | awk -F'|' '$1 == "running" && $2 > 0 && $3 == "t" && $4 == "t"' | head -1 | cut -d'|' -f1)" running "a running import has a rate and a time left"
ok "$(q "SELECT total_rows FROM leadimport.imports WHERE id = $id")" 150001 "total_rows is known"
ok "$(q "SELECT percent_done FROM leadimport.import_status($id)")" 100.0 "100% at the end"
