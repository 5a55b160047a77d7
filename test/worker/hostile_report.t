# Issue 9, item 8: cells a spreadsheet would run as a formula are neutralised
# in the error report with a leading ' (any cell starting with = + - @ tab
# or CR), except a cell that is one plain number. "-1+cmd|' /C calc'!A0"
# and "+1+HYPERLINK(...)" start with a sign and a digit: they must not pass
# for numbers.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..16"
q "DELETE FROM leadimport.campaigns WHERE id = 1051;
   INSERT INTO leadimport.assistants (id, name) VALUES (1051, 'h1051') ON CONFLICT DO NOTHING;
   INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, position)
     VALUES (1051, 'note', 'text', 1) ON CONFLICT DO NOTHING;
   INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (1051, 'h1051', 1051)" >/dev/null
# every row has a bad phone number, so every row is in the report
csv=$(
  cat <<'EOF'
phone,note,"=HYPERLINK(""h"")"
bad1,-1+cmd|' /C calc'!A0,x
bad2,"+1+HYPERLINK(""x"")",x
bad3,+14155552671,x
bad4,-12.5,x
bad5,=1+2,x
bad6,@SUM(A1),x
bad7,-2+3,x
bad8,"	tab",x
"-1+cmd|' /C calc'!B0",p1,x
"+1+HYPERLINK(""y"")",p2,x
+12,p3,x
EOF
)
id=$(q "SELECT leadimport.import_data(1051, 'f.csv', decode('$(printf '%s\n' "$csv" | base64 -w0)', 'base64'),
          '{\"delimiter\": \",\", \"background\": false}')")
ok "$(q "SELECT failed_rows FROM leadimport.imports WHERE id = ${id:-0}")" 11 "all 11 rows are reported"
R="leadimport.error_report(${id:-0})"
has() { q "SELECT strpos($R, \$q\$$1\$q\$) > 0"; }
has_nl() { q "SELECT strpos($R, chr(10) || \$q\$$1\$q\$) > 0"; }
ok "$(has ",'-1+cmd|' /C calc'!A0,")" t "-1+cmd|' /C calc'!A0 is neutralised"
ok "$(has ",-1+cmd")" f "and never appears as it was"
ok "$(has ",\"'+1+HYPERLINK(\"\"x\"\")\",")" t "+1+HYPERLINK(\"x\") is neutralised"
ok "$(has ",\"+1+HYPERLINK")" f "and never appears as it was"
ok "$(has_nl "'-1+cmd|' /C calc'!B0,")" t "a formula in the phone column is neutralised"
ok "$(has_nl "\"'+1+HYPERLINK(\"\"y\"\")\",")" t "another one too"
ok "$(has ",+14155552671,")" t "+14155552671 (a plain number) is left alone"
ok "$(has ",-12.5,")" t "-12.5 (a plain number) is left alone"
ok "$(has_nl "+12,")" t "+12 (a plain number) is left alone"
ok "$(has ",'=1+2,")" t "=1+2 is neutralised"
ok "$(has ",'@SUM(A1),")" t "@SUM(A1) is neutralised"
ok "$(has ",'-2+3,")" t "-2+3 is neutralised (not a plain number)"
ok "$(q "SELECT strpos($R, ',''' || chr(9) || 'tab,') > 0")" t "a cell starting with a tab is neutralised"
ok "$(q "SELECT split_part($R, chr(13), 1)")" "phone,note,\"'=HYPERLINK(\"\"h\"\")\",error_row,error_column,error_code,error_message,how_to_fix" \
  "a formula in the header row is neutralised"
no_signal_in_log
