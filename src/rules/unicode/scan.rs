//! One pass over a page's text nodes, shared by the text rules.
//!
//! Five rules look at the same text (legacy runs, mojibake, U+FFFD, invisible
//! characters, non-NFC text). Walking the tree five times would cost more
//! than everything else they do, so the first of them to run on a page walks
//! it once: each text node's bytes are classified in one loop (the common
//! case, correct Vietnamese, never leaves it), legacy evidence is tallied, and
//! only the nodes that need a closer look are kept. The result is memoised per
//! thread for the page being checked; the memo is keyed by the page's address
//! and verified against its text, so another page can never be served it.

use std::cell::RefCell;
use std::rc::Rc;

use crate::page::Page;
use crate::vietnamese::detect::Tally;

use crate::vietnamese::detect::{CANDIDATE, LETTER, classify};
pub(super) use crate::vietnamese::detect::{COMBINING, FFFD, INVISIBLE, MOJIBAKE};

/// A text node that needs a closer look.
pub(super) struct Node {
    /// Its parent element's index in document order.
    pub el: u32,
    /// Its text.
    pub text: String,
    /// What the byte scan saw.
    pub flags: u8,
    /// Legacy evidence, when there is any.
    pub tally: Option<Tally>,
}

/// What the pass learnt about a page's text.
pub(super) struct Scan {
    /// Content text nodes with a letter.
    pub text_nodes: usize,
    /// The nodes that need a closer look, in document order.
    pub nodes: Vec<Node>,
    /// Legacy evidence summed over the runs that had some.
    pub page_tally: Tally,
}

thread_local! {
    static LAST: RefCell<Option<(usize, String, Rc<Scan>)>> = const { RefCell::new(None) };
}

/// The scan of `page`, computed once per page and thread.
pub(super) fn scan(page: &Page) -> Rc<Scan> {
    let key = std::ptr::from_ref(page) as usize;
    LAST.with(|last| {
        if let Some((k, text, scan)) = &*last.borrow()
            && *k == key
            && *text == page.text
        {
            return Rc::clone(scan);
        }
        let scan = Rc::new(compute(page));
        *last.borrow_mut() = Some((key, page.text.clone(), Rc::clone(&scan)));
        scan
    })
}

fn compute(page: &Page) -> Scan {
    let mut scan = Scan {
        text_nodes: 0,
        nodes: Vec::new(),
        page_tally: Tally::default(),
    };
    for node in page.html.tree.root().descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let Some(parent) = node.parent() else {
            continue;
        };
        if parent
            .value()
            .as_element()
            .is_some_and(|el| super::is_raw_text(el.name()))
        {
            continue;
        }
        let text: &str = text;
        let flags = classify(text.as_bytes());
        if flags & LETTER == 0 {
            continue;
        }
        scan.text_nodes += 1;
        let tally = (flags & CANDIDATE != 0)
            .then(|| {
                let mut tally = Tally::default();
                tally.add_checked(text);
                tally
            })
            .filter(Tally::has_evidence);
        if let Some(tally) = &tally {
            scan.page_tally.absorb(tally);
        }
        if flags & (INVISIBLE | MOJIBAKE | FFFD | COMBINING) == 0 && tally.is_none() {
            continue;
        }
        if let Some(el) = page.element(parent.id()) {
            scan.nodes.push(Node {
                el: el.index(),
                text: text.to_string(),
                flags,
                tally,
            });
        }
    }
    scan
}
