#!/usr/bin/env bash
# The HTML report of a big site (issue 17: "a 3 000-page site's HTML under
# 2 MB and interactive in under 2 s in headless Chromium"): one synthetic site
# of PAGES pages (examples/synth_province.rs `files`, the scale benchmark's
# page shape) is checked as files with `--format json,html --split-sites`;
# prints the findings, the sizes of report.json, report.html and the site's
# own file, then opens report.html in headless Chromium RUNS times
# (examples/report_load.rs: DOM interactive, scripts done — the filters work
# from then on —, load, and one filter change, in ms).
#
# usage: scripts/bench-report-html.sh [PAGES=3000] [RUNS=3]
# needs: cargo build --release --bin portal-audit --example synth_province --example report_load
# PORTAL_AUDIT, SYNTH_PROVINCE and REPORT_LOAD override the binaries' paths;
# KEEP=dir keeps the work folder there.
set -euo pipefail
pages=${1:-3000}
runs=${2:-3}
target=${CARGO_TARGET_DIR:-target}
audit_bin=${PORTAL_AUDIT:-$target/release/portal-audit}
synth_bin=${SYNTH_PROVINCE:-$target/release/examples/synth_province}
load_bin=${REPORT_LOAD:-$target/release/examples/report_load}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

"$synth_bin" files "$pages" "$work/site" >/dev/null
start=$(date +%s.%N)
"$audit_bin" -q check "$work/site" --format json,html --split-sites --out "$work/out" --fail-on never
end=$(date +%s.%N)
size() { stat -c %s "$1" | awk '{ printf "%.2f MB (%d bytes)", $1 / 1e6, $1 }'; }
echo "pages: $pages; check and reports: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f s", b - a }')"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("findings:", r["counts"]["findings"], "templates:", len(r.get("templates", [])))' "$work/out/report.json" 2>/dev/null || true
echo "report.json: $(size "$work/out/report.json")"
echo "report.html: $(size "$work/out/report.html")"
for f in "$work"/out/sites/*.html; do echo "sites/$(basename "$f"): $(size "$f")"; done
"$load_bin" "$work/out/report.html" "$runs"
