#!/usr/bin/env bash
# Runs the fuzz targets one after the other, each for SECONDS (default 600), on ONE core:
# libFuzzer's fork mode with a single worker, which keeps fuzzing after a crash, a timeout or
# an out-of-memory (each is saved under artifacts/<target>/) instead of stopping at the first.
#
#   fuzz/run-all.sh [SECONDS] [TARGET...]
#
# Logs go to fuzz/logs/<target>.log; the last stats line of each is printed at the end.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP=1 lets it use a stable
# toolchain. Builds without sanitizer (the crate has no unsafe code) but with debug assertions
# and overflow checks, so that an arithmetic overflow is a crash and not a wrong number.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(staff attendance sessions rules_text rules_structured teams month)
fi
export RUSTC_BOOTSTRAP=1
cargo fuzz build --sanitizer none --debug-assertions
[ -d corpus/staff ] || ./seed-corpus.sh
mkdir -p logs
for t in "${targets[@]}"; do
  case $t in
    staff | attendance | sessions | month) dict=(-dict=dicts/csv.dict) ;;
    rules_text) dict=(-dict=dicts/toml.dict) ;;
    teams) dict=(-dict=dicts/teams.dict) ;;
    *) dict=() ;;
  esac
  extra=()
  [ "$t" = rules_structured ] && extra=(-max_len=4096)
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "== $t: ${seconds}s, started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  set +e
  cargo fuzz run --sanitizer none --debug-assertions "$t" "corpus/$t" -- \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 "${dict[@]}" "${extra[@]}" \
    > "logs/$t.log" 2>&1
  echo "   exit $?; $(grep -E '^#[0-9]+' "logs/$t.log" | tail -1)"
  set -e
  ls "artifacts/$t" | sed 's/^/   artifact: /'
done
