#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine, as root: installs the
# packages, builds, starts a throwaway cluster, runs the C++ unit tests (also
# under ASan+UBSan), the fuzz corpus, pg_regress, pgTAP and the worker suites
# on PostgreSQL 15, the Citus suite on a 3-node cluster where Citus is
# installed (test/citus/run.sh), then pg_regress, pgTAP and the unit tests (libphonenumber
# 8.13) on PostgreSQL 17 in a Debian 13 chroot (scripts/pg17.sh), builds the
# Debian packages for both and installs each in a clean chroot
# (scripts/deb.sh), and ends with one summary line.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

source scripts/setup.sh || { echo "set-up failed"; exit 1; }
set +e
source scripts/cluster.sh

passed=0
failed=0
summary=()
count() { passed=$((passed + $2)); failed=$((failed + $3)); summary+=("$1: $2 passed, $3 failed"); }

echo "== clang-format (.clang-format)"
unformatted=$(git ls-files 'src/*.cpp' 'src/*.hpp' 'test/unit/*.cpp' 'test/unit/*.hpp' 'bench/*.cpp' 2>/dev/null |
  while read -r f; do clang-format --dry-run "$f" 2>&1 | grep -q warning && echo "$f"; done)
if command -v clang-format >/dev/null && [ -z "$unformatted" ]; then
  count "format" 1 0
elif ! command -v clang-format >/dev/null; then
  echo "clang-format is not installed: skipped"
else
  echo "not formatted (run clang-format -i on them):"; echo "$unformatted"
  count "format" 0 1
fi

# unit_suite NAME BUILD_DIR [cmake options...]: builds the GoogleTest suite
# in BUILD_DIR, runs it with ctest and counts it under NAME.
unit_suite() {
  local name=$1 dir=$2 log="$ROOT/$2.log" total bad
  shift 2
  if cmake -S . -B "$dir" "$@" >/dev/null && cmake --build "$dir" -j"$(nproc)" >/dev/null; then
    (cd "$dir" && ctest --output-on-failure -j"$(nproc)") >"$log" 2>&1
    tail -n 3 "$log"
    total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
    bad=$(sed -n 's/.* \([0-9]*\) tests failed out of.*/\1/p' "$log" | tail -1)
    [ -z "$total" ] && { total=1; bad=1; tail -n 50 "$log"; }
    [ "$bad" != 0 ] && grep -E "Failed|\*\*\*|ERROR: AddressSanitizer|runtime error|SUMMARY" "$log" | head -50
    count "$name" $((total - bad)) "$bad"
  else
    echo "$name: did not build"
    count "$name" 0 1
  fi
}

echo "== C++ unit tests"
unit_suite "unit" build/unit -DCMAKE_BUILD_TYPE=RelWithDebInfo

echo "== C++ unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
export LSAN_OPTIONS="suppressions=$ROOT/test/fuzz/lsan.supp:print_suppressions=0"
unit_suite "unit (ASan+UBSan)" build/unit-asan -DCMAKE_BUILD_TYPE=Debug -DLEADIMPORT_SANITIZE=ON

echo "== fuzz corpus replay (libFuzzer harnesses, ASan+UBSan; test/fuzz/README.md)"
fuzz_out=$(bash test/fuzz/run.sh --replay 2>&1)
echo "$fuzz_out" | grep -v "^    Running"
fuzz_ok=$(echo "$fuzz_out" | grep -c "^replay .*: ok")
fuzz_bad=$(echo "$fuzz_out" | grep -c "^replay .*: FAILED")
if [ $((fuzz_ok + fuzz_bad)) = 0 ]; then
  echo "$fuzz_out" | tail -n 20
  fuzz_bad=1
fi
count "fuzz replay" "$fuzz_ok" "$fuzz_bad"

echo "== starting a throwaway PostgreSQL cluster on port $LI_PORT"
# The background worker watches the pg_regress database; small batches make
# the worker tests commit many times.
cluster_start "shared_preload_libraries = 'leadimport'" "leadimport.database = 'contrib_regression'" \
  "leadimport.max_workers = 2" "leadimport.batch_size = 1000" ||
  { cluster_log; echo "0 passed, 1 failed"; exit 1; }
trap cluster_stop EXIT
# Server-side files (import_file) must be readable by the server's user.
export LEADIMPORT_FIXTURES="$LI_DIR/fixtures"
cp -r test/fixtures "$LEADIMPORT_FIXTURES" && chmod -R a+rX "$LEADIMPORT_FIXTURES"

echo "== pg_regress"
rm -f test/regression.diffs
make installcheck >"$ROOT/build/regress.log" 2>&1
grep -E "^(ok|not ok|test | *[a-z_]+ +\.\.\.)" "$ROOT/build/regress.log" | tail -n 40
rtotal=$(ls test/sql/*.sql | wc -l)
rbad=$(grep -c "^not ok\|FAILED" "$ROOT/build/regress.log")
if [ -f test/regression.diffs ]; then
  echo "----- test/regression.diffs -----"
  head -c 20000 test/regression.diffs
  [ "$rbad" = 0 ] && rbad=1
fi
count "pg_regress" $((rtotal - rbad)) "$rbad"

echo "== pgTAP"
psql -q -d postgres -c "DROP DATABASE IF EXISTS leadimport_tap" -c "CREATE DATABASE leadimport_tap" &&
  psql -q -d leadimport_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION leadimport"
pg_prove -d leadimport_tap test/pgtap/*.sql >"$ROOT/build/pgtap.log" 2>&1
cat "$ROOT/build/pgtap.log" | tail -n 30
ttotal=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\).*/\1/p' "$ROOT/build/pgtap.log")
tbad=$(sed -n 's/.*Failed \([0-9]*\)\/[0-9]* subtests.*/\1/p' "$ROOT/build/pgtap.log" | awk '{s+=$1} END {print s+0}')
grep -q "^Result: PASS" "$ROOT/build/pgtap.log" || [ "$tbad" != 0 ] || tbad=1
[ -z "$ttotal" ] && ttotal=$tbad
count "pgTAP" $((ttotal - tbad)) "$tbad"

echo "== background worker (crash/restart, concurrency, progress, role)"
export LI_DIR LI_PORT
prove -e bash test/worker/*.t >"$ROOT/build/worker.log" 2>&1
tail -n 30 "$ROOT/build/worker.log"
wtotal=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\).*/\1/p' "$ROOT/build/worker.log")
wbad=$(grep -c "^not ok" "$ROOT/build/worker.log")
grep -q "^Result: PASS" "$ROOT/build/worker.log" || [ "$wbad" != 0 ] || wbad=1
[ -z "$wtotal" ] && wtotal=$wbad
count "worker" $((wtotal - wbad)) "$wbad"

# Citus (issue 12): only where it is installed (bash scripts/citus.sh install,
# about 8 minutes once); otherwise the summary says it was skipped and why.
echo "== Citus: a coordinator and two workers on one machine (test/citus/run.sh)"
citus_log="$ROOT/build/citus.log"
bash test/citus/run.sh >"$citus_log" 2>&1
grep -E "^(ok|not ok|todo|CITUS)" "$citus_log" | tail -n 60
if grep -q "^CITUS-SKIPPED" "$citus_log"; then
  summary+=("Citus: $(sed -n 's/^CITUS-SKIPPED: //p' "$citus_log" | head -1)")
else
  line=$(sed -n 's/^CITUS: //p' "$citus_log" | tail -1)
  pc=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
  fc=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
  [ -z "$pc" ] && { tail -n 40 "$citus_log"; pc=0; fc=1; }
  count "Citus (3 nodes)" "$pc" "${fc:-1}"
  todo_line=$(sed -n 's/^CITUS-TODO: //p' "$citus_log" | tail -1)
  [ -n "$todo_line" ] && summary+=("Citus: $todo_line, not counted")
fi

echo "== PostgreSQL 17 in a Debian 13 chroot (scripts/pg17.sh; cached in /var/cache/leadimport)"
pg17_log="$ROOT/build/pg17.log"
bash scripts/pg17.sh all >"$pg17_log" 2>&1
grep -E "^(ok|not ok|PG17-|== |test/pgtap|Result)" "$pg17_log" | tail -n 25
if grep -q "^PG17-SKIPPED" "$pg17_log"; then
  summary+=("PostgreSQL 17: $(sed -n 's/^PG17-SKIPPED: //p' "$pg17_log" | head -1)")
elif ! grep -q "^PG17-REGRESS:" "$pg17_log"; then
  tail -n 40 "$pg17_log"
  count "PostgreSQL 17 build" 0 1
else
  for suite in REGRESS PGTAP WORKER UNIT; do
    line=$(sed -n "s/^PG17-$suite: //p" "$pg17_log" | tail -1)
    p17=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
    f17=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    [ -z "$p17" ] && { p17=0; f17=1; }
    case $suite in
      REGRESS) name="pg_regress (PostgreSQL 17)" ;;
      PGTAP) name="pgTAP (PostgreSQL 17)" ;;
      WORKER) name="worker (PostgreSQL 17)" ;;
      UNIT) name="unit (PostgreSQL 17 chroot, libphonenumber 8.13)" ;;
    esac
    count "$name" "$p17" "${f17:-1}"
  done
  grep -q "regression.diffs" "$pg17_log" && sed -n '/^----- test\/regression.diffs/,$p' "$pg17_log" | head -c 20000
fi

echo "== Debian packages (scripts/deb.sh: build for 15 and 17, install each in a clean chroot)"
deb_log="$ROOT/build/deb.log"
bash scripts/deb.sh >"$deb_log" 2>&1
grep -E "^(DEB-|   )" "$deb_log" | tail -n 12
deb_ok=$(grep -cE "^DEB-(15|17): ok" "$deb_log")
deb_bad=$(grep -cE "^DEB-(BUILD-)?(15|17): failed" "$deb_log")
while read -r why; do summary+=("Debian package: skipped: $why"); done < <(sed -n 's/^DEB-SKIPPED: //p' "$deb_log")
if [ $((deb_ok + deb_bad)) = 0 ] && ! grep -q "^DEB-SKIPPED" "$deb_log"; then
  tail -n 30 "$deb_log"
  deb_bad=1
fi
[ $((deb_ok + deb_bad)) != 0 ] && count "Debian packages" "$deb_ok" "$deb_bad"

if [ "$failed" != 0 ]; then cluster_log; fi
echo "== summary"
printf '  %s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
