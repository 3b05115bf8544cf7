//! WAI-ARIA 1.2 as data: every role with the states and properties it
//! supports, requires and prohibits, the roles it must own or be owned by,
//! where its name comes from and whether its children are presentational;
//! the global states and properties; every attribute with the type of its
//! value. One table, read by [`super::accname`] (roles and names) and by
//! every ARIA rule, so that they cannot disagree.
//!
//! Written from the role definitions of WAI-ARIA 1.2 (§5.4), with the roles
//! of DPUB-ARIA 1.0 and Graphics ARIA that browsers map, and the few WAI-ARIA
//! 1.3 roles and attributes that browsers already ship. `supports` lists the
//! supported *and inherited* states and properties of the role beyond the
//! global ones, so a rule never walks the class hierarchy.
//!
//! Where WAI-ARIA 1.2 deprecates an attribute on a role that WAI-ARIA 1.1
//! supported (`aria-expanded` on most structure roles, `aria-disabled`,
//! `aria-errormessage`, `aria-haspopup` and `aria-invalid` as global
//! attributes), the attribute is still accepted: a deprecated attribute still
//! works in browsers, and calling it "not supported" would be a false alarm.

/// Where a role's accessible name comes from (WAI-ARIA 1.2 §5.2.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameFrom {
    /// The author (`aria-label`, `aria-labelledby`, the host language's label) or the content.
    Contents,
    /// The author only.
    Author,
    /// Naming is prohibited (`aria-label` and `aria-labelledby` too).
    Prohibited,
}

/// One role of the taxonomy.
#[derive(Debug, Clone, Copy)]
pub struct Role {
    /// The role's token, lower case.
    pub name: &'static str,
    /// Supported and inherited states and properties, beyond the global ones.
    pub supports: &'static [&'static str],
    /// Required states and properties.
    pub requires: &'static [&'static str],
    /// The roles an element with this role must be owned by (any of them).
    pub context: &'static [&'static str],
    /// The roles an element with this role must own (`group` where listed
    /// stands for a group that owns them in turn).
    pub owns: &'static [&'static str],
    /// Where the accessible name comes from.
    pub name_from: NameFrom,
    /// Whether the role's descendants are presentational.
    pub children_presentational: bool,
    /// Whether the role is a widget (interactive).
    pub widget: bool,
}

impl Role {
    const fn new(name: &'static str, supports: &'static [&'static str]) -> Role {
        Role {
            name,
            supports,
            requires: &[],
            context: &[],
            owns: &[],
            name_from: NameFrom::Author,
            children_presentational: false,
            widget: false,
        }
    }

    const fn requires(mut self, attributes: &'static [&'static str]) -> Role {
        self.requires = attributes;
        self
    }

    const fn context(mut self, roles: &'static [&'static str]) -> Role {
        self.context = roles;
        self
    }

    const fn owns(mut self, roles: &'static [&'static str]) -> Role {
        self.owns = roles;
        self
    }

    const fn contents(mut self) -> Role {
        self.name_from = NameFrom::Contents;
        self
    }

    const fn unnamed(mut self) -> Role {
        self.name_from = NameFrom::Prohibited;
        self
    }

    const fn presentational_children(mut self) -> Role {
        self.children_presentational = true;
        self
    }

    const fn widget(mut self) -> Role {
        self.widget = true;
        self
    }

    /// Whether the role supports a non-global attribute.
    #[must_use]
    pub fn supports(&self, attribute: &str) -> bool {
        self.supports.contains(&attribute) || self.requires.contains(&attribute)
    }

    /// Whether the role prohibits an attribute (naming, on roles that cannot be named).
    #[must_use]
    pub fn prohibits(&self, attribute: &str) -> bool {
        self.name_from == NameFrom::Prohibited
            && (matches!(attribute, "aria-label" | "aria-labelledby")
                || self.name == "generic" && attribute == "aria-roledescription")
    }
}

const EXPANDED: &[&str] = &["aria-expanded"];
const RANGE: &[&str] = &[
    "aria-valuemax",
    "aria-valuemin",
    "aria-valuenow",
    "aria-valuetext",
];
const RANGE_ORIENTED: &[&str] = &[
    "aria-orientation",
    "aria-valuemax",
    "aria-valuemin",
    "aria-valuenow",
    "aria-valuetext",
];
const LISTITEM: &[&str] = &[
    "aria-expanded",
    "aria-level",
    "aria-posinset",
    "aria-setsize",
];
const CELL: &[&str] = &[
    "aria-colindex",
    "aria-colindextext",
    "aria-colspan",
    "aria-expanded",
    "aria-rowindex",
    "aria-rowindextext",
    "aria-rowspan",
];
const GRIDCELL: &[&str] = &[
    "aria-colindex",
    "aria-colindextext",
    "aria-colspan",
    "aria-expanded",
    "aria-readonly",
    "aria-required",
    "aria-rowindex",
    "aria-rowindextext",
    "aria-rowspan",
    "aria-selected",
];
const HEADER_CELL: &[&str] = &[
    "aria-colindex",
    "aria-colindextext",
    "aria-colspan",
    "aria-expanded",
    "aria-readonly",
    "aria-required",
    "aria-rowindex",
    "aria-rowindextext",
    "aria-rowspan",
    "aria-selected",
    "aria-sort",
];
const LINK: &[&str] = &["aria-expanded"];
const MENU: &[&str] = &["aria-activedescendant", "aria-expanded", "aria-orientation"];
const MENU_OWNS: &[&str] = &["group", "menuitem", "menuitemcheckbox", "menuitemradio"];
const MENUITEM_CONTEXT: &[&str] = &["group", "menu", "menubar"];
const CHECKED_MENUITEM: &[&str] = &[
    "aria-checked",
    "aria-expanded",
    "aria-posinset",
    "aria-setsize",
];
const CELL_CONTEXT: &[&str] = &["row"];
const TABLE: &[&str] = &["aria-colcount", "aria-expanded", "aria-rowcount"];
const TABLE_OWNS: &[&str] = &["row", "rowgroup"];
const TEXTBOX: &[&str] = &[
    "aria-activedescendant",
    "aria-autocomplete",
    "aria-multiline",
    "aria-placeholder",
    "aria-readonly",
    "aria-required",
];
const WINDOW: &[&str] = &["aria-expanded", "aria-modal"];
const COMPOSITE: &[&str] = &["aria-activedescendant", "aria-expanded"];
const SET_MEMBER: &[&str] = &["aria-posinset", "aria-setsize"];
const EXPANDABLE_SET_MEMBER: &[&str] = &["aria-expanded", "aria-posinset", "aria-setsize"];
const TOGGLE: &[&str] = &["aria-expanded", "aria-readonly", "aria-required"];
const CHECKED: &[&str] = &["aria-checked"];
const COMMENT: &[&str] = &["aria-level", "aria-posinset", "aria-setsize"];

/// Every role browsers know, sorted by name (looked up by binary search).
pub const ROLES: &[Role] = &[
    Role::new("alert", EXPANDED),
    Role::new("alertdialog", WINDOW),
    Role::new("application", COMPOSITE),
    Role::new("article", EXPANDABLE_SET_MEMBER),
    Role::new("associationlist", EXPANDED),
    Role::new("associationlistitemkey", COMMENT),
    Role::new("associationlistitemvalue", SET_MEMBER),
    Role::new("banner", EXPANDED),
    Role::new("blockquote", &[]),
    Role::new("button", &["aria-expanded", "aria-pressed"])
        .contents()
        .presentational_children()
        .widget(),
    Role::new("caption", &[]).unnamed(),
    Role::new("cell", CELL).contents().context(CELL_CONTEXT),
    Role::new("checkbox", TOGGLE)
        .requires(CHECKED)
        .contents()
        .presentational_children()
        .widget(),
    Role::new("code", &[]).unnamed(),
    Role::new("columnheader", HEADER_CELL)
        .contents()
        .context(CELL_CONTEXT)
        .widget(),
    Role::new(
        "combobox",
        &[
            "aria-activedescendant",
            "aria-autocomplete",
            "aria-readonly",
            "aria-required",
        ],
    )
    .requires(&["aria-controls", "aria-expanded"])
    .widget(),
    Role::new("comment", COMMENT).contents(),
    Role::new("complementary", EXPANDED),
    Role::new("contentinfo", EXPANDED),
    Role::new("definition", EXPANDED),
    Role::new("deletion", &[]).unnamed(),
    Role::new("dialog", WINDOW),
    Role::new("directory", EXPANDED).owns(&["listitem"]),
    Role::new("doc-abstract", EXPANDED),
    Role::new("doc-acknowledgments", EXPANDED),
    Role::new("doc-afterword", EXPANDED),
    Role::new("doc-appendix", EXPANDED),
    Role::new("doc-backlink", LINK).contents().widget(),
    Role::new("doc-biblioentry", LISTITEM),
    Role::new("doc-bibliography", EXPANDED),
    Role::new("doc-biblioref", LINK).contents().widget(),
    Role::new("doc-chapter", EXPANDED),
    Role::new("doc-colophon", EXPANDED),
    Role::new("doc-conclusion", EXPANDED),
    Role::new("doc-cover", EXPANDED),
    Role::new("doc-credit", EXPANDED),
    Role::new("doc-credits", EXPANDED),
    Role::new("doc-dedication", EXPANDED),
    Role::new("doc-endnote", LISTITEM),
    Role::new("doc-endnotes", EXPANDED),
    Role::new("doc-epigraph", EXPANDED),
    Role::new("doc-epilogue", EXPANDED),
    Role::new("doc-errata", EXPANDED),
    Role::new("doc-example", EXPANDED),
    Role::new("doc-footnote", EXPANDED),
    Role::new("doc-foreword", EXPANDED),
    Role::new("doc-glossary", EXPANDED),
    Role::new("doc-glossref", LINK).contents().widget(),
    Role::new("doc-index", EXPANDED),
    Role::new("doc-introduction", EXPANDED),
    Role::new("doc-noteref", LINK).contents().widget(),
    Role::new("doc-notice", EXPANDED),
    Role::new("doc-pagebreak", RANGE_ORIENTED).presentational_children(),
    Role::new("doc-pagelist", EXPANDED),
    Role::new("doc-part", EXPANDED),
    Role::new("doc-preface", EXPANDED),
    Role::new("doc-prologue", EXPANDED),
    Role::new("doc-pullquote", EXPANDED),
    Role::new("doc-qna", EXPANDED),
    Role::new("doc-subtitle", EXPANDED).contents(),
    Role::new("doc-tip", EXPANDED),
    Role::new("doc-toc", EXPANDED),
    Role::new("document", EXPANDED),
    Role::new("emphasis", &[]).unnamed(),
    Role::new("feed", EXPANDED).owns(&["article"]),
    Role::new("figure", EXPANDED),
    Role::new("form", EXPANDED),
    Role::new("generic", &[]).unnamed(),
    Role::new("graphics-document", EXPANDED),
    Role::new("graphics-object", COMPOSITE),
    Role::new("graphics-symbol", EXPANDED),
    Role::new(
        "grid",
        &[
            "aria-activedescendant",
            "aria-colcount",
            "aria-expanded",
            "aria-multiselectable",
            "aria-readonly",
            "aria-rowcount",
        ],
    )
    .owns(TABLE_OWNS)
    .widget(),
    Role::new("gridcell", GRIDCELL)
        .contents()
        .context(CELL_CONTEXT)
        .widget(),
    Role::new("group", COMPOSITE),
    Role::new("heading", &["aria-expanded"])
        .requires(&["aria-level"])
        .contents(),
    Role::new("image", EXPANDED).presentational_children(),
    Role::new("img", EXPANDED).presentational_children(),
    Role::new("insertion", &[]).unnamed(),
    Role::new("link", LINK).contents().widget(),
    Role::new("list", EXPANDED).owns(&["listitem"]),
    Role::new(
        "listbox",
        &[
            "aria-activedescendant",
            "aria-expanded",
            "aria-multiselectable",
            "aria-orientation",
            "aria-readonly",
            "aria-required",
        ],
    )
    .owns(&["group", "option"])
    .widget(),
    Role::new("listitem", LISTITEM).context(&["list", "directory"]),
    Role::new("log", EXPANDED),
    Role::new("main", EXPANDED),
    Role::new("mark", &[]),
    Role::new("marquee", EXPANDED),
    Role::new("math", EXPANDED),
    Role::new("menu", MENU).owns(MENU_OWNS).widget(),
    Role::new("menubar", MENU).owns(MENU_OWNS).widget(),
    Role::new("menuitem", EXPANDABLE_SET_MEMBER)
        .contents()
        .context(MENUITEM_CONTEXT)
        .widget(),
    Role::new("menuitemcheckbox", CHECKED_MENUITEM)
        .requires(CHECKED)
        .contents()
        .context(MENUITEM_CONTEXT)
        .presentational_children()
        .widget(),
    Role::new("menuitemradio", CHECKED_MENUITEM)
        .requires(CHECKED)
        .contents()
        .context(MENUITEM_CONTEXT)
        .presentational_children()
        .widget(),
    Role::new("meter", RANGE)
        .requires(&["aria-valuenow"])
        .presentational_children(),
    Role::new("navigation", EXPANDED),
    Role::new("none", &[]).unnamed(),
    Role::new("note", EXPANDED),
    Role::new(
        "option",
        &[
            "aria-checked",
            "aria-posinset",
            "aria-selected",
            "aria-setsize",
        ],
    )
    .contents()
    .context(&["group", "listbox"])
    .presentational_children()
    .widget(),
    Role::new("paragraph", &[]).unnamed(),
    Role::new("presentation", &[]).unnamed(),
    Role::new("progressbar", RANGE).presentational_children(),
    Role::new("radio", SET_MEMBER)
        .requires(CHECKED)
        .contents()
        .presentational_children()
        .widget(),
    Role::new(
        "radiogroup",
        &[
            "aria-activedescendant",
            "aria-expanded",
            "aria-orientation",
            "aria-readonly",
            "aria-required",
        ],
    )
    .widget(),
    Role::new("region", EXPANDED),
    Role::new(
        "row",
        &[
            "aria-activedescendant",
            "aria-colindex",
            "aria-expanded",
            "aria-level",
            "aria-posinset",
            "aria-rowindex",
            "aria-rowindextext",
            "aria-selected",
            "aria-setsize",
        ],
    )
    .contents()
    .context(&["grid", "rowgroup", "table", "treegrid"])
    .owns(&["cell", "columnheader", "gridcell", "rowheader"])
    .widget(),
    Role::new("rowgroup", EXPANDED)
        .context(&["grid", "table", "treegrid"])
        .owns(&["row"]),
    Role::new("rowheader", HEADER_CELL)
        .contents()
        .context(CELL_CONTEXT)
        .widget(),
    Role::new("scrollbar", RANGE_ORIENTED)
        .requires(&["aria-controls", "aria-valuenow"])
        .presentational_children()
        .widget(),
    Role::new("search", EXPANDED),
    Role::new("searchbox", TEXTBOX).widget(),
    Role::new("sectionfooter", EXPANDED).contents(),
    Role::new("sectionheader", EXPANDED).contents(),
    Role::new("separator", RANGE_ORIENTED).presentational_children(),
    Role::new(
        "slider",
        &[
            "aria-orientation",
            "aria-readonly",
            "aria-valuemax",
            "aria-valuemin",
            "aria-valuenow",
            "aria-valuetext",
        ],
    )
    .requires(&["aria-valuenow"])
    .presentational_children()
    .widget(),
    Role::new(
        "spinbutton",
        &[
            "aria-activedescendant",
            "aria-readonly",
            "aria-required",
            "aria-valuemax",
            "aria-valuemin",
            "aria-valuenow",
            "aria-valuetext",
        ],
    )
    .widget(),
    Role::new("status", EXPANDED),
    Role::new("strong", &[]).unnamed(),
    Role::new("subscript", &[]).unnamed(),
    Role::new("suggestion", &[]).unnamed(),
    Role::new("superscript", &[]).unnamed(),
    Role::new("switch", TOGGLE)
        .requires(CHECKED)
        .contents()
        .presentational_children()
        .widget(),
    Role::new(
        "tab",
        &[
            "aria-expanded",
            "aria-posinset",
            "aria-selected",
            "aria-setsize",
        ],
    )
    .contents()
    .context(&["tablist"])
    .presentational_children()
    .widget(),
    Role::new("table", TABLE).owns(TABLE_OWNS),
    Role::new(
        "tablist",
        &[
            "aria-activedescendant",
            "aria-expanded",
            "aria-multiselectable",
            "aria-orientation",
        ],
    )
    .owns(&["tab"])
    .widget(),
    Role::new("tabpanel", EXPANDED),
    Role::new("term", EXPANDED),
    Role::new("textbox", TEXTBOX).widget(),
    Role::new("time", &[]),
    Role::new("timer", EXPANDED),
    Role::new(
        "toolbar",
        &["aria-activedescendant", "aria-expanded", "aria-orientation"],
    ),
    Role::new("tooltip", EXPANDED).contents(),
    Role::new(
        "tree",
        &[
            "aria-activedescendant",
            "aria-expanded",
            "aria-multiselectable",
            "aria-orientation",
            "aria-required",
        ],
    )
    .owns(&["group", "treeitem"])
    .widget(),
    Role::new(
        "treegrid",
        &[
            "aria-activedescendant",
            "aria-colcount",
            "aria-expanded",
            "aria-multiselectable",
            "aria-orientation",
            "aria-readonly",
            "aria-required",
            "aria-rowcount",
        ],
    )
    .owns(TABLE_OWNS)
    .widget(),
    Role::new(
        "treeitem",
        &[
            "aria-checked",
            "aria-expanded",
            "aria-level",
            "aria-posinset",
            "aria-selected",
            "aria-setsize",
        ],
    )
    .contents()
    .context(&["group", "tree"])
    .widget(),
];

/// The role named `name` (lower case), if it is one.
#[must_use]
pub fn role(name: &str) -> Option<&'static Role> {
    ROLES
        .binary_search_by(|r| r.name.cmp(name))
        .ok()
        .map(|i| &ROLES[i])
}

/// The link role and its DPUB subclasses.
pub const LINK_ROLES: &[&str] = &[
    "doc-backlink",
    "doc-biblioref",
    "doc-glossref",
    "doc-noteref",
    "link",
];

/// The global states and properties (WAI-ARIA 1.2 §6.4): every role supports
/// them, and one on an element cancels `role="none"` (presentational-role
/// conflict). `aria-disabled`, `aria-errormessage`, `aria-haspopup` and
/// `aria-invalid` are deprecated as global in WAI-ARIA 1.2 but still global.
pub const GLOBAL: &[&str] = &[
    "aria-atomic",
    "aria-busy",
    "aria-controls",
    "aria-current",
    "aria-describedby",
    "aria-description",
    "aria-details",
    "aria-disabled",
    "aria-dropeffect",
    "aria-errormessage",
    "aria-flowto",
    "aria-grabbed",
    "aria-haspopup",
    "aria-hidden",
    "aria-invalid",
    "aria-keyshortcuts",
    "aria-label",
    "aria-labelledby",
    "aria-live",
    "aria-owns",
    "aria-relevant",
    "aria-roledescription",
];

/// The global attributes that make `role="none"` give way (presentational
/// role conflict, WAI-ARIA 1.2 §9.3): the global ones, without the four
/// that WAI-ARIA 1.2 no longer treats as global.
pub fn cancels_presentation(attribute: &str) -> bool {
    GLOBAL.contains(&attribute)
        && !matches!(
            attribute,
            "aria-disabled" | "aria-errormessage" | "aria-haspopup" | "aria-invalid"
        )
}

/// The value type of an ARIA attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// `true` / `false`.
    TrueFalse,
    /// `true` / `false` / `mixed`.
    Tristate,
    /// `true` / `false` / `undefined`.
    TrueFalseUndefined,
    /// One token of a list.
    Token(&'static [&'static str]),
    /// A space-separated list of tokens.
    TokenList(&'static [&'static str]),
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// Anything (strings and ID references).
    Any,
}

/// Every attribute defined by WAI-ARIA 1.2 (and 1.3 drafts browsers support),
/// by the type of its value (each attribute once).
pub const ATTRIBUTES: &[(ValueType, &[&str])] = &[
    (
        ValueType::TrueFalse,
        &[
            "aria-atomic",
            "aria-busy",
            "aria-disabled",
            "aria-modal",
            "aria-multiline",
            "aria-multiselectable",
            "aria-readonly",
            "aria-required",
        ],
    ),
    (ValueType::Tristate, &["aria-checked", "aria-pressed"]),
    (
        ValueType::TrueFalseUndefined,
        &[
            "aria-expanded",
            "aria-grabbed",
            "aria-hidden",
            "aria-selected",
        ],
    ),
    (
        ValueType::Integer,
        &[
            "aria-colcount",
            "aria-colindex",
            "aria-colspan",
            "aria-level",
            "aria-posinset",
            "aria-rowcount",
            "aria-rowindex",
            "aria-rowspan",
            "aria-setsize",
        ],
    ),
    (
        ValueType::Number,
        &["aria-valuemax", "aria-valuemin", "aria-valuenow"],
    ),
    (
        ValueType::Any,
        &[
            "aria-activedescendant",
            "aria-braillelabel",
            "aria-brailleroledescription",
            "aria-colindextext",
            "aria-controls",
            "aria-describedby",
            "aria-description",
            "aria-details",
            "aria-errormessage",
            "aria-flowto",
            "aria-keyshortcuts",
            "aria-label",
            "aria-labelledby",
            "aria-owns",
            "aria-placeholder",
            "aria-roledescription",
            "aria-rowindextext",
            "aria-valuetext",
        ],
    ),
    (
        ValueType::Token(&["inline", "list", "both", "none"]),
        &["aria-autocomplete"],
    ),
    (
        ValueType::Token(&["page", "step", "location", "date", "time", "true", "false"]),
        &["aria-current"],
    ),
    (
        ValueType::TokenList(&["copy", "execute", "link", "move", "none", "popup"]),
        &["aria-dropeffect"],
    ),
    (
        ValueType::Token(&["false", "true", "menu", "listbox", "tree", "grid", "dialog"]),
        &["aria-haspopup"],
    ),
    (
        ValueType::Token(&["grammar", "false", "spelling", "true"]),
        &["aria-invalid"],
    ),
    (
        ValueType::Token(&["assertive", "off", "polite"]),
        &["aria-live"],
    ),
    (
        ValueType::Token(&["horizontal", "vertical", "undefined"]),
        &["aria-orientation"],
    ),
    (
        ValueType::TokenList(&["additions", "removals", "text", "all"]),
        &["aria-relevant"],
    ),
    (
        ValueType::Token(&["ascending", "descending", "none", "other"]),
        &["aria-sort"],
    ),
];

/// The value type of a defined ARIA attribute.
#[must_use]
pub fn value_type(name: &str) -> Option<ValueType> {
    ATTRIBUTES
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(ty, _)| *ty)
}

/// Whether `value` is valid for `ty`.
#[must_use]
pub fn valid_value(ty: ValueType, value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    match ty {
        ValueType::TrueFalse => matches!(v.as_str(), "true" | "false"),
        ValueType::Tristate => matches!(v.as_str(), "true" | "false" | "mixed"),
        ValueType::TrueFalseUndefined => matches!(v.as_str(), "true" | "false" | "undefined"),
        ValueType::Token(tokens) => tokens.contains(&v.as_str()),
        ValueType::TokenList(tokens) => {
            !v.is_empty() && v.split_ascii_whitespace().all(|t| tokens.contains(&t))
        }
        ValueType::Integer => v.parse::<i64>().is_ok(),
        ValueType::Number => v.parse::<f64>().is_ok_and(f64::is_finite),
        ValueType::Any => true,
    }
}

#[cfg(test)]
mod tests {
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
}
