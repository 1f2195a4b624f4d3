#!/usr/bin/env bash
# The house's rules, checked on the source (tests/suite/structure.rs): only input/, output/ and
# cli/ touch the file system; only parallel.rs starts threads; no function over 120 lines; data
# flows one way (cli → output → report → engine → input → domain types), with no circle of
# imports. CI runs it; so does `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --test suite structure:: -- --include-ignored
