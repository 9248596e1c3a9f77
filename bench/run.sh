#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md on this machine, in release mode.
# The rapidfuzz side runs in a private virtualenv (installed from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; free -m | head -2

echo "== 1. engine turns vs raw sled"
cargo bench -q -p cekbae-bench --bench engine
CEKBAE_BENCH_OUTBOX=0 cargo bench -q -p cekbae-bench --bench engine | sed 's/^/  (no outbox) /'

echo "== 2. webhooks end to end vs bare axum"
cargo bench -q -p cekbae-bench --bench webhook

echo "== 3. matcher vs rapidfuzz"
cargo bench -q -p cekbae-dialogues --bench understand
if [ ! -x target/bench-venv/bin/python ]; then
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install -q rapidfuzz
fi
target/bench-venv/bin/python bench/rapidfuzz_match.py

echo "== 4. scale"
cargo bench -q -p cekbae-bench --bench scale

echo "== 5. start-up"
cargo bench -q -p cekbae-bench --bench startup
