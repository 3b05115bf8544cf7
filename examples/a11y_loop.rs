//! Runs parse + every accessibility page rule over the benchmark's ~100 KB
//! synthetic page N times (default 20): a fixed workload for instruction
//! counting (`valgrind --tool=callgrind`), which a shared, noisy machine
//! measures far more steadily than wall time.

use std::hint::black_box;

use chrono::NaiveDate;
use portal_audit::page::{Page, PageInput};
use portal_audit::rules::engine::{self, Context};
use portal_audit::ruleset::Ruleset;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let parse_only = std::env::args().nth(2).as_deref() == Some("parse");
    let html = portal_audit::synth::portal_page(1, 100 * 1024);
    let ruleset = Ruleset::embedded().expect("embedded rulesets load");
    let ids: Vec<String> = portal_audit::rules::all()
        .filter(|r| {
            r.family == portal_audit::rules::Family::A11y
                && matches!(r.check, portal_audit::rules::Check::Page(_))
        })
        .map(|r| r.id.to_string())
        .collect();
    let ctx = Context::new(
        &ruleset,
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        ids,
    );
    let mut findings = 0;
    for _ in 0..n {
        let page = Page::parse(PageInput {
            url: "https://travinh.gov.vn/".into(),
            site: "travinh.gov.vn".into(),
            bytes: html.as_bytes().to_vec(),
            ..PageInput::default()
        });
        if !parse_only {
            findings += black_box(engine::run_page(&page, &ctx)).findings.len();
        }
        black_box(&page);
    }
    println!("{n} pages, {findings} findings");
}
