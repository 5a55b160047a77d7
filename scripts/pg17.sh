#!/usr/bin/env bash
# leadimport on PostgreSQL 17, inside a Debian 13 (trixie) chroot made with
# debootstrap and kept between runs (outside the git checkout). As root:
#   bash scripts/pg17.sh setup     the chroot and its packages (minutes once, seconds after)
#   bash scripts/pg17.sh build     copies the working tree into it, make && make install
#   bash scripts/pg17.sh unit      copies the tree too; the C++ unit tests (CMakeLists.txt)
#                                  built with trixie's g++ 14 and libphonenumber 8.13 in
#                                  $BUILD_DIR/build/unit17 (kept between runs), ctest -j2;
#                                  ends with "PG17-UNIT: N passed, M failed"
#   bash scripts/pg17.sh regress   a throwaway PG17 cluster there: make installcheck, pgTAP,
#                                  then the worker suites (test/worker/*.t; PG17_WORKER=0 skips them)
#   bash scripts/pg17.sh all       build, unit, regress in turn
#   bash scripts/pg17.sh bench [ROWS...]  bench/run.sh in the chroot against PostgreSQL 17
#                                  (ROUNDS, PHONE_DIFF as for bench/run.sh); its tables are
#                                  copied out to bench/out/pg17/
#   bash scripts/pg17.sh deb [DIR] postgresql-17-leadimport_*.deb with dpkg-buildpackage
#                                  (debian/, pg_buildext) in a fresh copy of the tree
#                                  there, copied out to DIR (default $DEB_DIR/17);
#                                  ends with "DEB-BUILD-17: ok|failed"
# Sourced (scripts/deb.sh does), it only defines the functions and settings.
# A chroot that cannot be made prints "PG17-SKIPPED: skipped: <why>" and
# exits 0 (test.sh can count it as skipped, never as passed). Regress ends
# with "PG17-REGRESS: N passed, M failed", "PG17-PGTAP: N passed, M failed" and
# "PG17-WORKER: N passed, M failed".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

CHROOT="${LEADIMPORT_CHROOT:-/var/cache/leadimport/trixie}"
MIRROR="${LEADIMPORT_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${LEADIMPORT_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
# Suites besides $SUITE in the chroot's sources.list, e.g. "updates security"
# (scripts/deb.sh's install-test chroots: packages built against the host's
# PostgreSQL depend on its minor version, which bookworm-security has).
EXTRA_SUITES=""
SUITE=trixie
PGV=17
PG_BIN="/usr/lib/postgresql/$PGV/bin"
BUILD_DIR=/build/leadimport # inside the chroot
PG17_PORT="${PG17_PORT:-54417}"
PG17_DIR=/tmp/leadimport-cluster-17 # inside the chroot
# Where built .deb files go, outside the checkout (scripts/deb.sh too).
DEB_DIR="${LEADIMPORT_DEB_DIR:-/var/cache/leadimport/deb}"

# scripts/setup.sh's PACKAGES for what building and testing the extension
# needs, with trixie's names (the same there, but for the server's version).
# cmake and libgtest-dev build the unit tests (unit) against trixie's
# libphonenumber 8.13, so the phone fast path's differential runs on both
# metadata versions (the host has 8.12). Not here: clang-16/libfuzzer/llvm
# (the fuzzers run on the host), clang-format (the host checks format).
# debhelper, postgresql-server-dev-all (pg_buildext) and fakeroot build the
# Debian package (deb); dpkg-dev comes with build-essential. python3 runs
# bench/run.sh's generator and memory watcher (bench).
PACKAGES=(
  build-essential g++ make pkg-config perl ca-certificates
  postgresql-$PGV postgresql-server-dev-$PGV postgresql-$PGV-pgtap libtap-parser-sourcehandler-pgtap-perl
  libphonenumber-dev libcsv-dev libzip-dev libexpat1-dev nlohmann-json3-dev
  libpcre2-dev libprotobuf-dev
  debhelper postgresql-server-dev-all fakeroot
  cmake libgtest-dev
  python3
)
# Changes to this list, or to how the chroot is made, make a new stamp.
STAMP_VERSION="1 ${PACKAGES[*]}"
STAMP="$CHROOT/.leadimport-stamp"

skip() {
  echo "PG17-SKIPPED: skipped: $*"
  exit 0
}

# Mounts made by this run, undone on exit whatever happens.
MOUNTED=()
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null || true
  done
  MOUNTED=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

mount_one() { # mount_one <target under chroot> <mount args...>
  local target="$CHROOT$1"
  shift
  mountpoint -q "$target" && return 0
  mkdir -p "$target"
  mount "$@" "$target"
  MOUNTED+=("$target")
}

# /proc, and a tmpfs of its own for /dev/shm (PostgreSQL's dynamic shared
# memory). debootstrap made /dev's device nodes; /dev is bound from the host
# (private, so nothing propagates back) only if they are missing.
# Removes a half-made chroot: first whatever is still mounted under it (a
# failed debootstrap can leave its /proc or /sys), then the files, never
# crossing into another file system.
remove_chroot() {
  local m
  unmount_all
  awk -v d="$CHROOT" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
  rm -rf --one-file-system "$CHROOT"
}

mounts() {
  mount_one /proc -t proc proc
  if [ ! -c "$CHROOT/dev/null" ]; then
    mount_one /dev --bind /dev
    mount --make-private "$CHROOT/dev"
  fi
  mount_one /dev/shm -t tmpfs -o mode=1777,size=512m shm
}

in_chroot() { # in_chroot <command...>: as root, clean environment
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive chroot "$CHROOT" "$@"
}

cmd_setup() {
  [ "$(id -u)" = 0 ] || skip "not root (debootstrap and chroot need root)"
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_VERSION" ]; then
    echo "== chroot $CHROOT: ready (Debian $(cat "$CHROOT/etc/debian_version"), $(in_chroot "$PG_BIN/postgres" --version))"
    return 0
  fi
  command -v debootstrap >/dev/null || skip "debootstrap is not installed (apt-get install debootstrap)"
  local t0=$SECONDS
  if [ ! -x "$CHROOT/usr/bin/apt-get" ] || [ ! -f "$CHROOT/.leadimport-debootstrap-done" ]; then
    echo "== debootstrap --variant=minbase $SUITE $CHROOT $MIRROR"
    remove_chroot
    mkdir -p "$(dirname "$CHROOT")"
    if ! nice -n 5 debootstrap --variant=minbase "$SUITE" "$CHROOT" "$MIRROR" >"$CHROOT.debootstrap.log" 2>&1; then
      tail -n 20 "$CHROOT.debootstrap.log" >&2
      remove_chroot
      skip "debootstrap $SUITE from $MIRROR failed (log: $CHROOT.debootstrap.log)"
    fi
    touch "$CHROOT/.leadimport-debootstrap-done"
    echo "   $((SECONDS - t0)) s"
  fi
  mounts
  # Debian's packaging would create and start a cluster of its own; we use a
  # throwaway one instead. No daemons start inside the chroot.
  mkdir -p "$CHROOT/etc/postgresql-common"
  echo "create_main_cluster = false" >"$CHROOT/etc/postgresql-common/createcluster.conf"
  printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
  chmod 755 "$CHROOT/usr/sbin/policy-rc.d"
  if [ -n "$EXTRA_SUITES" ]; then
    local s
    {
      echo "deb $MIRROR $SUITE main"
      for s in $EXTRA_SUITES; do
        if [ "$s" = security ]; then echo "deb $SECURITY_MIRROR $SUITE-security main"; else echo "deb $MIRROR $SUITE-$s main"; fi
      done
    } >"$CHROOT/etc/apt/sources.list"
  fi
  echo "== apt-get install (in the chroot): ${PACKAGES[*]}"
  local t1=$SECONDS
  if ! { in_chroot apt-get update -qq &&
    in_chroot nice -n 5 apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"; } \
    >"$CHROOT.apt.log" 2>&1; then
    tail -n 20 "$CHROOT.apt.log" >&2
    skip "apt-get install in the $SUITE chroot failed (log: $CHROOT.apt.log)"
  fi
  in_chroot apt-get clean
  echo "   $((SECONDS - t1)) s"
  echo "$STAMP_VERSION" >"$STAMP"
  echo "== chroot $CHROOT: ready (Debian $(cat "$CHROOT/etc/debian_version"), $(in_chroot "$PG_BIN/postgres" --version))"
}

# copy_tree <dir>: the working tree as it is (tracked files plus untracked
# ones not ignored, uncommitted edits included, deleted files left out) into
# <dir>, which must exist.
copy_tree() {
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -) | tar -xf - -C "$1"
}

# sync_tree: the working tree into $CHROOT$BUILD_DIR, changed files only.
sync_tree() {
  echo "== copying the working tree to $CHROOT$BUILD_DIR"
  # Tracked files plus untracked ones not ignored: the working tree as it is,
  # uncommitted edits included, deleted files left out. Only files whose
  # content changed are replaced (with a new mtime), so make rebuilds what
  # changed, not everything; files gone from the tree go from the copy too.
  local stage="$CHROOT/build/.stage" dst="$CHROOT$BUILD_DIR"
  rm -rf "$stage"
  mkdir -p "$stage" "$dst"
  copy_tree "$stage"
  local f changed=0
  while IFS= read -r -d '' f; do
    if ! cmp -s "$stage/$f" "$dst/$f"; then
      mkdir -p "$(dirname "$dst/$f")"
      cp -P "$stage/$f" "$dst/$f"
      changed=$((changed + 1))
    fi
  done < <(cd "$stage" && find . \( -type f -o -type l \) -print0)
  # Whatever make and pg_regress produce stays; any other file not in the
  # tree any more goes (a deleted .cpp would still match the Makefile's wildcard).
  while IFS= read -r -d '' f; do
    [ -e "$stage/$f" ] || [ -L "$stage/$f" ] || { rm -f "$dst/$f"; changed=$((changed + 1)); }
  done < <(cd "$dst" && find . \( -path ./test/results -o -path ./build \) -prune -o \
    \( -type f -o -type l \) ! -name '*.o' ! -name '*.so' ! -name '*.bc' ! -name '*.log' \
    ! -path ./test/regression.diffs ! -path ./test/regression.out ! -name 'leadimport--*.sql' -print0)
  rm -rf "$stage"
  echo "   $changed files changed since the last copy"
}

cmd_build() {
  cmd_setup
  sync_tree
  mounts
  echo "== make PG_CONFIG=$PG_BIN/pg_config (g++ $(in_chroot g++ -dumpfullversion))"
  local t0=$SECONDS log="$CHROOT$BUILD_DIR/build.log"
  if ! in_chroot nice -n 5 make -C "$BUILD_DIR" -j"${PG17_JOBS:-2}" PG_CONFIG="$PG_BIN/pg_config" \
    ${EXTRA_CXXFLAGS:+EXTRA_CXXFLAGS="$EXTRA_CXXFLAGS"} >"$log" 2>&1; then
    grep -E -A3 "error:|Error [0-9]" "$log" | head -n 60
    echo "PG17-BUILD: failed (log: $log)"
    return 1
  fi
  grep -E "warning:" "$log" | head -n 20 || true
  in_chroot make -C "$BUILD_DIR" PG_CONFIG="$PG_BIN/pg_config" install >>"$log" 2>&1 ||
    { tail -n 20 "$log"; echo "PG17-BUILD: make install failed"; return 1; }
  echo "PG17-BUILD: ok, built and installed in $((SECONDS - t0)) s"
}

# unit: CMakeLists.txt's unit tests with the chroot's g++ and libraries, in a
# build directory under the copy's build/ (which sync_tree never prunes), so
# a second run rebuilds only what changed. Same flags as the host's
# scripts/test.sh (RelWithDebInfo, CMakeLists.txt's -Wall -Wextra -Werror).
cmd_unit() {
  cmd_setup
  sync_tree
  mounts
  local dir="$BUILD_DIR/build/unit17" log="$CHROOT$BUILD_DIR/build/unit17.log"
  local tlog="$CHROOT$BUILD_DIR/build/unit17-tests.log" t0=$SECONDS
  mkdir -p "$CHROOT$dir"
  echo "== C++ unit tests in $CHROOT$dir (g++ $(in_chroot g++ -dumpfullversion)," \
    "libphonenumber $(in_chroot dpkg-query -W -f '${Version}' libphonenumber-dev 2>/dev/null))"
  if ! { in_chroot nice -n 5 cmake -S "$BUILD_DIR" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=g++ && in_chroot nice -n 5 cmake --build "$dir" -j"${PG17_JOBS:-2}"; } >"$log" 2>&1; then
    grep -E -A3 "error:|Error [0-9]|CMake Error" "$log" | head -n 60
    echo "PG17-UNIT: 0 passed, 1 failed (did not build; log: $log)"
    return 1
  fi
  grep -E "warning:" "$log" | head -n 20 || true
  echo "   built in $((SECONDS - t0)) s"
  local t1=$SECONDS total bad
  in_chroot sh -c "cd '$dir' && exec nice -n 5 ctest --output-on-failure -j${PG17_JOBS:-2}" >"$tlog" 2>&1 || true
  tail -n 5 "$tlog"
  total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$tlog" | tail -1)
  bad=$(sed -n 's/.* \([0-9]*\) tests failed out of.*/\1/p' "$tlog" | tail -1)
  [ -z "$total" ] && { total=1; bad=1; tail -n 40 "$tlog"; }
  [ "$bad" != 0 ] && grep -E "Failed|\*\*\*" "$tlog" | head -n 50
  echo "   tests ran in $((SECONDS - t1)) s (log: $tlog)"
  echo "PG17-UNIT: $((total - bad)) passed, $bad failed"
  [ "$bad" = 0 ]
}

cmd_regress() {
  cmd_setup
  [ -f "$CHROOT/usr/lib/postgresql/$PGV/lib/leadimport.so" ] && [ -d "$CHROOT$BUILD_DIR" ] ||
    { echo "not built: run $0 build first"; return 1; }
  mounts
  local d="$PG17_DIR" log="$CHROOT$BUILD_DIR/regress.log"
  # The same cluster as scripts/cluster.sh and the same settings as
  # scripts/test.sh, with PostgreSQL 17's binaries.
  cat >"$CHROOT/tmp/leadimport-regress.sh" <<EOF
set -u
export PATH="$PG_BIN:\$PATH" PGHOST="$d" PGPORT="$PG17_PORT" PGUSER=postgres
as_postgres() { runuser -u postgres -- "\$@"; }
stop() { [ -d "$d/data" ] && as_postgres pg_ctl -D "$d/data" -m fast -w stop >/dev/null 2>&1; }
stop; rm -rf "$d"; mkdir -p "$d"; chown postgres: "$d"; chmod 755 "$d"
as_postgres initdb -D "$d/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust >/dev/null || exit 1
cat >>"$d/data/postgresql.conf" <<CONF
port = $PG17_PORT
listen_addresses = ''
unix_socket_directories = '$d'
fsync = off
log_min_messages = warning
shared_preload_libraries = 'leadimport'
leadimport.database = 'contrib_regression'
leadimport.max_workers = 2
leadimport.batch_size = 1000
CONF
if ! as_postgres pg_ctl -D "$d/data" -l "$d/server.log" -w -t 60 start >/dev/null; then
  tail -n 50 "$d/server.log"; exit 1
fi
trap stop EXIT
export LEADIMPORT_FIXTURES="$d/fixtures"
cp -r "$BUILD_DIR/test/fixtures" "\$LEADIMPORT_FIXTURES" && chmod -R a+rX "\$LEADIMPORT_FIXTURES"
cd "$BUILD_DIR" && rm -rf test/results test/regression.diffs test/regression.out
# pg_regress writes test/results as postgres? No: as the caller (root), and
# only the server reads the fixtures. make installcheck as root is fine.
make PG_CONFIG="$PG_BIN/pg_config" installcheck
rc=\$?
[ \$rc = 0 ] || tail -n 100 "$d/server.log" >"$BUILD_DIR/server-tail.log"
# pgTAP, as scripts/test.sh runs it
psql -q -d postgres -c "DROP DATABASE IF EXISTS leadimport_tap" -c "CREATE DATABASE leadimport_tap" &&
  psql -q -d leadimport_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION leadimport" &&
  pg_prove -d leadimport_tap test/pgtap/*.sql >"$BUILD_DIR/pgtap.log" 2>&1
# The worker suites (crash and restart, concurrency, the hostile neighbour,
# backup and restore, upgrade) on this same cluster, as scripts/test.sh runs
# them after pg_regress: they restart it through scripts/cluster.sh, which
# LI_DIR, LI_PORT and LI_PG_BIN point at this cluster and these binaries.
if [ "\${PG17_WORKER:-1}" = 1 ]; then
  LI_DIR="$d" LI_PORT="$PG17_PORT" LI_PG_BIN="$PG_BIN" prove -e bash test/worker/*.t >"$BUILD_DIR/worker.log" 2>&1
fi
exit \$rc
EOF
  echo "== pg_regress on PostgreSQL $PGV (port $PG17_PORT, in the chroot)"
  local t0=$SECONDS
  in_chroot bash /tmp/leadimport-regress.sh >"$log" 2>&1 || true
  grep -E "^(ok|not ok|test | *[a-z_0-9]+ +\.\.\.)|^# " "$log" | tail -n 40
  local rtotal rbad
  rtotal=$(ls "$CHROOT$BUILD_DIR"/test/sql/*.sql | wc -l)
  rbad=$(grep -c "^not ok\|FAILED" "$log" || true)
  if [ -f "$CHROOT$BUILD_DIR/test/regression.diffs" ]; then
    echo "----- test/regression.diffs (PostgreSQL $PGV) -----"
    head -c 20000 "$CHROOT$BUILD_DIR/test/regression.diffs"
    [ "$rbad" = 0 ] && rbad=1
  fi
  if ! grep -qE "^(ok|not ok|test )" "$log"; then
    tail -n 40 "$log"
    [ -f "$CHROOT$BUILD_DIR/server-tail.log" ] && cat "$CHROOT$BUILD_DIR/server-tail.log"
    rbad=$rtotal
  fi
  echo "   $((SECONDS - t0)) s"
  echo "PG17-REGRESS: $((rtotal - rbad)) passed, $rbad failed"
  local plog="$CHROOT$BUILD_DIR/pgtap.log" ttotal tbad
  echo "== pgTAP on PostgreSQL $PGV"
  tail -n 8 "$plog" 2>/dev/null
  ttotal=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\).*/\1/p' "$plog" 2>/dev/null)
  tbad=$(sed -n 's/.*Failed \([0-9]*\)\/[0-9]* subtests.*/\1/p' "$plog" 2>/dev/null | awk '{s+=$1} END {print s+0}')
  grep -q "^Result: PASS" "$plog" 2>/dev/null || [ "$tbad" != 0 ] || tbad=1
  [ -z "$ttotal" ] && ttotal=$tbad
  echo "PG17-PGTAP: $((ttotal - tbad)) passed, $tbad failed"
  local wlog="$CHROOT$BUILD_DIR/worker.log" wtotal wbad=0
  if [ "${PG17_WORKER:-1}" = 1 ]; then
    echo "== background worker suites on PostgreSQL $PGV"
    grep -E "^(not ok|Files=|Result)" "$wlog" 2>/dev/null | head -n 30 || true
    wtotal=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\).*/\1/p' "$wlog" 2>/dev/null || true)
    wbad=$(grep -c "^not ok" "$wlog" 2>/dev/null || true)
    wbad=${wbad:-0}
    grep -q "^Result: PASS" "$wlog" 2>/dev/null || [ "${wbad:-0}" != 0 ] || wbad=1
    [ -z "$wtotal" ] && { wtotal=$wbad; tail -n 30 "$wlog" 2>/dev/null || true; }
    echo "PG17-WORKER: $((wtotal - wbad)) passed, $wbad failed"
  fi
  [ "$rbad" = 0 ] && [ "$tbad" = 0 ] && [ "$wbad" = 0 ]
}

# deb [DIR]: the Debian package for 17, built the way Debian builds it
# (dpkg-buildpackage, debian/rules with pg_buildext) from a fresh copy of the
# tree in the chroot, so neither the checkout nor cmd_build's copy changes. No
# tests at build time (debian/rules); scripts/deb.sh installs and tests it.
cmd_deb() {
  local out="${1:-$DEB_DIR/$PGV}" top=/build/deb # top: inside the chroot
  cmd_setup
  rm -rf "$CHROOT$top"
  mkdir -p "$CHROOT$top/leadimport"
  copy_tree "$CHROOT$top/leadimport"
  mounts
  local t0=$SECONDS log="$CHROOT$top/build.log"
  echo "== dpkg-buildpackage -us -uc -b in $CHROOT$top/leadimport (PostgreSQL $PGV)"
  # PG_UPDATECONTROL: debian/control is generated for the build system's
  # PostgreSQL (15 on the Debian 12 host); pg_buildext regenerates it for 17.
  if ! in_chroot sh -c "cd $top/leadimport && exec env PG_UPDATECONTROL=yes \
      DEB_BUILD_OPTIONS='nocheck parallel=${PG17_JOBS:-2}' nice -n 10 dpkg-buildpackage -us -uc -b" \
    >"$log" 2>&1; then
    grep -E -A3 "error:|Error [0-9]|unmet|dpkg-buildpackage: error" "$log" | head -n 40
    echo "DEB-BUILD-$PGV: failed (log: $log)"
    return 1
  fi
  mkdir -p "$out"
  rm -f "$out"/*.deb
  cp "$CHROOT$top"/*.deb "$out"/
  echo "DEB-BUILD-$PGV: ok, $(cd "$out" && ls postgresql-"$PGV"-leadimport_*.deb) in $((SECONDS - t0)) s (in $out)"
}

# bench [ROWS...]: bench/run.sh on PostgreSQL 17, in the chroot, on a copy of
# the tree; the same script, settings and file as on the host, so the ratios
# sit next to 15's.
cmd_bench() {
  cmd_setup
  sync_tree
  mounts
  local commit
  commit="$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "== bench/run.sh $* on PostgreSQL $PGV (in the chroot, commit $commit)"
  in_chroot env BENCH_COMMIT="$commit" LI_PG_BIN="$PG_BIN" ROUNDS="${ROUNDS:-1}" \
    PHONE_DIFF="${PHONE_DIFF:-1}" bash "$BUILD_DIR/bench/run.sh" "$@"
  mkdir -p "$ROOT/bench/out/pg17"
  cp "$CHROOT$BUILD_DIR"/bench/out/results-*.md "$ROOT/bench/out/pg17/" 2>/dev/null || true
  echo "tables: $ROOT/bench/out/pg17/"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-all}" in
    setup) cmd_setup ;;
    build) cmd_build ;;
    unit) cmd_unit ;;
    regress) cmd_regress ;;
    # unit failing still leaves regress to run (scripts/test.sh counts each).
    all) cmd_build && { rc=0; cmd_unit || rc=1; cmd_regress || rc=1; exit $rc; } ;;
    deb) cmd_deb "${2:-}" ;;
    bench) shift; cmd_bench "$@" ;;
    *)
      echo "usage: $0 setup|build|unit|regress|all|deb [DIR]|bench [ROWS...]" >&2
      exit 2
      ;;
  esac
fi
