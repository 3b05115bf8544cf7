//! `utf8-double-encoded`: UTF-8 text encoded twice (mojibake).
//!
//! **What it checks.** The text of a UTF-8 page has no Vietnamese letters whose
//! UTF-8 bytes were read as windows-1252 or ISO-8859-1 and encoded again
//! (`Cá»•ng` for "Cổng", `Ä‘` for "đ"). A word counts only if it repairs into
//! a Vietnamese syllable. The finding shows the text and the repaired text.
//!
//! **Why.** Readers see garbage; the usual cause is a database or CMS
//! connection in Latin-1, or a file converted twice. TCVN 6909:2001 text is
//! required (Quyết định 72/2002; Thông tư 39/2017, Danh mục, mục 3.14).
//!
//! **Fails:** `<p>Cá»•ng thÃ´ng tin</p>`
//!
//! **Passes:** `<p>Cổng thông tin</p>`

use crate::page::Page;
use crate::rules::Findings;
use crate::rules::{Check, Family, Rule};
use crate::vietnamese::{self, Legacy};

/// Characters shown of a run.
const RUN_CHARS: usize = 240;

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "utf8-double-encoded",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !page.encoding.is_utf8() {
        return;
    }
    let scan = super::scan::scan(page);
    if scan.text_nodes > 0 {
        out.pass();
    }
    let mut flagged = std::collections::HashSet::new();
    for node in &scan.nodes {
        if node.flags & super::scan::MOJIBAKE == 0
            || vietnamese::detect::mojibake_words(&node.text) == 0
            || !flagged.insert(node.el)
        {
            continue;
        }
        let run = super::excerpt(&node.text, RUN_CHARS);
        out.fail(page.el(node.el))
            .arg(
                "repaired",
                super::convert_excerpt(&run, Legacy::Utf8Mojibake),
            )
            .arg("text", run);
    }
}
