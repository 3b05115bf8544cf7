//! How fast `report.html` opens in headless Chromium (issue 17: "interactive
//! in under 2 s"): `cargo run --example report_load -- REPORT.html [RUNS]`
//! opens the report RUNS times (default 3) in one headless Chromium over the
//! DevTools protocol and prints, per run, from the navigation's start: DOM
//! interactive, DOMContentLoaded done (the report's scripts have run: the
//! filters work from then on) and load done, then the time one filter change
//! takes (the rule filter set to the first rule, layout included). Chromium
//! is `$CHROMIUM`, else `chromium` on the PATH. Used by
//! `scripts/bench-report-html.sh`; a benchmark, not a test.

#[allow(dead_code)]
#[path = "../tests/integration/support/mod.rs"]
mod support;

use std::path::PathBuf;

use support::browser::{Browser, Devtools};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(report) = args.next().map(PathBuf::from) else {
        eprintln!("usage: report_load REPORT.html [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(3);
    let report = std::path::absolute(&report).expect("a path");
    let url = url::Url::from_file_path(&report).expect("an absolute path");
    let chromium =
        std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("chromium"), PathBuf::from);
    let browser = Browser::start(&chromium);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut dt = Devtools::connect(&browser).await;
        let session = dt.tab("about:blank").await;
        let s = session.as_str();
        dt.call(
            Some(s),
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await;
        println!("run\tinteractive_ms\tscripts_done_ms\tload_ms\tfilter_change_ms");
        for run in 1..=runs {
            dt.eval(s, "window.staleDocument = true").await;
            dt.call(Some(s), "Page.navigate", serde_json::json!({ "url": url.as_str() }))
                .await;
            dt.wait_for(
                s,
                "!window.staleDocument && document.readyState === 'complete' && performance.getEntriesByType('navigation')[0].loadEventEnd > 0",
            )
            .await;
            let times = dt
                .eval(
                    s,
                    "(() => { const n = performance.getEntriesByType('navigation')[0]; return [n.domInteractive, n.domContentLoadedEventEnd, n.loadEventEnd]; })()",
                )
                .await;
            let change = dt
                .eval(
                    s,
                    "(() => { const t = performance.now(); const r = document.getElementById('f-rule'); r.value = r.options.length > 1 ? r.options[1].value : ''; r.dispatchEvent(new Event('change', { bubbles: true })); void document.body.offsetHeight; return performance.now() - t; })()",
                )
                .await;
            let ms = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
            println!(
                "{run}\t{:.0}\t{:.0}\t{:.0}\t{:.0}",
                ms(&times[0]),
                ms(&times[1]),
                ms(&times[2]),
                ms(&change)
            );
        }
    });
}
