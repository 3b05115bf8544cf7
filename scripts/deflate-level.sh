#!/usr/bin/env bash
# The store's deflate level, measured (README, "At the scale issue's page
# shape"): takes a layout-3 store (audit.sqlite of `audit`, e.g. the one
# `KEEP=/tmp/bench scripts/bench-scale.sh 2000 4 audit` leaves), inflates its
# page entries, site facts and link details, and deflates them again with
# flate2's fast and default levels, printing user CPU and bytes.
#   scripts/deflate-level.sh STORE [ROUNDS]      needs sqlite3 and python3
set -euo pipefail
store=${1:?usage: scripts/deflate-level.sh STORE [ROUNDS]}
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$store" "$work" <<'PY'
import sqlite3, struct, sys, zlib
store, out = sys.argv[1], sys.argv[2]
db = sqlite3.connect(store)
def dump(kind, query):
    with open(f"{out}/{kind}.bin", "wb") as f:
        for (blob,) in db.execute(query):
            if blob is None:
                continue
            data = zlib.decompress(blob, -15) if isinstance(blob, bytes) else blob.encode()
            f.write(struct.pack("<I", len(data)) + data)
dump("page_entries", "select report from pages")
dump("site_facts", "select facts from pages")
dump("link_details", "select details from link_details")
PY
cargo run --quiet --release --manifest-path "$here/deflate-level/Cargo.toml" \
    --target-dir "${CARGO_TARGET_DIR:-$here/deflate-level/target}" -- "$work" "$rounds"
