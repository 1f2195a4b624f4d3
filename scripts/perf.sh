#!/usr/bin/env bash
# Reproduces the figures of docs/PERFORMANCE.md: generates the S, M and L workloads (once),
# then times `sportello compute` end to end against merely parsing the same files with the csv
# crate, in the same run, and the import of a folder of 50,000 real-format Teams reports.
#
#   scripts/perf.sh            # S, M, L and the Teams folder
#   SIZES="M" scripts/perf.sh  # only M (the Teams folder is part of M)
#
# Needs GNU time (/usr/bin/time, Debian package `time`). Workloads go to $WORK
# (default /tmp/sportello-perf): about 1.5 GB for all three.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/sportello-perf}
SIZES=${SIZES:-"S M L"}
RUNS=${RUNS:-3}
cargo build --quiet --release --bin sportello --example generate --example csv_baseline
bin=target/release/sportello

staff_of() { case $1 in S) echo 2500 ;; M) echo 25000 ;; L) echo 100000 ;; esac; }

best() { sort -n | head -1; }

for size in $SIZES; do
  dir=$WORK/$size
  if [ ! -f "$dir/staff.csv" ]; then
    reports=0; [ "$size" = M ] && reports=50000
    target/release/examples/generate --staff "$(staff_of $size)" --seed 1 --month 2025-10 --out "$dir" --reports $reports
  fi
  rows_att=$(($(wc -l < "$dir/attendance.csv") - 1))
  rows_ses=$(($(wc -l < "$dir/teams/sessions.csv") - 1))
  parse=(); compute=(); rss=()
  for _ in $(seq "$RUNS"); do
    parse+=("$(target/release/examples/csv_baseline "$dir/attendance.csv" "$dir/teams/sessions.csv" | awk '{print $4}')")
    out=$( { /usr/bin/time -f "%e %M" "$bin" compute --month 2025-10 --data "$dir" --out /dev/null --anomalies /dev/null --quiet || true; } 2>&1 | tail -1)
    compute+=("${out% *}"); rss+=("${out#* }")
  done
  p=$(printf '%s\n' "${parse[@]}" | best); c=$(printf '%s\n' "${compute[@]}" | best); m=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  echo "$size: $(staff_of $size) staff, $rows_att attendance rows, $rows_ses session rows: csv parse ${p} s, compute ${c} s (ratio $(awk "BEGIN{printf \"%.2f\", $c/$p}")), peak RSS $((m / 1024)) MB"
  if [ "$size" = M ] && [ -d "$dir/teams-reports" ]; then
    n=$(ls "$dir/teams-reports" | wc -l)
    out=$( { /usr/bin/time -f "%e %M" "$bin" compute --month 2025-10 --staff "$dir/staff.csv" --attendance "$dir/attendance.csv" --teams "$dir/teams-reports" --out /dev/null --anomalies /dev/null --quiet || true; } 2>&1 | tail -1)
    echo "M, Teams folder: $n real-format reports (UTF-16 and UTF-8, five formats) with the M register and attendance: ${out% *} s, peak RSS $((${out#* } / 1024)) MB"
  fi
done
