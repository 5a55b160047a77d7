#!/usr/bin/env bash
# The demo on a fresh Debian 12 machine, as root: installs the packages,
# builds, starts a throwaway cluster, imports examples/leads.csv and prints
# the summary, some leads and the error report. The cluster keeps running
# so you can look around; the script prints how to connect and to stop it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
LI_DIR="${LI_DIR:-/tmp/leadimport-demo}" LI_PORT="${LI_PORT:-54330}"
source scripts/cluster.sh
echo "== starting a throwaway PostgreSQL cluster in $LI_DIR (port $LI_PORT)"
cluster_start
psql -q -d postgres -c "CREATE DATABASE demo"
psql -q -d demo -v file=examples/leads.csv -f examples/demo.sql
cat <<MSG

== the demo cluster is still running
   connect: psql -h $LI_DIR -p $LI_PORT -U postgres demo
   stop:    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D $LI_DATA stop
MSG
