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
        assert!(
            !meta.legal.is_empty(),
            "{}: every rule names its legal basis",
            rule.id
        );
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
        named, 3,
        "link-text-generic, contrast-insufficient, contrast-enhanced-insufficient"
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
