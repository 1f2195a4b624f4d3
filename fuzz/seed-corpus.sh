#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the demo office, the arrears fixtures and the Teams samples
# of fixtures/teams-samples. Safe to run again: it only adds files.
set -euo pipefail
cd "$(dirname "$0")"
root=..
samples=../fixtures/teams-samples
seed() { mkdir -p "corpus/$1"; cp "$2" "corpus/$1/$3"; }
utf16() { printf '\xff\xfe' > "$2"; iconv -f UTF-8 -t UTF-16LE "$1" >> "$2"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The demo office: its register and attendance; its Teams folder holds real exports in every
# format, each a seed of the teams target. The arrears months have normalised sessions files.
demo="$root/fixtures/demo"
seed staff "$demo/staff.csv" staff-demo.csv
seed attendance "$demo/attendance.csv" attendance-demo.csv
n=0
for f in "$demo"/teams/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  seed teams "$f" "demo-$n"
  # One month seed per kind of export (the first few files of the sorted folder, then every
  # tenth), so that the month target starts from each format.
  if [ "$n" -le 3 ] || [ $((n % 10)) -eq 0 ]; then
    { cat "$demo/staff.csv"; printf '\x1e'; cat "$demo/attendance.csv"; printf '\x1e'; cat "$f"; } > "$tmp/month"
    seed month "$tmp/month" "month-demo-$n"
  fi
done
i=0
for m in "$root"/fixtures/arrears/data/*/; do
  m=${m%/}
  i=$((i + 1))
  seed staff "$m/staff.csv" "staff-arrears-$i.csv"
  seed attendance "$m/attendance.csv" "attendance-arrears-$i.csv"
  for s in "$m"/teams/*; do
    seed sessions "$s" "sessions-arrears-$i.csv"
    seed teams "$s" "normalized-arrears-$i.csv"
    { cat "$m/staff.csv"; printf '\x1e'; cat "$m/attendance.csv"; printf '\x1e'; cat "$s"; } > "$tmp/month"
    seed month "$tmp/month" "month-arrears-$i"
  done
done
# The same files as Teams writes them (UTF-16LE with BOM) and as Excel re-saves them (;).
utf16 "$root/fixtures/demo/staff.csv" "$tmp/staff16" && seed staff "$tmp/staff16" staff-utf16.csv
utf16 "$root/fixtures/demo/attendance.csv" "$tmp/att16" && seed attendance "$tmp/att16" attendance-utf16.csv
tr ',' ';' < "$root/fixtures/demo/staff.csv" > "$tmp/staffsemi" && seed staff "$tmp/staffsemi" staff-semicolon.csv
tr ',' ';' < "$root/fixtures/demo/attendance.csv" > "$tmp/attsemi" && seed attendance "$tmp/attsemi" attendance-semicolon.csv

if [ -d "$samples" ]; then
  for f in "$samples"/*; do seed teams "$f" "$(basename "$f")"; done
else
  echo "note: $samples not found; the teams corpus has only the normalised files" >&2
fi

# rules_text: a selector byte (0 alone, 1-3 in place of the n-th shipped file), then the text.
n=0
for r in "$root"/rules/*.toml; do
  n=$((n + 1))
  { printf "\\x0$n"; cat "$r"; } > "$tmp/rule-$n"
  seed rules_text "$tmp/rule-$n" "shipped-$n"
  { printf '\x00'; cat "$r"; } > "$tmp/alone-$n"
  seed rules_text "$tmp/alone-$n" "alone-$n"
done
for r in "$root"/fixtures/arrears/rules/*.toml; do
  { printf '\x00'; cat "$r"; } > "$tmp/arrears-rule"
  seed rules_text "$tmp/arrears-rule" "arrears-$(basename "$r" .toml)"
done

# rules_structured: arbitrary's encoding; the empty input is the shipped files unedited.
mkdir -p corpus/rules_structured
: > corpus/rules_structured/unedited
printf '\x00\x01\x00\x05\x00\x21\x00\x00\x00\x00\x00\x00' > corpus/rules_structured/one-edit
echo "corpus seeded: $(find corpus -type f | wc -l) files"
