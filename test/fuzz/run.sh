#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses (see README.md).
#
#   test/fuzz/run.sh SECONDS [HARNESS...]  fuzz each harness for SECONDS; prints
#                                          seconds, executions, coverage, crashes
#   test/fuzz/run.sh --replay [HARNESS...] runs corpus/ and regressions/ of each
#                                          harness once; non-zero on any failure
#   test/fuzz/run.sh --build               builds only
#
# Builds with clang++-16 into build/fuzz (outside git). Fuzzing reads the
# committed seeds (corpus/<h>, regressions/<h>) and writes what it finds to
# build/fuzz/corpus/<h>; crash inputs go to build/fuzz/artifacts/<h>/ (copy
# real findings to regressions/<h>/ once fixed). Logs: build/fuzz/logs/, one
# per run, and a line per run (wall and CPU seconds) in build/fuzz/runs.txt.
# Fuzzers run under nice -n 19. Environment: FUZZ_JOBS (default 1) harnesses
# at a time; FUZZ_FLAGS extra libFuzzer flags; FUZZ_BUILD another build
# directory and FUZZ_SRC another src/ (a snapshot) to build the core from;
# FUZZ_WORK where corpus/, artifacts/, logs/ go (default: the build directory).
# Unattended long runs keep going past a crash with
#   FUZZ_FLAGS="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${FUZZ_BUILD:-$ROOT/build/fuzz}"
WORK="${FUZZ_WORK:-$BUILD}"  # corpus/, artifacts/, logs/, runs.txt of fuzzing runs
ALL=(csv xlsx xls detect headers mapping_json options phone)
# Inputs are capped per harness: mutating a 260 KB zip is slow and finds less.
declare -A MAX_LEN=([csv]=65536 [xlsx]=65536 [xls]=32768 [detect]=65536 [headers]=65536
  [mapping_json]=4096 [options]=4096 [phone]=256)
LIMITS=(-rss_limit_mb=2048 -timeout=10)
# FreeXL's own leak on damaged workbooks (see lsan.supp); any other report fails.
export LSAN_OPTIONS="suppressions=$HERE/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)}"

die() { echo "$*" >&2; exit 2; }

have_toolchain() {
  command -v clang++-16 >/dev/null &&
    [ -n "$(ls /usr/lib/llvm-16/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] &&
    [ -n "$(ls /usr/lib/llvm-16/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a 2>/dev/null)" ]
}

build() {
  have_toolchain || die "clang++-16 with libFuzzer and ASan (clang-16, libfuzzer-16-dev, libclang-rt-16-dev) is not installed"
  mkdir -p "$BUILD"
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$HERE" -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++-16 -DLEADIMPORT_SRC="${FUZZ_SRC:-$ROOT/src}" \
      >"$BUILD/cmake.log" 2>&1 ||
      { cat "$BUILD/cmake.log"; die "cmake failed"; }
  fi
  cmake --build "$BUILD" -j"${FUZZ_BUILD_JOBS:-2}" >"$BUILD/build.log" 2>&1 ||
    { grep -E "error|Error" "$BUILD/build.log" | head -30; die "the fuzz build failed (log: $BUILD/build.log)"; }
}

# The committed inputs of harness $1, one per line (dot files skipped).
# Only directories that exist (git keeps no empty ones): under pipefail a
# missing one would fail the replay.
inputs() {
  local dirs=() d
  for d in "$HERE/corpus/$1" "$HERE/regressions/$1"; do [ -d "$d" ] && dirs+=("$d"); done
  ((${#dirs[@]})) || return 0
  find "${dirs[@]}" -type f ! -name '.*' | sort
}

replay() {
  local h=$1 log="$BUILD/logs/replay_$h.log" n
  n=$(inputs "$h" | wc -l)
  if [ "$n" = 0 ]; then
    echo "replay $h: ok (no inputs)"
    return 0
  fi
  # Each file runs once; libFuzzer stops at the first failure.
  if inputs "$h" | xargs -d '\n' "$BUILD/fuzz_$h" "${LIMITS[@]}" >"$log" 2>&1; then
    echo "replay $h: ok ($n inputs)"
  else
    echo "replay $h: FAILED ($n inputs; log: $log)"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error|Running: |unexpected|FastPhone differs|ALARM|.*out-of-memory)" "$log" | tail -n 8 | sed 's/^/    /'
    return 1
  fi
}

fuzz() {
  local h=$1 seconds=$2 stamp log before after start end cpu
  stamp=$(date +%Y%m%d-%H%M%S)
  log="$WORK/logs/fuzz_${h}_$stamp.log"
  mkdir -p "$WORK/corpus/$h" "$WORK/artifacts/$h" "$HERE/corpus/$h" "$HERE/regressions/$h"
  before=$(ls "$WORK/artifacts/$h" | wc -l)
  start=$(date +%s)
  /usr/bin/time -o "$log.time" -f "%e %U %S" nice -n 19 "$BUILD/fuzz_$h" "${LIMITS[@]}" \
    -max_len="${MAX_LEN[$h]}" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$WORK/artifacts/$h/" ${FUZZ_FLAGS:-} \
    "$WORK/corpus/$h" "$HERE/corpus/$h" "$HERE/regressions/$h" >"$log" 2>&1
  end=$(date +%s)
  after=$(ls "$WORK/artifacts/$h" | wc -l)
  # CPU seconds of the fuzzer and its children (fork mode), from time(1).
  cpu=$(awk '{printf "%d", $2 + $3}' "$log.time" 2>/dev/null)
  echo "$h $stamp wall=$((end - start)) cpu=${cpu:-?} log=$log" >>"$WORK/runs.txt"
  summarize "$h" "$log" $((end - start)) "${cpu:-?}" $((after - before))
}

# One line from a libFuzzer log: executions (final stats, or the last status
# line in fork mode), the last status line's cov/ft.
summarize() {
  local h=$1 log=$2 seconds=$3 cpu=$4 crashes=$5 execs cov ft
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -z "$execs" ] && execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  printf '%-13s %6ss %7ss %12s %7s %7s %7s\n' "$h" "$seconds" "$cpu" "${execs:-?}" "${cov:-?}" \
    "${ft:-?}" "$crashes"
  if [ "$crashes" != 0 ]; then
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error|unexpected|FastPhone differs|ALARM|.*out-of-memory|.*Test unit written)" "$log" |
      tail -n 6 | sed 's/^/    /'
  fi
}

mode=${1:-}
[ -n "$mode" ] || die "usage: $0 SECONDS [HARNESS...] | --replay [HARNESS...] | --build"
shift
harnesses=("$@")
[ ${#harnesses[@]} = 0 ] && harnesses=("${ALL[@]}")
for h in "${harnesses[@]}"; do [ -n "${MAX_LEN[$h]:-}" ] || die "unknown harness: $h"; done

build
mkdir -p "$BUILD/logs" "$WORK/logs"
case "$mode" in
  --build) exit 0 ;;
  --replay)
    bad=0
    for h in "${harnesses[@]}"; do replay "$h" || bad=$((bad + 1)); done
    [ "$bad" = 0 ]
    ;;
  *)
    [[ "$mode" =~ ^[0-9]+$ ]] || die "SECONDS must be a number"
    printf '%-13s %7s %8s %12s %7s %7s %7s\n' harness seconds cpu executions cov ft crashes
    jobs=${FUZZ_JOBS:-1}
    for h in "${harnesses[@]}"; do
      while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
      if [ "$jobs" = 1 ]; then fuzz "$h" "$mode"; else fuzz "$h" "$mode" & fi
    done
    wait
    ;;
esac
