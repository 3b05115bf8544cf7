#!/usr/bin/env bash
# Cost of the browser mode (issue #20): `portal-audit audit` of the synthetic
# portal (examples/synth_portal.rs, the pages of the crawl scale test) served
# on 127.0.0.1, with `[crawl] render` off, "sample" and "all". Page-load
# measurement is off (`measure_runs = 0`) so the figures are the render's own
# cost; one run with "sample" and the default measurement (3 loads of the
# site's root page under the throttled mobile profile) shows what measuring
# adds. Prints wall time, pages per second and the peak RSS of the tool and
# every process it started (Chromium's browser, GPU and renderer processes),
# summed, sampled every 0.2 s from /proc.
#
# usage: scripts/bench-render.sh [PAGES=200] [CONCURRENCY=8] [TABS=2]
# needs: cargo build --release --bin portal-audit --example synth_portal
#        an installed Chromium (chromium on PATH, or CHROMIUM)
# PORTAL_AUDIT and SYNTH_PORTAL override the binaries' paths.
set -euo pipefail
pages=${1:-200}
concurrency=${2:-8}
tabs=${3:-2}
target=${CARGO_TARGET_DIR:-target}
audit_bin=${PORTAL_AUDIT:-$target/release/portal-audit}
synth_bin=${SYNTH_PORTAL:-$target/release/examples/synth_portal}
work=$(mktemp -d)
"$synth_bin" "$pages" >"$work/start.txt" &
server=$!
trap 'kill "$server"; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/start.txt" ] && break; sleep 0.1; done
start=$(head -n1 "$work/start.txt")
echo "synthetic portal of $pages pages at $start; concurrency $concurrency; $tabs tabs"

run() { # name, render, measure_runs
  local name=$1 render=$2 runs=$3
  rm -rf "$work/out"
  cat >"$work/audit.toml" <<TOML
[[site]]
id = "synth"
root = "$start"

[limits]
pages_per_site = $((2 * pages))
max_depth = 100
concurrency = $concurrency
per_host = $concurrency
delay_secs = 0

[crawl]
check_external = false
sitemaps = false
render = "$render"
render_tabs = $tabs
measure_runs = $runs
TOML
  local began=$(date +%s.%N)
  "$audit_bin" audit --config "$work/audit.toml" --out "$work/out" --quiet --fail-on never \
    --allow-private >/dev/null 2>"$work/err" &
  local pid=$!
  python3 - "$pid" >"$work/rss" <<'PY' &
import os, sys, time
root = int(sys.argv[1])
peak = 0
def tree(pid):
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    out += tree(int(child))
    except OSError:
        pass
    return out
while os.path.exists(f"/proc/{root}"):
    total = 0
    for pid in tree(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    peak = max(peak, total)
    time.sleep(0.2)
print(peak)
PY
  local sampler=$!
  wait "$pid" || true
  wait "$sampler" || true
  local ended=$(date +%s.%N)
  python3 - "$name" "$began" "$ended" "$(cat "$work/rss")" "$work/out/report.json" <<'PY'
import json, sys
name, began, ended, rss, path = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
r = json.load(open(path))
pages = len(r["pages"])
rendered = sum(1 for p in r["pages"] if p.get("rendered"))
measured = sum(1 for p in r["pages"] if (p.get("rendered") or {}).get("metrics"))
wall = ended - began
print(f"{name:<22} wall {wall:6.1f} s  {pages / wall:7.1f} pages/s  rendered {rendered:4d}  measured {measured}  "
      f"problems {len(r['problems'])}  peak RSS (tool + browser) {rss / 1024:.0f} MB")
PY
}
run "render = off" off 0
run "render = sample" sample 0
run "render = sample, measured" sample 3
run "render = all" all 0
