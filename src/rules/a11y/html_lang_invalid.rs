//! `html-lang-invalid`: the page's `lang` is not a valid language tag.
//!
//! **What it checks.** When `<html lang>` has a non-empty value, it is a
//! well-formed BCP 47 tag whose primary language subtag is a known ISO 639
//! code (two letters from the ISO 639-1 list; three-letter codes are accepted
//! when alphabetic, since we do not carry the full registry).
//!
//! **Why.** A screen reader cannot pick a voice for `lang="vn"` (a country code,
//! a frequent mistake on Vietnamese portals: Vietnamese is `vi`) or
//! `lang="Tiếng Việt"`. WCAG 2.0 SC 3.1.1 (level A). ACT rule bf051a.
//!
//! **Fails:** `<html lang="vn">`
//!
//! **Passes:** `<html lang="vi">`, `<html lang="vi-VN">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "html-lang-invalid",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let Some(html) = page.root() else { return };
    let Some(lang) = html.attr("lang").map(str::trim).filter(|l| !l.is_empty()) else {
        return;
    };
    if is_valid_language_tag(lang) {
        out.pass();
    } else {
        out.fail(html).arg("lang", lang);
    }
}

/// ISO 639-1 two-letter codes.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik \
in io is it iu iw ja ji jv jw ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn \
mo mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk \
sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// ISO 639-2 codes of languages that have an ISO 639-1 code (the common ones).
const ISO_639_2_WITH_SHORTER: &str = "eng vie fra fre deu ger spa zho chi jpn kor rus ara por ita nld dut tha khm lao \
mya bur ind msa may tgl hin ben urd fas per tur pol ukr ces cze slk slo hun ron rum bul ell gre heb swe nor dan fin \
isl ice est lav lit hrv srp slv bos mkd mac sqi alb hye arm kat geo aze kaz uzb mon tam tel kan mal mar guj pan nep \
sin amh som swa hau yor ibo zul xho afr cat eus baq glg gle cym wel lat epo";

/// Whether `tag` is a well-formed BCP 47 tag with a known primary language.
#[must_use]
pub fn is_valid_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split(['-', '_']);
    let Some(primary) = subtags.next() else {
        return false;
    };
    let primary = primary.to_ascii_lowercase();
    let primary_ok = match primary.len() {
        2 => ISO_639_1.split(' ').any(|code| code == primary),
        // Three-letter codes are valid unless ISO 639-1 has a two-letter code
        // for the language (BCP 47 then requires the shorter one: `en`, not `eng`).
        3 => {
            primary.chars().all(|c| c.is_ascii_lowercase())
                && !ISO_639_2_WITH_SHORTER
                    .split(' ')
                    .any(|code| code == primary)
        }
        _ => false,
    };
    // Remaining subtags: 1–8 alphanumerics each (script, region, variants, extensions).
    primary_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::is_valid_language_tag;

    #[test]
    fn tags() {
        for ok in ["vi", "vi-VN", "en", "en-US", "km", "zh-Hans-CN", "fil"] {
            assert!(is_valid_language_tag(ok), "{ok}");
        }
        for bad in [
            "vn",
            "Tiếng Việt",
            "english",
            "eng",
            "x",
            "en--US",
            "123",
            "vi-VN-toolongsubtag",
        ] {
            assert!(!is_valid_language_tag(bad), "{bad}");
        }
    }
}
