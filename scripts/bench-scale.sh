#!/usr/bin/env bash
# The scale benchmark (issue #19): `audit` of a synthetic province served on
# 127.0.0.1 and `check` of the same pages as files, with the project's own
# generator set to the issue's page shape (examples/synth_province.rs,
# `portal_audit::synth::site_page`: 20–120 KB, median ~60 KB, ~115 links, the
# same menu, sidebar and footer on every page). Prints, for each run: wall
# time, pages/s, peak RSS (/usr/bin/time -v), store size and bytes per page,
# report.json size, and writes an RSS trace (seconds, RSS in KB, pages done)
# so flat memory can be seen: RSS at 5 000 pages done against RSS at the end
# (for `check` too: it records its pages into a store, kept in the work folder).
# With lychee on PATH (or LYCHEE=path), lychee checks the same pages' links in
# the same run, as scripts/bench-vs-lychee.sh does.
#
# usage: scripts/bench-scale.sh [PAGES=2000] [SITES=4] [audit|check|both]
# needs: cargo build --release --bin portal-audit --example synth_province
# PORTAL_AUDIT, SYNTH_PROVINCE and LYCHEE override the binaries' paths;
# KEEP=dir keeps the work folder there (store, reports, traces).
# REPEAT=N (audit only) runs the audit and lychee N times, alternating, on the
# same served province, and prints each round's ratio and the medians: this
# machine's speed drifts by 10–15 % from one minute to the next, so one run
# cannot settle a ratio near 1.0 (docs/scale.md).
set -euo pipefail
pages=${1:-2000}
sites=${2:-4}
what=${3:-both}
target=${CARGO_TARGET_DIR:-target}
audit_bin=${PORTAL_AUDIT:-$target/release/portal-audit}
synth_bin=${SYNTH_PROVINCE:-$target/release/examples/synth_province}
lychee_bin=${LYCHEE:-lychee}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# awk: "h:mm:ss" or "m:ss.ss" (time -v's wall clock) in seconds.
awk_secs='function secs(t,  n, p) { n = split(t, p, ":"); return n == 3 ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }'

# time -v's summary, and pages/s for `pages` pages.
summary() { # name, time -v output, pages
  awk -v name="$1" -v pages="$3" -F': ' "$awk_secs"'
    /Elapsed \(wall clock\)/ {wall=$2}
    /User time/ {user=$2} /System time/ {sys=$2}
    /Maximum resident set size/ {rss=$2}
    END {
      s = secs(wall)
      printf "%-14s wall %s (%.1f s)  %.1f pages/s  user %ss  sys %ss  peak RSS %.0f MB\n",
        name, wall, s, (s > 0 ? pages / s : 0), user, sys, rss / 1024
    }' "$2"
}

# The wall time in seconds of a time -v output.
wall_of() { # time -v output
  awk -F': ' "$awk_secs"' /Elapsed \(wall clock\)/ { print secs($2) }' "$1"
}

# Samples the RSS of `pid` and the pages in `store` every 2 s into `trace`.
trace_rss() { # pid, store (or ""), trace
  local pid=$1 store=$2 trace=$3 t=0 rss done
  echo "seconds rss_kb pages" >"$trace"
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    done=-
    if [ -n "$store" ] && [ -f "$store" ]; then
      done=$(sqlite3 -readonly "$store" 'SELECT count(*) FROM pages' 2>/dev/null || echo -)
    fi
    echo "$t ${rss:-0} $done" >>"$trace"
    sleep 2
    t=$((t + 2))
  done
}

# Runs `command…` under time -v (its output in `timing`) while trace_rss
# samples its RSS and the pages in `store` into `trace`; waits for both.
traced() { # timing, store (or ""), trace, command…
  local timing=$1 store=$2 trace=$3 runner pid tracer
  shift 3
  /usr/bin/time -v "$@" 2>"$timing" &
  runner=$!
  sleep 0.5
  pid=$(pgrep -P "$runner" -n || echo "$runner")
  trace_rss "$pid" "$store" "$trace" &
  tracer=$!
  wait "$runner" || true
  wait "$tracer" || true
}

# The largest RSS seen with at most `at` pages done, and the last one.
flatness() { # trace, at
  awk -v at="$2" 'NR > 1 && $3 != "-" {
      if ($3 <= at && $2 > early) early = $2
      if ($2 > peak) peak = $2
    }
    END { printf "  RSS during the crawl: max %.0f MB up to %d pages done, max %.0f MB overall\n", early / 1024, at, peak / 1024 }' "$1"
}

sizes() { # out folder, pages
  local out=$1 n=$2 store_bytes report_bytes
  store_bytes=$(du -cb "$out"/audit.sqlite* 2>/dev/null | tail -n1 | cut -f1)
  report_bytes=$(stat -c %s "$out/report.json" 2>/dev/null || echo 0)
  printf "  pages %d, store %.1f MB (%.1f KB/page), report.json %.1f MB\n" "$n" \
    "$(echo "$store_bytes / 1048576" | bc -l)" "$(echo "$store_bytes / 1024 / ($n + ($n == 0))" | bc -l)" \
    "$(echo "$report_bytes / 1048576" | bc -l)"
}

if [ "$what" = audit ] || [ "$what" = both ]; then
  "$synth_bin" serve "$pages" "$sites" "$work/site" >"$work/start.txt" &
  server=$!
  for _ in $(seq 100); do [ -s "$work/start.txt" ] && break; sleep 0.1; done
  echo "$(date -u +%FT%TZ) synthetic province: $pages pages on $sites sites at $(head -n1 "$work/start.txt")"
  repeat=${REPEAT:-1}
  : >"$work/rounds"
  for round in $(seq "$repeat"); do
    [ "$repeat" -gt 1 ] && echo "round $round of $repeat"
    rm -rf "$work/audit"
    traced "$work/audit.time" "$work/audit/audit.sqlite" "$work/audit.rss" \
      "$audit_bin" audit --config "$work/site/audit.toml" --out "$work/audit" --quiet --fail-on never --format json
    done=$(sqlite3 -readonly "$work/audit/audit.sqlite" 'SELECT count(*) FROM pages' 2>/dev/null || echo 0)
    summary audit "$work/audit.time" "$done"
    sizes "$work/audit" "$done"
    flatness "$work/audit.rss" $((pages / 4))
    if command -v "$lychee_bin" >/dev/null 2>&1; then
      mapfile -t urls <"$work/site/urls.txt"
      /usr/bin/time -v "$lychee_bin" --no-progress --format json --output "$work/lychee.json" \
        --max-concurrency 8 --host-concurrency 4 --host-request-interval 0ms \
        --include-fragments "${urls[@]}" 2>"$work/lychee.time" || true
      summary lychee "$work/lychee.time" "${#urls[@]}"
      echo "$(wall_of "$work/audit.time") $(wall_of "$work/lychee.time")" >>"$work/rounds"
    else
      echo "lychee: not on PATH, not measured"
    fi
  done
  if [ "$repeat" -gt 1 ] && [ -s "$work/rounds" ]; then
    python3 - "$work/rounds" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
ratios = [a / l for a, l in rows if l > 0]
print("rounds: audit / lychee " + " / ".join(f"{r:.2f}" for r in ratios))
print(f"median audit {statistics.median(a for a, _ in rows):.1f} s, lychee {statistics.median(l for _, l in rows):.1f} s, "
      f"ratio {statistics.median(ratios):.2f}x (min {min(ratios):.2f}, max {max(ratios):.2f}, {len(rows)} rounds)")
PY
  fi
  kill "$server" 2>/dev/null || true
  server=
fi

if [ "$what" = check ] || [ "$what" = both ]; then
  rm -rf "$work/files" "$work/check"
  "$synth_bin" files "$pages" "$work/files"
  echo "$(date -u +%FT%TZ) check: $pages pages as files"
  # check records its pages into a store as it goes (a temporary one; kept
  # here so the trace can count pages done) — a build without --keep-store
  # keeps everything in memory and the trace has no page counts.
  keep=()
  store=
  if "$audit_bin" check --help 2>/dev/null | grep -q -- --keep-store; then
    store="$work/check.sqlite"
    keep=(--keep-store "$store")
  fi
  traced "$work/check.time" "$store" "$work/check.rss" \
    "$audit_bin" check "$work/files" --out "$work/check" --quiet --fail-on never --format json "${keep[@]}"
  summary check "$work/check.time" "$pages"
  printf "  report.json %.1f MB\n" "$(echo "$(stat -c %s "$work/check/report.json" 2>/dev/null || echo 0) / 1048576" | bc -l)"
  if [ -n "$store" ]; then flatness "$work/check.rss" $((pages / 4)); fi
fi
echo "work folder: $work${KEEP:+ (kept)}"
