#!/usr/bin/env bash
# Coverage-guided fuzzing of every target with libFuzzer (cargo-fuzz, stable
# Rust: no sanitizer, so no nightly needed), then a minimised merge of what was
# found into fuzz/corpus/<target>, which is committed and replayed by CI
# (`cargo test -p cekbae-fuzz-checks`).
#
#   fuzz/run.sh [SECONDS_EACH] [TARGET...]     (default: 60 s, every target)
#   FUZZ_MERGE=0 fuzz/run.sh 10                 (CI's smoke: fuzz, leave fuzz/corpus as it is)
#
# Logs go to target/fuzz-logs/<target>.log; a crash leaves its input in
# fuzz/targets/artifacts/<target>/ and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/targets"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(understand nik whatsapp_payload telegram_update console_line)
fi
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz@0.13.2
cargo fuzz build --fuzz-dir . -s none -O
logs=../../target/fuzz-logs
mkdir -p "$logs"
for target in "${targets[@]}"; do
  work="../../target/fuzz-corpus/$target"
  mkdir -p "$work" "../corpus/$target"
  echo "fuzzing $target for ${seconds}s"
  cargo fuzz run --fuzz-dir . -s none -O "$target" "$work" "../corpus/$target" "../seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 >"$logs/$target.log" 2>&1 || {
    tail -40 "$logs/$target.log"
    exit 1
  }
  grep -E "^stat::number_of_executed_units|^Done" "$logs/$target.log" || true
  [ "${FUZZ_MERGE:-1}" = 0 ] && continue
  # Keep only inputs that add coverage.
  fresh="../../target/fuzz-merged/$target"
  rm -rf "$fresh" && mkdir -p "$fresh"
  cargo fuzz run --fuzz-dir . -s none -O "$target" "$fresh" "../corpus/$target" "$work" -- -merge=1 -max_len=8192 \
    >"$logs/$target.merge.log" 2>&1
  rm -rf "../corpus/$target" && mv "$fresh" "../corpus/$target"
  echo "$target: corpus $(ls "../corpus/$target" | wc -l) inputs, $(du -sh "../corpus/$target" | cut -f1)"
done
