#!/usr/bin/env bash
# leadimport's Debian packages (debian/, built with pg_buildext), built and
# then installed the way a user installs them. As root:
#   bash scripts/deb.sh [all] [15] [17]   build, then the install test (default: both versions)
#   bash scripts/deb.sh build [15] [17]   only build
#   bash scripts/deb.sh test [15] [17]    only the install test of what build made
# Builds: postgresql-15-leadimport on this Debian 12 host, with
# dpkg-buildpackage in a fresh copy of the working tree under $DEB_DIR/build-15
# (the checkout stays clean); postgresql-17-leadimport in the Debian 13 chroot
# (scripts/pg17.sh deb). The .deb files land in $DEB_DIR/15 and $DEB_DIR/17
# (/var/cache/leadimport/deb unless LEADIMPORT_DEB_DIR says otherwise).
#
# The install test never touches the host's PostgreSQL: scripts/setup.sh puts
# leadimport into /usr/lib/postgresql/15 with make install, and a package
# owning and then removing the same files would break that. Nor does it use
# the trixie build chroot, which has every -dev library and a make-installed
# leadimport: it would not show that the package's Depends are enough. Each
# release has a minimal chroot instead (debootstrap --variant=minbase, then
# only postgresql-NN; kept in /var/cache/leadimport/deb-<suite>), and every
# test runs in a throwaway overlay over it, so each run starts from the same
# clean system: apt-get install ./postgresql-NN-leadimport_*.deb (which pulls
# libphonenumber and the rest), a new cluster with shared_preload_libraries =
# 'leadimport', CREATE EXTENSION, a foreground import of a small CSV (2 leads
# imported, 1 row rejected), DROP EXTENSION, apt-get remove, and every file
# the package installed is gone.
#
# Prints DEB-BUILD-15/DEB-BUILD-17 lines, then "DEB-15: ok ..." / "DEB-17:
# ok ..." or "DEB-NN: failed: <why>"; what cannot run here (not root, no
# debootstrap, no network, no build dependencies) prints "DEB-SKIPPED: DEB-NN:
# <why>" and is not a failure. Exit status 1 if anything failed.
set -euo pipefail
# Functions and settings of the PostgreSQL 17 chroot: copy_tree, cmd_setup,
# mounts, in_chroot, remove_chroot, unmount_all (trap on EXIT), $DEB_DIR.
source "$(dirname "${BASH_SOURCE[0]}")/pg17.sh"
BUILD_CHROOT="$CHROOT" # the trixie chroot scripts/pg17.sh builds in
CACHE="$(dirname "$BUILD_CHROOT")"
JOBS="${DEB_JOBS:-2}"

declare -A SUITE_OF=([15]=bookworm [17]=trixie)
FAILED=0

fail() { # fail <pgv> <why>
  echo "DEB-$1: failed: $2"
  FAILED=1
}

# build_15: dpkg-buildpackage on the host, in a fresh copy of the tree.
build_15() {
  local v=15 top="$DEB_DIR/build-15" out="$DEB_DIR/15" missing
  [ -x /usr/lib/postgresql/$v/bin/pg_config ] || {
    echo "DEB-SKIPPED: DEB-$v: no PostgreSQL $v server headers on this host (postgresql-server-dev-$v)"
    return 2
  }
  rm -rf "$top"
  mkdir -p "$top/leadimport" "$out"
  copy_tree "$top/leadimport"
  if ! missing=$(cd "$top/leadimport" && dpkg-checkbuilddeps 2>&1); then
    echo "DEB-SKIPPED: DEB-$v: ${missing#dpkg-checkbuilddeps: error: } (add them to scripts/setup.sh)"
    return 2
  fi
  echo "== dpkg-buildpackage -us -uc -b in $top/leadimport (PostgreSQL $v)"
  local t0=$SECONDS
  # A clean environment for the build: test.sh's EXTRA_CXXFLAGS (sanitizers)
  # or MAKEFLAGS must not end up in the package.
  if ! (cd "$top/leadimport" && env -u EXTRA_CXXFLAGS -u MAKEFLAGS -u MFLAGS -u PG_CONFIG \
    PG_UPDATECONTROL=yes DEB_BUILD_OPTIONS="nocheck parallel=$JOBS" \
    nice -n 10 dpkg-buildpackage -us -uc -b) >"$top/build.log" 2>&1; then
    grep -E -A3 "error:|Error [0-9]|dpkg-buildpackage: error" "$top/build.log" | head -n 40
    echo "DEB-BUILD-$v: failed (log: $top/build.log)"
    return 1
  fi
  rm -f "$out"/*.deb
  cp "$top"/*.deb "$out"/
  echo "DEB-BUILD-$v: ok, $(cd "$out" && ls postgresql-$v-leadimport_*.deb) in $((SECONDS - t0)) s (in $out)"
}

# build_17: scripts/pg17.sh deb, in a process of its own (its own mounts and
# traps; its "PG17-SKIPPED" becomes ours).
build_17() {
  local outp rc=0
  outp=$(bash "$ROOT/scripts/pg17.sh" deb "$DEB_DIR/17" 2>&1) || rc=$?
  echo "$outp"
  if grep -q "^PG17-SKIPPED:" <<<"$outp"; then
    echo "DEB-SKIPPED: DEB-17: $(sed -n 's/^PG17-SKIPPED: skipped: //p' <<<"$outp")"
    return 2
  fi
  return $rc
}

# setup_base <pgv>: the minimal chroot of <pgv>'s release, made and stamped
# by pg17.sh's cmd_setup with this chroot's settings, in a subshell (its skip
# exits only there; its mounts are undone there).
setup_base() {
  local v=$1
  (
    CHROOT="$CACHE/deb-${SUITE_OF[$v]}"
    SUITE="${SUITE_OF[$v]}"
    PGV=$v
    PG_BIN="/usr/lib/postgresql/$v/bin"
    EXTRA_SUITES="updates security"
    PACKAGES=(postgresql-$v)
    STAMP_VERSION="deb-test 1 $SUITE $EXTRA_SUITES ${PACKAGES[*]}"
    STAMP="$CHROOT/.leadimport-stamp"
    MOUNTED=()
    trap unmount_all EXIT
    skip() {
      echo "DEB-SKIPPED: DEB-$v: $*"
      exit 2
    }
    cmd_setup
  )
}

# install_test <pgv>: the package in a throwaway overlay over the base chroot.
install_test() {
  local v=$1 deb rc=0
  deb=$(ls "$DEB_DIR/$v"/postgresql-"$v"-leadimport_*.deb 2>/dev/null | tail -n 1) || true
  [ -n "$deb" ] || { fail "$v" "no $DEB_DIR/$v/postgresql-$v-leadimport_*.deb (build it first)"; return; }
  local t0=$SECONDS
  setup_base "$v" || { [ $? = 2 ] && return; fail "$v" "the ${SUITE_OF[$v]} chroot could not be made"; return; }
  local base="$CACHE/deb-${SUITE_OF[$v]}" run="$CACHE/deb-${SUITE_OF[$v]}.run"
  local log="$CACHE/deb-${SUITE_OF[$v]}.test.log"
  CHROOT="$run"
  remove_chroot
  mkdir -p "$run/upper" "$run/work" "$run/root"
  mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$run/root"
  MOUNTED+=("$run/root")
  CHROOT="$run/root"
  mounts
  cp "$deb" "$CHROOT/tmp/"
  write_test_script "$v" "$(basename "$deb")" >"$CHROOT/tmp/deb-test.sh"
  echo "== install test of $(basename "$deb") in a clean Debian ${SUITE_OF[$v]} (overlay over $base)"
  in_chroot bash /tmp/deb-test.sh >"$log" 2>&1 || rc=$?
  CHROOT="$run"
  remove_chroot # the overlay and everything the test wrote
  CHROOT="$BUILD_CHROOT"
  grep -E "^(==|   )" "$log" || true
  if [ $rc = 0 ] && grep -q "^RESULT: ok" "$log"; then
    echo "DEB-$v: ok, $(sed -n 's/^RESULT: ok, //p' "$log") in $((SECONDS - t0)) s"
  else
    tail -n 30 "$log"
    fail "$v" "$(sed -n 's/^FAIL: //p' "$log" | head -n 1) (log: $log)"
  fi
}

# The test, run as root inside the throwaway chroot.
write_test_script() { # write_test_script <pgv> <deb file name>
  local v=$1 debname=$2
  cat <<EOF
set -u
export PATH="/usr/lib/postgresql/$v/bin:\$PATH" PGHOST=/tmp/deb-cluster PGPORT=54450 PGUSER=postgres
PKG=postgresql-$v-leadimport
fail() { echo "FAIL: \$*"; exit 1; }
as_postgres() { runuser -u postgres -- "\$@"; }
q() { psql -X -q -v ON_ERROR_STOP=1 -At -d postgres "\$@"; }

echo "== apt-get install ./$debname"
apt-get update -qq >/dev/null 2>&1 || echo "   (apt-get update failed; using the chroot's lists)"
cd /tmp && apt-get install -y -q --no-install-recommends ./$debname >/tmp/apt-install.log 2>&1 ||
  { tail -n 20 /tmp/apt-install.log; fail "apt-get install ./$debname"; }
echo "   pulled in: \$(sed -n 's/^Setting up \([^ :]*\).*/\1/p' /tmp/apt-install.log | grep -v "^\$PKG\\\$" | tr '\n' ' ')"
dpkg -L \$PKG | while read -r f; do [ -f "\$f" ] && echo "\$f"; done >/tmp/deb-files
grep -qx /usr/lib/postgresql/$v/lib/leadimport.so /tmp/deb-files || fail "no leadimport.so in \$PKG"
grep -qx /usr/share/postgresql/$v/extension/leadimport.control /tmp/deb-files || fail "no leadimport.control in \$PKG"
echo "   \$(wc -l </tmp/deb-files) files installed"

echo "== a clean cluster, shared_preload_libraries = 'leadimport'"
d=/tmp/deb-cluster
rm -rf \$d && mkdir -p \$d && chown postgres: \$d
as_postgres initdb -D \$d/data -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust >/dev/null || fail initdb
cat >>\$d/data/postgresql.conf <<CONF
port = 54450
listen_addresses = ''
unix_socket_directories = '\$d'
fsync = off
shared_preload_libraries = 'leadimport'
leadimport.database = 'postgres'
CONF
as_postgres pg_ctl -D \$d/data -l \$d/server.log -w -t 60 start >/dev/null ||
  { tail -n 30 \$d/server.log; fail "the server did not start with leadimport preloaded"; }
stop() { as_postgres pg_ctl -D \$d/data -m fast -w stop >/dev/null 2>&1; }
trap stop EXIT

echo "== CREATE EXTENSION leadimport, an import"
ver=\$(q -c "CREATE EXTENSION leadimport" -c "SELECT extversion FROM pg_extension WHERE extname = 'leadimport'") ||
  fail "CREATE EXTENSION leadimport"
echo "   leadimport \$ver on \$(q -c 'SHOW server_version')"
id=\$(q <<'SQL'
INSERT INTO leadimport.assistants (id, name) VALUES (1, 'Sales assistant');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position)
  VALUES (1, 'customer_name', 'text', true, 1);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (1, 'Package test', 1);
SELECT leadimport.import_data(1, 'deb-test.csv',
  convert_to(E'Phone,Customer Name\n+1 415 555 2671,Ada Lovelace\n+44 7400 123456,Charles Babbage\nnot a phone,Nobody\n', 'UTF8'),
  '{"background": false}');
SQL
) || fail "import_data"
counts=\$(q -F' ' -c "SELECT status, total_rows, imported_rows, failed_rows FROM leadimport.import_status(\$id)") ||
  fail "import_status"
echo "   import \$id: status, total, imported, failed = \$counts"
set -- \$counts
[ "\$3" = 2 ] && [ "\$4" = 1 ] || fail "import \$id: expected 2 imported and 1 failed, got: \$counts"
leads=\$(q -c "SELECT string_agg(phone_number, ' ' ORDER BY source_row) FROM leadimport.leads")
echo "   leads: \$leads"

echo "== DROP EXTENSION, apt-get remove"
q -c "DROP EXTENSION leadimport" >/dev/null || fail "DROP EXTENSION leadimport"
stop
trap - EXIT
apt-get remove -y -q \$PKG >/tmp/apt-remove.log 2>&1 || { tail -n 20 /tmp/apt-remove.log; fail "apt-get remove \$PKG"; }
dpkg-query -W -f='\${db:Status-Status}' \$PKG 2>/dev/null | grep -qx installed && fail "\$PKG still installed"
left=\$(while read -r f; do [ -e "\$f" ] && echo "\$f"; done </tmp/deb-files)
[ -z "\$left" ] || fail "left behind after apt-get remove: \$left"
echo "   \$(wc -l </tmp/deb-files) files gone"
echo "RESULT: ok, apt-get install, CREATE EXTENSION leadimport \$ver, import \$3 imported/\$4 rejected, DROP EXTENSION, apt-get remove: \$(wc -l </tmp/deb-files) files gone"
EOF
}

[ "$(id -u)" = 0 ] || {
  echo "DEB-SKIPPED: not root (dpkg-buildpackage's dependencies, chroot and mount need root)"
  exit 0
}
action=all
case "${1:-}" in all | build | test) action=$1 && shift ;; esac
versions=("$@")
((${#versions[@]})) || versions=(15 17)
for v in "${versions[@]}"; do
  [ -n "${SUITE_OF[$v]:-}" ] || { echo "usage: $0 [all|build|test] [15] [17]" >&2; exit 2; }
done
for v in "${versions[@]}"; do
  rc=0
  if [ "$action" != test ]; then
    "build_$v" || rc=$?
    [ $rc = 1 ] && fail "$v" "the package did not build"
  fi
  if [ $rc = 0 ] && [ "$action" != build ]; then
    install_test "$v"
  fi
done
exit $FAILED
