#!/usr/bin/env bash
# Throughput of `portal-audit audit` against lychee on the same synthetic
# portal (examples/synth_portal.rs, the pages of the crawl scale test) served
# on 127.0.0.1. lychee does not crawl: it is given the URL of every page the
# audit reads (`/` and `/p/0` … `/p/N-1`), fetches each and checks every link
# on it, fragments included. Both run with the same concurrency (total and
# per host) and no delay between requests. Prints wall time, CPU and peak RSS
# from /usr/bin/time -v.
#
# usage: scripts/bench-vs-lychee.sh [PAGES=2000] [CONCURRENCY=8]
# needs: cargo build --release --bin portal-audit --example synth_portal
#        cargo install lychee --locked
# PORTAL_AUDIT, SYNTH_PORTAL and LYCHEE override the binaries' paths.
set -euo pipefail
pages=${1:-2000}
concurrency=${2:-8}
target=${CARGO_TARGET_DIR:-target}
audit_bin=${PORTAL_AUDIT:-$target/release/portal-audit}
synth_bin=${SYNTH_PORTAL:-$target/release/examples/synth_portal}
lychee_bin=${LYCHEE:-lychee}
work=$(mktemp -d)
"$synth_bin" "$pages" "$work/urls.txt" >"$work/start.txt" &
server=$!
trap 'kill "$server"; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/start.txt" ] && break; sleep 0.1; done
start=$(head -n1 "$work/start.txt")
echo "synthetic portal of $pages pages at $start; concurrency $concurrency"

summary() { # name, time -v output
  awk -v name="$1" -F': ' '
    /Elapsed \(wall clock\)/ {wall=$2}
    /User time/ {user=$2} /System time/ {sys=$2}
    /Maximum resident set size/ {rss=$2}
    END {printf "%-14s wall %s  user %ss  sys %ss  peak RSS %.0f MB\n", name, wall, user, sys, rss/1024}' "$2"
}

# Every rule (the target), then only the link rules (parsing still needed to
# find the links) to show what the page rules cost.
audit() { # name, extra arguments
  local name=$1
  shift
  rm -rf "$work/audit"
  /usr/bin/time -v "$audit_bin" audit "$start" --out "$work/audit" --quiet --fail-on never \
    --delay 0 --depth 100 --max-pages $((2 * pages)) \
    --concurrency "$concurrency" --per-host "$concurrency" "$@" 2>"$work/audit.time" || true
  summary "$name" "$work/audit.time"
  python3 - "$work/audit/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
# Format 1.7 leaves out a finding's family when it is its rule's.
family = {rule["id"]: rule["family"] for rule in r["rules"]}
links = [f for f in r["findings"] if f.get("family", family.get(f["rule"])) == "links"]
print(f"  pages audited {len(r['pages'])}, link findings {len(links)}, findings {len(r['findings'])}")
PY
}
audit portal-audit
audit "  links only" --rule link-broken --rule link-fragment-missing

# xargs would split the list over several runs; one run gets every page.
mapfile -t urls <"$work/urls.txt"
/usr/bin/time -v "$lychee_bin" --no-progress --format json --output "$work/lychee.json" \
  --max-concurrency "$concurrency" --host-concurrency "$concurrency" \
  --host-request-interval 0ms --include-fragments "${urls[@]}" 2>"$work/lychee.time" || true
summary lychee "$work/lychee.time"
python3 - "$work/lychee.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
keys = ("total", "successful", "errors", "excludes", "timeouts", "redirects", "unknown", "cached")
print("  " + ", ".join(f"{k} {r[k]}" for k in keys if k in r))
PY
