#!/usr/bin/env bash
# PostgreSQL side by side: `pgbench -N` (simple update) and cekbae's engine turns with one and three
# instances, the same client count, on the same local server, in one run. Makes a database of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${CEKBAE_BENCH_CLIENTS:-8}"
base="${CEKBAE_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
psql "$base/postgres" -qc 'DROP DATABASE IF EXISTS cekbae_bench' -c 'CREATE DATABASE cekbae_bench'
pgbench -q -i -s 10 "$base/cekbae_bench" >/dev/null 2>&1
echo "pgbench -N, $clients clients:"
pgbench -N -c "$clients" -j 2 -T 20 "$base/cekbae_bench" 2>/dev/null | grep -E '^(tps|latency average)'
CEKBAE_BENCH_DATABASE_URL="$base/cekbae_bench" CEKBAE_BENCH_CLIENTS="$clients" \
    cargo bench -q -p cekbae-bench --bench postgres
