#!/usr/bin/env bash
# Cost of the browser mode (issue #20), two benchmarks:
#
# - `scripts/bench-render.sh [PAGES=200] [CONCURRENCY=8] [TABS=2]`:
#   `portal-audit audit` of the synthetic portal (examples/synth_portal.rs,
#   the pages of the crawl scale test) served on 127.0.0.1, with `[crawl]
#   render` off, "sample" and "all" (BENCH_MODES="off sample measured all"
#   chooses which, in that order). The portal's server keeps connections
#   open between requests, as nginx does (SERVER_CLOSE=1: it closes each
#   after one answer, as the crawl tests' server does), and its images carry
#   `Last-Modified` and `ETag`, as a web server's static files do. Page-load measurement is off
#   (`measure_runs = 0`) so the figures are the render's own cost; one run
#   with "sample" and 3 measured loads of the site's root page under the
#   throttled mobile profile shows what measuring adds.
# - `scripts/bench-render.sh province [PAGES=2000] [SITES=4] [REPEAT=3]`:
#   `audit` of the synthetic province of the scale benchmark
#   (examples/synth_province.rs: SITES sites, issue #19's page shape) with
#   its own audit.toml, without and with `--render chromium` (`sample`), with
#   the measurement off, at its default (one load of each site's root with
#   `sample`) and at 3 loads, the four runs interleaved REPEAT times so they
#   meet the same load (BENCH_MODES="off unmeasured measured measured3"
#   chooses which); prints each run and the median wall time of each with
#   what `sample` adds to `off` (the target: at most 20 %). The province's
#   audit.toml crawls as fast as it can (no delay, 4 requests at a time to a
#   host); POLITE=1 crawls with the defaults instead (0.25 s between two
#   requests to a host, 2 at a time), as a province is audited.
#   LATENCY_MS=N makes the province's servers wait N ms before each answer,
#   as a portal's server does over the internet (its time to first byte):
#   on the loopback a page arrives at once, and the crawl keeps both cores
#   busy parsing, which a province crawled over the network does not.
#
# Each run prints wall time, pages per second, pages rendered and measured,
# problems and the peak RSS of the tool and every process it started
# (Chromium's browser, GPU and renderer processes), summed, sampled every
# 0.2 s from /proc (shared pages are counted once per process, so this
# overstates the real footprint), and the 1-minute load average before it;
# then the CPU seconds of the run (user + system, read from /proc every
# 0.2 s: a process's last reading counts, so up to 0.2 s of each is missed),
# per rendered page and by process kind: the tool (its proxy included),
# Chromium's browser process (with the in-process GPU thread), renderers,
# network service, zygotes. CPU seconds change less with the machine's load
# than walls do. With BENCH_THREADS=FILE each run also appends its CPU
# seconds by kind and thread name to FILE (e.g. a renderer's main thread
# against its compositor, or `CPUThrottlingTh`).
#
# needs: cargo build --release --bin portal-audit --example synth_portal --example synth_province
#        an installed Chromium (chromium on PATH, or CHROMIUM)
# PORTAL_AUDIT, SYNTH_PORTAL and SYNTH_PROVINCE override the binaries' paths.
set -euo pipefail
target=${CARGO_TARGET_DIR:-target}
audit_bin=${PORTAL_AUDIT:-$target/release/portal-audit}
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Runs `portal-audit audit --config CONFIG ARGS…` and prints one line;
# appends "name wall" to $work/walls.
run() { # name, config, args…
  local name=$1 config=$2
  shift 2
  rm -rf "$work/out"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  local began
  began=$(date +%s.%N)
  "$audit_bin" audit --config "$config" --out "$work/out" --quiet --fail-on never \
    --allow-private --format json "$@" >/dev/null 2>"$work/err" &
  local pid=$!
  python3 - "$pid" "$work/cpu" >"$work/rss" <<'PY' &
import os, sys, time
root, cpu_out = int(sys.argv[1]), sys.argv[2]
threads_out = os.environ.get("BENCH_THREADS")
tick = os.sysconf("SC_CLK_TCK")
peak = 0
cpu = {}  # pid -> (kind, user + system seconds, last seen)
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
def kind(pid):
    if pid == root:
        return "tool"
    try:
        args = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace").split()
    except OSError:
        return "other"
    if not args or "chrom" not in args[0]:
        return "other:" + (args[0].rsplit("/", 1)[-1] if args else "?")
    t = next((a[7:] for a in args if a.startswith("--type=")), "browser")
    if t == "utility":
        sub = next((a.split("=", 1)[1] for a in args if a.startswith("--utility-sub-type=")), "")
        t = "network" if "network" in sub.lower() else "utility"
    return {"gpu-process": "gpu"}.get(t, t)
threads = {}  # (pid, tid) -> (kind, name, seconds)
while os.path.exists(f"/proc/{root}"):
    total = 0
    for pid in tree(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            seconds = (int(fields[11]) + int(fields[12])) / tick
            # A zygote's child says what it is once it has set its title; an
            # exited process no longer says anything.
            k = kind(pid)
            if k == "other:?" and pid in cpu:
                k = cpu[pid][0]
            cpu[pid] = (k, seconds)
            if threads_out:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/stat") as f:
                        head, rest = f.read().rsplit(")", 1)
                    t = rest.split()
                    threads[(pid, task)] = (cpu[pid][0], head.split("(", 1)[1], (int(t[11]) + int(t[12])) / tick)
        except OSError:
            pass
    peak = max(peak, total)
    time.sleep(0.2)
sums = {}
for k, s in cpu.values():
    sums[k] = sums.get(k, 0.0) + s
with open(cpu_out, "w") as f:
    f.write(" ".join(f"{k} {v:.1f}" for k, v in sorted(sums.items(), key=lambda kv: -kv[1])))
if threads_out:
    by = {}
    for k, name, s in threads.values():
        by[(k, name)] = by.get((k, name), 0.0) + s
    with open(threads_out, "a") as f:
        f.write("  ".join(f"{k}/{n} {v:.1f}" for (k, n), v in sorted(by.items(), key=lambda kv: -kv[1]) if v >= 0.1) + "\n")
print(peak)
PY
  local sampler=$!
  wait "$pid" || true
  wait "$sampler" || true
  local ended
  ended=$(date +%s.%N)
  python3 - "$name" "$began" "$ended" "$(cat "$work/rss")" "$work/out/report.json" "$load" \
    "$work/walls" "$(cat "$work/cpu")" <<'PY'
import json, sys
name, began, ended, rss, path, load, walls = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
parts = sys.argv[8].split()
by_kind = {parts[i]: float(parts[i + 1]) for i in range(0, len(parts), 2)}
cpu = sum(by_kind.values())
r = json.load(open(path))
pages = len(r["pages"])
rendered = sum(1 for p in r["pages"] if p.get("rendered"))
measured = sum(1 for p in r["pages"] if (p.get("rendered") or {}).get("metrics"))
wall = ended - began
print(f"{name:<28} wall {wall:6.1f} s  {pages / wall:7.1f} pages/s  pages {pages}  rendered {rendered:4d}  "
      f"measured {measured}  problems {len(r['problems'])}  peak RSS (tool + browser) {rss / 1024:.0f} MB  "
      f"load before {load}", flush=True)
print(f"{'':<28} CPU {cpu:6.1f} s ({cpu / max(rendered, 1):.2f} s a rendered page): "
      + ", ".join(f"{k} {v:.1f}" for k, v in by_kind.items()), flush=True)
with open(walls, "a") as f:
    f.write(f"{name}\t{wall}\n")
PY
}

if [ "${1:-}" = province ]; then
  pages=${2:-2000}
  sites=${3:-4}
  repeat=${4:-3}
  synth_bin=${SYNTH_PROVINCE:-$target/release/examples/synth_province}
  SYNTH_LATENCY_MS=${LATENCY_MS:-0} "$synth_bin" serve "$pages" "$sites" "$work/site" >"$work/start.txt" &
  server=$!
  for _ in $(seq 100); do [ -s "$work/start.txt" ] && break; sleep 0.1; done
  config=$work/site/audit.toml
  if [ "${POLITE:-}" = 1 ]; then
    # The crawl's defaults (16 at a time, 2 per host, 0.25 s between two
    # requests to a host), as a province is audited.
    sed -i '/^concurrency = /d; /^per_host = /d; /^delay_secs = /d' "$config"
  fi
  echo "$(date -u +%FT%TZ) synthetic province: $pages pages on $sites sites$([ "${POLITE:-}" = 1 ] && echo ", the crawl's default politeness")$([ "${LATENCY_MS:-0}" != 0 ] && echo ", ${LATENCY_MS} ms before each answer"); $(uptime)"
  for r in $(seq "$repeat"); do
    for mode in ${BENCH_MODES:-off unmeasured measured measured3}; do
      case $mode in
        off) run "render = off" "$config" ;;
        unmeasured) run "render = sample, unmeasured" "$config" --render chromium --measure-runs 0 ;;
        measured) run "render = sample (measured)" "$config" --render chromium ;;
        measured3) run "render = sample, measured x3" "$config" --render chromium --measure-runs 3 ;;
        *) echo "BENCH_MODES: unknown mode $mode" >&2; exit 2 ;;
      esac
    done
  done
  python3 - "$work/walls" <<'PY'
import statistics, sys
walls = {}
for line in open(sys.argv[1]):
    name, wall = line.rstrip("\n").split("\t")
    walls.setdefault(name, []).append(float(wall))
off = statistics.median(walls["render = off"])
for name, w in walls.items():
    m = statistics.median(w)
    print(f"median {name:<28} {m:6.1f} s  ({len(w)} runs)  {100 * (m - off) / off:+5.1f} % against off")
PY
  echo "$(date -u +%FT%TZ) done; $(uptime)"
  exit 0
fi

pages=${1:-200}
concurrency=${2:-8}
tabs=${3:-2}
synth_bin=${SYNTH_PORTAL:-$target/release/examples/synth_portal}
keep_alive=--keep-alive
[ "${SERVER_CLOSE:-}" = 1 ] && keep_alive=
"$synth_bin" $keep_alive "$pages" >"$work/start.txt" &
server=$!
for _ in $(seq 100); do [ -s "$work/start.txt" ] && break; sleep 0.1; done
start=$(head -n1 "$work/start.txt")
echo "$(date -u +%FT%TZ) synthetic portal of $pages pages at $start (${keep_alive:-connections closed after each answer}); concurrency $concurrency; $tabs tabs; $(uptime)"

portal() { # name, render, measure_runs
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
render = "$2"
render_tabs = $tabs
measure_runs = $3
TOML
  run "$1" "$work/audit.toml"
}
for mode in ${BENCH_MODES:-off sample measured all}; do
  case $mode in
    off) portal "render = off" off 0 ;;
    sample) portal "render = sample" sample 0 ;;
    measured) portal "render = sample, measured" sample 3 ;;
    all) portal "render = all" all 0 ;;
    *) echo "BENCH_MODES: unknown mode $mode" >&2; exit 2 ;;
  esac
done
echo "$(date -u +%FT%TZ) done; $(uptime)"
