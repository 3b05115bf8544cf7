use super::*;

#[test]
fn the_table_is_sorted_and_consistent() {
    for pair in ROLES.windows(2) {
        assert!(
            pair[0].name < pair[1].name,
            "{} {}",
            pair[0].name,
            pair[1].name
        );
    }
    for r in ROLES {
        for a in r.supports.iter().chain(r.requires) {
            assert!(value_type(a).is_some(), "{}: {a}", r.name);
        }
        for a in r.supports {
            assert!(!GLOBAL.contains(a), "{}: {a} is global", r.name);
        }
        for other in r.context.iter().chain(r.owns) {
            assert!(role(other).is_some(), "{}: {other}", r.name);
        }
    }
    for a in GLOBAL {
        assert!(value_type(a).is_some(), "{a}");
    }
    let mut names: Vec<&str> = ATTRIBUTES
        .iter()
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count, "an attribute has two value types");
    for l in LINK_ROLES {
        assert!(role(l).is_some_and(|r| r.widget && r.name_from == NameFrom::Contents));
    }
}

#[test]
fn lookups() {
    assert!(role("heading").is_some_and(|r| !r.supports("aria-selected")));
    assert!(role("option").is_some_and(|r| r.supports("aria-selected")));
    assert!(role("generic").is_some_and(|r| r.prohibits("aria-roledescription")));
    assert!(role("paragraph").is_some_and(|r| !r.prohibits("aria-roledescription")));
    assert!(role("checkbox").is_some_and(|r| r.supports("aria-checked")));
    assert!(role("nav").is_none());
}
