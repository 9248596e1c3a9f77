#!/usr/bin/env bash
# Webhooks end to end through 1 and 3 `cekbae serve` processes (release build) on one PostgreSQL database,
# the load spread at random, nothing lost or doubled. Makes a database of its own and drops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${CEKBAE_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
target="${CARGO_TARGET_DIR:-target}"
cargo build -q --release -p cekbae --bin cekbae
psql "$base/postgres" -qc 'DROP DATABASE IF EXISTS cekbae_bench_instances' -c 'CREATE DATABASE cekbae_bench_instances'
trap 'psql "$base/postgres" -qc "DROP DATABASE IF EXISTS cekbae_bench_instances"' EXIT
CEKBAE_BENCH_DATABASE_URL="$base/cekbae_bench_instances" CEKBAE_BENCH_BIN="$target/release/cekbae" \
    cargo bench -q -p cekbae-bench --bench instances
