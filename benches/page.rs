//! Per-page analysis throughput: decode + parse + index, and the same plus
//! every page rule, on a deterministic ~100 KB Vietnamese portal page
//! (`portal_audit::synth::portal_page`). Criterion reports the time per page;
//! pages per second is its inverse (README has the figures).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use portal_audit::page::{Page, PageInput};
use portal_audit::rules::engine::{self, Context};
use portal_audit::ruleset::Ruleset;

fn input(html: &str) -> PageInput {
    PageInput {
        url: "https://travinh.gov.vn/".into(),
        site: "travinh.gov.vn".into(),
        bytes: html.as_bytes().to_vec(),
        ..PageInput::default()
    }
}

fn bench_page(c: &mut Criterion) {
    let html = portal_audit::synth::portal_page(1, 100 * 1024);
    let ruleset = Ruleset::embedded().expect("embedded rulesets load");
    let ctx = Context::new(
        &ruleset,
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        Vec::new(),
    );

    let mut group = c.benchmark_group("page-100kb");
    group.throughput(Throughput::Elements(1));
    group.bench_function("parse", |b| b.iter(|| black_box(Page::parse(input(&html)))));
    group.bench_function("parse+all-rules", |b| {
        b.iter(|| {
            let page = Page::parse(input(&html));
            black_box(engine::run_page(&page, &ctx))
        });
    });
    // The target (≥ 200 pages/s on one core) is for the whole
    // per-page analysis with every accessibility rule: parse + a11y rules on a
    // freshly parsed page, so the cascade, role and name caches start cold.
    let a11y = Context::new(
        &ruleset,
        ctx.as_of,
        family_rules(portal_audit::rules::Family::A11y),
    );
    group.bench_function("parse+a11y-rules", |b| {
        b.iter(|| {
            let page = Page::parse(input(&html));
            black_box(engine::run_page(&page, &a11y))
        });
    });
    let page = Page::parse(input(&html));
    for family in portal_audit::rules::Family::ALL {
        let only = family_rules(family);
        if only.is_empty() {
            continue;
        }
        let ctx = Context::new(&ruleset, ctx.as_of, only);
        group.bench_function(format!("rules-{}", family.id()), |b| {
            b.iter(|| black_box(engine::run_page(&page, &ctx)))
        });
    }
    group.finish();
}

/// The ids of a family's page rules.
fn family_rules(family: portal_audit::rules::Family) -> Vec<String> {
    portal_audit::rules::all()
        .filter(|r| r.family == family && matches!(r.check, portal_audit::rules::Check::Page(_)))
        .map(|r| r.id.to_string())
        .collect()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench_page
}
criterion_main!(benches);
