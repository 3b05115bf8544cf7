//! The Vietnamese Unicode family end to end: generated legacy texts for every
//! encoding are detected with the right encoding and converted back exactly,
//! the clean corpus gives no finding at all, and `portal-audit convert` repairs
//! the fixtures.

use std::collections::BTreeMap;

use portal_audit::ruleset::Ruleset;
use portal_audit::vietnamese::{self, Legacy};

use super::rules::run_rule;
use crate::support::cli::repo;

/// `(selector, line, args)` of each finding of one rule on one file.
fn findings(rule: &str, path: &std::path::Path) -> Vec<(String, u64, BTreeMap<String, String>)> {
    let ruleset = Ruleset::embedded().unwrap();
    run_rule(rule, path, &ruleset)
        .findings
        .into_iter()
        .map(|f| {
            (
                f.selector.unwrap_or_default(),
                f.line.unwrap_or(0),
                f.args.into_inner(),
            )
        })
        .collect()
}

/// The ids of the family's rules.
fn unicode_rules() -> Vec<&'static str> {
    portal_audit::rules::all()
        .filter(|r| r.family == portal_audit::rules::Family::Unicode)
        .map(|r| r.id)
        .collect()
}

#[test]
fn the_clean_corpus_gives_no_finding_at_all() {
    let dir = repo("fixtures/unicode/clean");
    let mut files = 0;
    let mut noise = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        files += 1;
        for rule in unicode_rules() {
            for finding in findings(rule, &path) {
                noise.push(format!("{} {rule}: {finding:?}", path.display()));
            }
        }
    }
    assert!(files >= 2);
    assert!(noise.is_empty(), "{}", noise.join("\n"));
}

#[test]
fn the_benchmark_page_gives_no_unicode_finding() {
    let html = portal_audit::synth::portal_page(1, 100 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.html");
    std::fs::write(&path, html).unwrap();
    for rule in unicode_rules() {
        assert_eq!(findings(rule, &path), vec![], "{rule}");
    }
}

/// Running text in correct NFC Vietnamese, every letter and tone among them.
const RUNNING: &[&str] = &[
    "Cổng thông tin điện tử tỉnh Trà Vinh",
    "Văn bản quy phạm pháp luật",
    "Sở Thông tin và Truyền thông hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
    "Khuyến khích đồng bào Khmer giữ gìn bản sắc văn hóa, phát triển kinh tế",
    "Kỹ sư Nguyễn Thị Quỳnh Như trình bày báo cáo về tình hình thủy lợi",
    "Bảo tàng văn hóa Khmer, chùa Âng, ao Bà Om, biển Ba Động thu hút du khách",
    "Trường học, bệnh viện, chợ, đường giao thông được đầu tư xây dựng mới",
    "Lũ lụt, hạn hán, xâm nhập mặn ảnh hưởng đến sản xuất nông nghiệp của bà con",
    "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn mới",
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành khẩn trương triển khai",
];

/// The encodings a legacy-font page can be written in (inside UTF-8).
const FONT_ENCODINGS: [Legacy; 6] = [
    Legacy::Tcvn3,
    Legacy::Vni,
    Legacy::Viscii,
    Legacy::Vps,
    Legacy::Viqr,
    Legacy::Cp1258,
];

/// The NFC text as `convert` can give it back: TCVN3 has no toned capitals,
/// so they come back in upper case only in words (or runs) whose ASCII
/// letters are all capitals, as a capitals font (`.VnTimeH`) implies.
fn expected_back(text: &str, encoding: Legacy) -> String {
    let all_caps = |s: &str| {
        let ascii: Vec<u8> = s.bytes().filter(u8::is_ascii_alphabetic).collect();
        ascii.len() >= 2 && ascii.iter().all(u8::is_ascii_uppercase)
    };
    if encoding != Legacy::Tcvn3 || all_caps(text) {
        return text.to_string();
    }
    text.split(' ')
        .map(|word| {
            if all_caps(word) {
                return word.to_string();
            }
            word.chars()
                .map(|c| {
                    let lower: String = c.to_lowercase().collect();
                    let shares_code = !c.is_ascii()
                        && c.is_uppercase()
                        && Legacy::Tcvn3.encode(&lower) == Legacy::Tcvn3.encode(&c.to_string());
                    if shares_code { lower } else { c.to_string() }
                })
                .collect()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn legacy_text_of_every_encoding_is_detected_and_converted_back_in_every_case() {
    let mut failures = Vec::new();
    for encoding in FONT_ENCODINGS.into_iter().chain([Legacy::Utf8Mojibake]) {
        for text in RUNNING {
            for variant in [text.to_string(), text.to_uppercase(), text.to_lowercase()] {
                let legacy = encoding.encode(&variant);
                let found = vietnamese::detect(&legacy).map(|d| d.encoding);
                let back = vietnamese::convert(&legacy, encoding);
                let want = expected_back(&variant, encoding);
                if found != Some(encoding) || back != want {
                    failures.push(format!(
                        "{encoding:?} {legacy:?}: detected {found:?}, converted {back:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn three_word_fragments_are_detected() {
    let mut failures = Vec::new();
    let mut ambiguous = Vec::new();
    let mut exact = 0;
    for encoding in FONT_ENCODINGS.into_iter().chain([Legacy::Utf8Mojibake]) {
        for text in RUNNING {
            let words: Vec<&str> = text.split(' ').collect();
            for window in words.windows(3) {
                let fragment = window.join(" ");
                let legacy = encoding.encode(&fragment);
                if legacy == fragment {
                    continue;
                }
                // Only fragments with at least two words that differ in the
                // legacy form carry enough signal; the others may be ASCII.
                let changed = window.iter().filter(|w| encoding.encode(w) != **w).count();
                if changed < 2 {
                    continue;
                }
                let found = vietnamese::detect(&legacy).map(|d| d.encoding);
                match found {
                    Some(found) if found == encoding => exact += 1,
                    // VISCII, VPS and TCVN3 share many codes: a few words
                    // alone may read as well-formed Vietnamese in another of
                    // them. Detected, but the page context decides which
                    // (see `page_context_names_the_encoding_of_short_runs`).
                    Some(other) if reads_as_vietnamese(&legacy, other) => ambiguous.push(fragment),
                    _ => failures.push(format!("{encoding:?} {legacy:?} ({fragment}): {found:?}")),
                }
            }
        }
    }
    // Nearly all fragments are named exactly.
    assert!(
        ambiguous.len() * 20 < exact,
        "{exact} exact, ambiguous: {ambiguous:?}"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether converting `legacy` with `encoding` gives only well-formed syllables.
fn reads_as_vietnamese(legacy: &str, encoding: Legacy) -> bool {
    vietnamese::convert(legacy, encoding)
        .split(' ')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .all(vietnamese::syllable::is_syllable)
}

#[test]
fn page_context_names_the_encoding_of_short_runs() {
    use portal_audit::vietnamese::detect::Tally;
    for encoding in [Legacy::Viscii, Legacy::Vps, Legacy::Tcvn3] {
        let mut page = Tally::default();
        for text in RUNNING {
            page.absorb(&tally(&encoding.encode(text)));
        }
        let prefer = page.verdict().map(|d| d.encoding);
        assert_eq!(prefer, Some(encoding));
        for text in RUNNING {
            let words: Vec<&str> = text.split(' ').collect();
            for window in words.windows(3) {
                let legacy = encoding.encode(&window.join(" "));
                let run = tally(&legacy);
                if let Some(found) = run.verdict_preferring(prefer) {
                    assert_eq!(found.encoding, encoding, "{legacy}");
                }
            }
        }
    }
}

fn tally(text: &str) -> portal_audit::vietnamese::detect::Tally {
    let mut tally = portal_audit::vietnamese::detect::Tally::default();
    tally.add(text);
    tally
}

/// Raw bytes of a windows-1252 view (U+0081 etc. are the undefined bytes).
fn view_bytes(view: &str) -> Vec<u8> {
    view.chars()
        .flat_map(|c| {
            if (c as u32) < 0x100 {
                vec![c as u8]
            } else {
                let text = c.to_string();
                let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
                assert!(!unmappable, "{c:?} is in windows-1252");
                bytes.into_owned()
            }
        })
        .collect()
}

/// Runs `portal-audit convert ARGS FILE` and returns stdout (exit code 0 checked).
fn convert_file(args: &[&str], path: &std::path::Path) -> String {
    let mut all = vec!["convert"];
    all.extend_from_slice(args);
    let path = path.to_str().unwrap();
    all.push(path);
    let out = crate::support::cli::run_in(&repo(""), &all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `convert` on `path` with `--from auto` and with the encoding's own
/// id (double-encoded UTF-8 has none), noting every output that is not `want`.
fn convert_in_every_mode(
    encoding: Legacy,
    path: &std::path::Path,
    want: &str,
    failures: &mut Vec<String>,
) {
    let mut modes = vec![vec!["--from", "auto"]];
    if encoding != Legacy::Utf8Mojibake {
        modes.push(vec!["--from", encoding.id()]);
    }
    for args in modes {
        let got = convert_file(&args, path);
        if got != want {
            failures.push(format!("{encoding:?} {args:?}:\n{got}\nwant\n{want}"));
        }
    }
}

#[test]
fn convert_repairs_raw_bytes_and_pasted_text_of_every_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.txt");
    let mut failures = Vec::new();
    for encoding in FONT_ENCODINGS.into_iter().chain([Legacy::Utf8Mojibake]) {
        let variants: Vec<String> = RUNNING
            .iter()
            .flat_map(|t| [t.to_string(), t.to_uppercase(), t.to_lowercase()])
            .collect();
        let original = variants.join("\n") + "\n";
        let legacy = encoding.encode(&original);
        let want: String = variants
            .iter()
            .map(|v| expected_back(v, encoding) + "\n")
            .collect();
        // Text pasted into a UTF-8 file, and (for byte encodings) raw bytes.
        let mut inputs = vec![legacy.as_bytes().to_vec()];
        if !matches!(encoding, Legacy::Viqr | Legacy::Utf8Mojibake) {
            inputs.push(view_bytes(&legacy));
        }
        for bytes in inputs {
            std::fs::write(&path, &bytes).unwrap();
            convert_in_every_mode(encoding, &path, &want, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 18: a paragraph mixing correct Unicode and a legacy run, in every
/// legacy encoding, comes out of `convert` (explicit encoding, and `auto`)
/// with only the legacy words changed: the Unicode words around them ("nhân
/// dân", "thông báo" read as legacy bytes in some tables) stay as they are.
#[test]
fn convert_changes_only_the_legacy_words_of_a_mixed_paragraph() {
    let before = "Ủy ban nhân dân tỉnh thông báo:";
    let phrase = "Thông báo tóm tắt kết quả tuyển dụng viên chức năm hai nghìn hai mươi sáu";
    // `auto` must first find the run legacy: more legacy words than Unicode
    // words with letters beyond Latin-1 (Ủy, tỉnh, đã, được, đăng).
    let after = "đã được đăng.";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.txt");
    let mut failures = Vec::new();
    for encoding in FONT_ENCODINGS.into_iter().chain([Legacy::Utf8Mojibake]) {
        let mixed = format!("{before} {} {after}\n", encoding.encode(phrase));
        let want = format!("{before} {phrase} {after}\n");
        std::fs::write(&path, &mixed).unwrap();
        convert_in_every_mode(encoding, &path, &want, &mut failures);
        // The library, and the span a finding shows.
        assert_eq!(vietnamese::convert(&mixed, encoding), want, "{encoding:?}");
        let (range, converted) = vietnamese::converted_span(&mixed, encoding).unwrap();
        assert!(phrase.contains(&converted), "{encoding:?}: {converted}");
        assert!(!mixed[range].contains(before), "{encoding:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn convert_auto_repairs_the_fixtures() {
    // Mislabelled pages (raw legacy bytes) come back as the UTF-8 original.
    let dir = repo("fixtures/rules/legacy-encoding-mislabelled");
    let original = std::fs::read_to_string(dir.join("utf8-as-latin1.html")).unwrap();
    for name in ["tcvn3", "vni", "viscii", "vps", "cp1258", "utf8"] {
        let got = convert_file(&[], &dir.join(format!("{name}-as-latin1.html")));
        assert_eq!(got, original, "{name}");
    }
    // UTF-8 pages with legacy runs: every expected conversion is in the
    // output, and the rules find nothing in it any more.
    let tmp = tempfile::tempdir().unwrap();
    for (rule, slot) in [
        ("legacy-font-text", "converted"),
        ("utf8-double-encoded", "repaired"),
    ] {
        let dir = repo("fixtures/rules").join(rule);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let wanted: Vec<String> = findings(rule, &path)
                .into_iter()
                .map(|(_, _, args)| args[slot].clone())
                .collect();
            let got = convert_file(&["--from", "auto"], &path);
            for text in &wanted {
                assert!(got.contains(text.as_str()), "{}: {text}", path.display());
            }
            let fixed = tmp.path().join("fixed.html");
            std::fs::write(&fixed, &got).unwrap();
            assert_eq!(findings(rule, &fixed), vec![], "{}", path.display());
        }
    }
}

#[test]
fn convert_reports_an_unreadable_file_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Cæng th«ng tin\n").unwrap();
    let out = crate::support::cli::run_in(
        dir.path(),
        &["convert", "--from", "tcvn3", "missing.txt", "good.txt"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "Cổng thông tin\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
}

#[test]
fn check_reports_legacy_text_with_its_conversion_in_both_languages() {
    let out = tempfile::tempdir().unwrap();
    let output = crate::support::cli::run_in(
        &repo(""),
        &[
            "check",
            "fixtures/rules/legacy-font-text/tcvn3.html",
            "--rule",
            "legacy-font-text",
            "--as-of",
            "2026-11-28",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "the gate fails on errors");
    let report: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap(),
    );
    crate::support::cli::assert_valid_report(&report);
    let first = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["selector"] == "#r1")
        .expect("the first run is reported");
    assert_eq!(
        first["message"]["vi"],
        "Văn bản theo bảng mã TCVN3 (ABC, .VnTime): \"Cæng th«ng tin ®iÖn tö tØnh Trµ Vinh\" → \"Cổng thông tin điện tử tỉnh Trà Vinh\"."
    );
    assert_eq!(
        first["message"]["en"],
        "Text in TCVN3 (ABC, .VnTime): \"Cæng th«ng tin ®iÖn tö tØnh Trµ Vinh\" → \"Cổng thông tin điện tử tỉnh Trà Vinh\"."
    );
    let docs: Vec<&str> = first["legal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["document"].as_str().unwrap())
        .collect();
    // On 2026-11-28 Nghị định 43/2011 and 42/2022 are no longer in force.
    assert!(
        !docs.contains(&"nd-43-2011") && !docs.contains(&"nd-42-2022"),
        "{docs:?}"
    );
    assert!(
        docs.contains(&"qd-72-2002") && docs.contains(&"tt-39-2017"),
        "{docs:?}"
    );

    let help = crate::support::cli::run_in(&repo(""), &["convert", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Ví dụ:"));
}
