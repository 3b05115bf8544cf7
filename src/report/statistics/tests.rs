use super::*;
use crate::rules::Outcome;

#[test]
fn weighted_share_of_applicable() {
    let mut s = Score::default();
    s.add(Outcome::Passed, 3);
    s.add(Outcome::Failed, 1);
    s.add(Outcome::CantTell, 3);
    s.add(Outcome::Inapplicable, 3);
    let s = s.finish();
    assert_eq!((s.passed, s.applicable), (3, 4));
    assert_eq!(s.text(), "75.0");
    assert_eq!(Score::default().finish().text(), "—");
    assert_eq!(Score::default().finish().percent, None);
}

#[test]
fn criteria_sort_numerically() {
    let mut scs = vec!["1.4.10", "1.4.3", "1.1.1"];
    scs.sort_by_key(|s| sc_key(s));
    assert_eq!(scs, ["1.1.1", "1.4.3", "1.4.10"]);
}
