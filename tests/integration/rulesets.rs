//! Rule code and rule metadata agree, and metadata is complete.

use std::collections::BTreeSet;

use portal_audit::rules::{self, Check};
use portal_audit::ruleset::{Ruleset, slots};

#[test]
fn every_registered_rule_has_metadata_and_every_metadata_entry_a_rule() {
    let ruleset = Ruleset::embedded().unwrap();
    let code: BTreeSet<&str> = rules::all().map(|r| r.id).collect();
    let data: BTreeSet<&str> = ruleset.rules.keys().map(String::as_str).collect();
    assert_eq!(
        code.difference(&data).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "rules without metadata"
    );
    assert_eq!(
        data.difference(&code).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "metadata without a rule"
    );
    assert_eq!(
        code.len(),
        rules::all().count(),
        "duplicate rule ids in the registry"
    );
}

#[test]
fn ids_are_kebab_case_sorted_and_name_the_defect() {
    for family in rules::FAMILIES {
        let ids: Vec<&str> = family.iter().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "each family's RULES is sorted by id");
    }
    for rule in rules::all() {
        assert!(
            rule.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            rule.id
        );
        for prefix in ["no-", "avoid-", "must-", "use-", "prefer-", "do-not-"] {
            assert!(
                !rule.id.starts_with(prefix),
                "{}: name the defect, not the advice",
                rule.id
            );
        }
    }
}

#[test]
fn metadata_is_complete_and_consistent() {
    let ruleset = Ruleset::embedded().unwrap();
    for rule in rules::all() {
        let meta = ruleset.rule(rule.id).unwrap();
        assert_eq!(
            meta.family, rule.family,
            "{}: family in TOML and code differ",
            rule.id
        );
        for texts in [&meta.vi, &meta.en] {
            for (field, value) in [
                ("title", &texts.title),
                ("why", &texts.why),
                ("fix", &texts.fix),
                ("message", &texts.message),
            ] {
                assert!(!value.trim().is_empty(), "{}: empty {field}", rule.id);
            }
        }
        assert_eq!(
            slots(&meta.vi.message),
            slots(&meta.en.message),
            "{}: vi and en messages use other slots",
            rule.id
        );
        // Message variants: the same names in both languages, the same
        // slots, slots the rule's message has, NFC.
        assert_eq!(
            meta.vi.messages.keys().collect::<Vec<_>>(),
            meta.en.messages.keys().collect::<Vec<_>>(),
            "{}: vi and en message variants differ",
            rule.id
        );
        for (name, vi) in &meta.vi.messages {
            let en = &meta.en.messages[name];
            assert_eq!(slots(vi), slots(en), "{} {name}: other slots", rule.id);
            assert!(
                slots(vi).is_subset(&slots(&meta.vi.message)),
                "{} {name}: a slot the rule does not fill",
                rule.id
            );
            use unicode_normalization::UnicodeNormalization;
            assert_eq!(vi.nfc().collect::<String>(), *vi, "{} {name}: NFC", rule.id);
        }
        for text in [&meta.vi.title, &meta.vi.why, &meta.vi.fix, &meta.vi.message] {
            use unicode_normalization::UnicodeNormalization;
            assert_eq!(
                text.nfc().collect::<String>(),
                *text,
                "{}: Vietnamese text must be NFC",
                rule.id
            );
        }
        for sc in &meta.wcag {
            assert!(
                ["A", "AA", "AAA"].contains(&sc.level.as_str()),
                "{}: WCAG level {}",
                rule.id,
                sc.level
            );
            assert!(
                sc.sc.split('.').count() == 3,
                "{}: WCAG criterion {}",
                rule.id,
                sc.sc
            );
        }
        for act in &meta.act {
            assert!(
                act.len() == 6 && act.chars().all(|c| c.is_ascii_alphanumeric()),
                "{}: ACT id {act}",
                rule.id
            );
        }
        // Every rule has a national basis, or is provincial: scoped to the
        // provincial profiles whose own document is its basis (a province's
        // regulation binds only that province; the engine runs such a rule
        // only where one of them applies).
        let national = !meta.legal.is_empty() || !meta.groups.is_empty() || meta.requirements;
        if meta.provincial {
            assert!(
                !national,
                "{}: a provincial rule has no national basis",
                rule.id
            );
            let scoped_by: Vec<&str> = ruleset
                .content
                .profiles
                .iter()
                .filter(|p| {
                    p.basis.iter().any(|b| {
                        b.rules.iter().any(|r| r == rule.id)
                            && ruleset.documents[b.document.as_ref().unwrap_or(&p.profile.document)]
                                .province
                                .is_some()
                    })
                })
                .map(|p| p.profile.id.as_str())
                .collect();
            assert!(
                !scoped_by.is_empty(),
                "{}: a provincial rule needs a provincial profile whose document is its basis",
                rule.id
            );
        } else {
            assert!(national, "{}: every rule names its legal basis", rule.id);
        }
        if matches!(rule.check, Check::Page(_)) {
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures/rules")
                    .join(rule.id)
                    .is_dir(),
                "{}: page rules have a fixture folder",
                rule.id
            );
        }
    }
}

#[test]
fn every_rule_file_has_its_doc_comment_and_declares_its_rule() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for rule in rules::all() {
        let path = root
            .join("src/rules")
            .join(rule.family.id())
            .join(format!("{}.rs", rule.id.replace('-', "_")));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            text.starts_with(&format!("//! `{}`", rule.id)),
            "{} opens with its doc comment",
            path.display()
        );
        // The file owns its registration: the family's RULES only names it.
        assert!(
            text.contains(&format!(
                "pub const RULE: Rule = Rule {{\n    id: \"{}\",",
                rule.id
            )),
            "{} declares `pub const RULE: Rule = Rule {{ id: \"{}\", … }}`",
            path.display(),
            rule.id
        );
        for part in [
            "**What it checks.**",
            "**Why.**",
            "**Fails:**",
            "**Passes:**",
        ] {
            assert!(
                text.contains(part),
                "{}: doc comment lacks {part}",
                path.display()
            );
        }
    }
}

/// A rule's `review_by` (the values that make its review pattern) names
/// values the rule's family really sets (`.arg("name", …)`), so the checklist
/// does not silently fold every occurrence into one item.
#[test]
fn review_patterns_name_values_the_rules_set() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ruleset = Ruleset::embedded().unwrap();
    let mut named = 0;
    for rule in rules::all() {
        let Some(names) = ruleset.rule(rule.id).and_then(|m| m.review_by.as_ref()) else {
            continue;
        };
        let folder = root.join("src/rules").join(rule.family.id());
        let code: String = std::fs::read_dir(&folder)
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        for name in names {
            assert!(
                code.contains(&format!(".arg(\"{name}\"")),
                "{}: review_by names `{name}`, which no rule of {} sets",
                rule.id,
                folder.display()
            );
            named += 1;
        }
    }
    assert_eq!(
        named, 4,
        "link-text-generic, contrast-insufficient, contrast-enhanced-insufficient, advertising-present"
    );
}

#[test]
fn a_malformed_user_ruleset_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        "[rules.img-alt-missing]\nseverity = \"warning\"\nenabled = maybe\n",
    )
    .unwrap();
    let err = Ruleset::embedded()
        .unwrap()
        .apply_user_file(&path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("mine.toml") && err.contains("line 3"), "{err}");

    std::fs::write(&path, "[rules.img-alt-mising]\nseverity = \"warning\"\n").unwrap();
    let err = Ruleset::embedded()
        .unwrap()
        .apply_user_file(&path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown rule id `img-alt-mising`"), "{err}");

    std::fs::write(&path, "[rules.img-alt-missing]\nseverity = \"warning\"\n[rules.page-title-missing]\nenabled = false\n").unwrap();
    let mut set = Ruleset::embedded().unwrap();
    set.apply_user_file(&path).unwrap();
    assert_eq!(
        set.rule("img-alt-missing").unwrap().severity,
        portal_audit::ruleset::Severity::Warning
    );
    assert!(!set.rule("page-title-missing").unwrap().enabled);
}

/// Every built-in document can be cited as the law cites it: a type, an
/// issue date, and a confidence for its end when it has ended.
#[test]
fn every_document_has_a_type_and_an_issue_date() {
    let ruleset = Ruleset::embedded().unwrap();
    for doc in ruleset.documents.values() {
        assert!(doc.kind.is_some(), "{}: no kind", doc.id);
        assert!(doc.issued.is_some(), "{}: no issue date", doc.id);
        if let Some(issued) = doc.issued {
            let year: i32 = issued.to_string()[..4].parse().unwrap();
            use chrono::Datelike;
            assert!(
                year <= doc.valid_from.year(),
                "{}: issued after it came into force",
                doc.id
            );
        }
        if let Some(end) = doc.valid_to {
            assert!(doc.valid_from <= end, "{}: ends before it starts", doc.id);
        }
    }
}

/// A rule's national bases never cite a provincial document: only a
/// profile may, so that its articles appear only where the profile applies.
#[test]
fn rules_cite_no_provincial_document_and_an_unknown_group_is_refused() {
    let ruleset = Ruleset::embedded().unwrap();
    let provincial: BTreeSet<&str> = ruleset
        .documents
        .values()
        .filter(|d| d.province.is_some())
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(
        provincial,
        BTreeSet::from(["qd-1526-2019-travinh", "qd-774-2008-travinh"])
    );
    for meta in ruleset.rules.values() {
        let groups = meta
            .groups
            .iter()
            .flat_map(|g| ruleset.groups[g].legal.iter());
        for basis in meta.legal.iter().chain(groups) {
            assert!(
                !provincial.contains(basis.document.as_str()),
                "{} cites {}",
                meta.id,
                basis.document
            );
        }
    }
    // A user's rule: the error for its `extra` lines.
    let refused = |extra: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.toml");
        std::fs::write(
            &path,
            format!(
                "[[rule]]\nid = \"my-rule\"\nfamily = \"a11y\"\nseverity = \"error\"\n{extra}\n\
                 [rule.vi]\ntitle = \"t\"\nwhy = \"w\"\nfix = \"f\"\nmessage = \"m\"\n\
                 [rule.en]\ntitle = \"t\"\nwhy = \"w\"\nfix = \"f\"\nmessage = \"m\"\n"
            ),
        )
        .unwrap();
        Ruleset::embedded()
            .unwrap()
            .apply_user_file(&path)
            .unwrap_err()
            .to_string()
    };
    let err = refused("legal = [{ document = \"qd-1526-2019-travinh\", article = \"Điều 5\" }]");
    assert!(
        err.contains("rule `my-rule` cites `qd-1526-2019-travinh`, a document of Trà Vinh"),
        "{err}"
    );
    let err =
        refused("provincial = true\nlegal = [{ document = \"tt-32-2017\", article = \"Điều 7\" }]");
    assert!(
        err.contains("rule `my-rule` is provincial: its bases come from provincial profiles only"),
        "{err}"
    );
    let err = refused("groups = [\"nope\"]");
    assert!(
        err.contains("rule `my-rule` names unknown group `nope`"),
        "{err}"
    );
}

/// The accessibility criteria only WCAG 2.1 has are cited as WCAG 2.1 (both
/// recommended), and the spacing rules no longer cite the colour-and-contrast
/// clause of Thông tư 32/2017 Điều 18.
#[test]
fn wcag_21_criteria_are_cited_as_wcag_21() {
    let ruleset = Ruleset::embedded().unwrap();
    let only_21 = [
        "1.3.4", "1.3.5", "1.4.10", "1.4.11", "1.4.12", "1.4.13", "2.5.3",
    ];
    let mut seen = 0;
    for meta in ruleset.rules.values() {
        let is_21 = meta.wcag.iter().any(|w| only_21.contains(&w.sc.as_str()));
        let docs: Vec<&str> = meta.legal.iter().map(|b| b.document.as_str()).collect();
        if is_21 {
            seen += 1;
            assert!(docs.contains(&"wcag-2.1"), "{}: {docs:?}", meta.id);
            assert!(!docs.contains(&"wcag-2.0"), "{}: {docs:?}", meta.id);
            assert!(meta.groups.contains(&"wcag-2.1".to_string()), "{}", meta.id);
        }
        if meta.wcag.iter().any(|w| w.sc == "1.4.12") {
            assert!(
                !meta
                    .legal
                    .iter()
                    .any(|b| b.article.starts_with("Điều 18 khoản 1 điểm a")),
                "{}",
                meta.id
            );
        }
    }
    assert_eq!(seen, 6, "1.3.4, 1.3.5, 1.4.12 ×3, 2.5.3");
}

/// The documents an auditor needs for every period are there, and the
/// personal-data texts use the circular's own words.
#[test]
fn the_documents_of_every_period_are_there_and_privacy_speaks_as_the_circular() {
    let ruleset = Ruleset::embedded().unwrap();
    for id in [
        "tcvn-6909-2001",
        "wcag-1.0",
        "wcag-2.0",
        "wcag-2.1",
        "nd-64-2007",
        "tt-26-2009",
        "tt-22-2013",
        "qd-774-2008-travinh",
        "nd-13-2023",
        "nd-356-2025",
    ] {
        assert!(ruleset.documents.contains_key(id), "{id}");
    }
    assert_eq!(
        ruleset.documents["nd-224-2026"].title.vi,
        "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Chuyển đổi số"
    );
    for meta in ruleset
        .rules
        .values()
        .filter(|m| m.family == rules::Family::Privacy)
    {
        for text in [&meta.vi.title, &meta.vi.why, &meta.vi.fix, &meta.vi.message] {
            assert!(!text.contains("chính sách bảo mật"), "{}: {text}", meta.id);
        }
    }
    assert!(
        ruleset.rules["privacy-notice-missing"]
            .vi
            .title
            .contains("bảo vệ thông tin cá nhân")
    );
}
