#!/bin/sh
# Renders an HTML statement to PNG (and, with --pdf, to an A4 PDF) in headless Chromium, so that
# anyone can see what a worker sees when opening or printing `sportello explain --format html`.
#
#   scripts/render-statement.sh                  # the demo statements -> docs/statement-*.png
#   scripts/render-statement.sh IN.html OUT.png  # any statement
#   scripts/render-statement.sh --pdf IN.html OUT.pdf
#
# Needs Chromium (Debian: apt-get install chromium fonts-liberation). The window is 1240x1754
# px: an A4 page at 150 dpi, so the PNG shows about what fits on the first printed page (the
# screen's layout, a little larger than print's). The PDF is the page as printed: A4, a running
# head with the date of issue, page numbers. Exits non-zero if Chromium does not produce the
# file.
set -eu

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "render-statement: Chromium not found (Debian: apt-get install chromium)" >&2
    exit 2
fi

render() { # mode in out
    profile=$(mktemp -d)
    log=$(mktemp)
    case "$1" in
        png) what="--screenshot=$3 --window-size=1240,1754 --hide-scrollbars" ;;
        pdf) what="--print-to-pdf=$3 --no-pdf-header-footer" ;;
    esac
    rm -f "$3"
    # shellcheck disable=SC2086 # $what is a list of flags
    "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" $what "file://$(realpath "$2")" >"$log" 2>&1 || true
    rm -rf "$profile"
    if [ ! -s "$3" ]; then
        echo "render-statement: Chromium did not write $3; its output:" >&2
        cat "$log" >&2
        rm -f "$log"
        exit 1
    fi
    # Console errors from the page itself would be listed here (the page has no script).
    grep -i "CONSOLE" "$log" >&2 || true
    rm -f "$log"
    echo "render-statement: $2 -> $3"
}

if [ $# -ge 1 ] && [ "$1" = "--pdf" ]; then
    [ $# -eq 3 ] || { echo "usage: $0 --pdf IN.html OUT.pdf" >&2; exit 2; }
    render pdf "$2" "$3"
    exit 0
fi
if [ $# -eq 2 ]; then
    render png "$1" "$2"
    exit 0
fi
[ $# -eq 0 ] || { echo "usage: $0 [IN.html OUT.png | --pdf IN.html OUT.pdf]" >&2; exit 2; }

# The demo: a worker who served citizens over Teams in October 2025, under the contract in
# force (Italian) and under the unions' scenario (English), dated as the golden files are
# (--issued, hidden: by default a statement is dated today), so that the images do not change
# with the day they are made.
cd "$(dirname "$0")/.."
mkdir -p target/statements docs
cargo build --quiet
bin=target/debug/sportello
"$bin" explain --employee 004590 --month 2025-10 --data fixtures/demo --quiet --issued 2025-11-05 \
    --format html --lang it --out target/statements/statement-it.html || [ $? -eq 1 ]
"$bin" explain --employee 004590 --month 2025-10 --data fixtures/demo --quiet --issued 2025-11-05 \
    --ruleset scenario-remote-2025 --format html --lang en --out target/statements/statement-en.html || [ $? -eq 1 ]
render png target/statements/statement-it.html docs/statement-it.png
render png target/statements/statement-en.html docs/statement-en.png
