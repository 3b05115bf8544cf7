//! WAI-ARIA 1.2 facts shared by the ARIA rules: the defined attributes and the
//! type of their values, and the required states and properties of roles.

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

/// Every attribute defined by WAI-ARIA 1.2 (and 1.3 drafts browsers support), with its value type.
pub const ATTRIBUTES: &[(&str, ValueType)] = &[
    ("aria-activedescendant", ValueType::Any),
    ("aria-atomic", ValueType::TrueFalse),
    (
        "aria-autocomplete",
        ValueType::Token(&["inline", "list", "both", "none"]),
    ),
    ("aria-braillelabel", ValueType::Any),
    ("aria-brailleroledescription", ValueType::Any),
    ("aria-busy", ValueType::TrueFalse),
    ("aria-checked", ValueType::Tristate),
    ("aria-colcount", ValueType::Integer),
    ("aria-colindex", ValueType::Integer),
    ("aria-colindextext", ValueType::Any),
    ("aria-colspan", ValueType::Integer),
    ("aria-controls", ValueType::Any),
    (
        "aria-current",
        ValueType::Token(&["page", "step", "location", "date", "time", "true", "false"]),
    ),
    ("aria-describedby", ValueType::Any),
    ("aria-description", ValueType::Any),
    ("aria-details", ValueType::Any),
    ("aria-disabled", ValueType::TrueFalse),
    (
        "aria-dropeffect",
        ValueType::TokenList(&["copy", "execute", "link", "move", "none", "popup"]),
    ),
    ("aria-errormessage", ValueType::Any),
    ("aria-expanded", ValueType::TrueFalseUndefined),
    ("aria-flowto", ValueType::Any),
    ("aria-grabbed", ValueType::TrueFalseUndefined),
    (
        "aria-haspopup",
        ValueType::Token(&["false", "true", "menu", "listbox", "tree", "grid", "dialog"]),
    ),
    ("aria-hidden", ValueType::TrueFalseUndefined),
    (
        "aria-invalid",
        ValueType::Token(&["grammar", "false", "spelling", "true"]),
    ),
    ("aria-keyshortcuts", ValueType::Any),
    ("aria-label", ValueType::Any),
    ("aria-labelledby", ValueType::Any),
    ("aria-level", ValueType::Integer),
    (
        "aria-live",
        ValueType::Token(&["assertive", "off", "polite"]),
    ),
    ("aria-modal", ValueType::TrueFalse),
    ("aria-multiline", ValueType::TrueFalse),
    ("aria-multiselectable", ValueType::TrueFalse),
    (
        "aria-orientation",
        ValueType::Token(&["horizontal", "vertical", "undefined"]),
    ),
    ("aria-owns", ValueType::Any),
    ("aria-placeholder", ValueType::Any),
    ("aria-posinset", ValueType::Integer),
    ("aria-pressed", ValueType::Tristate),
    ("aria-readonly", ValueType::TrueFalse),
    (
        "aria-relevant",
        ValueType::TokenList(&["additions", "removals", "text", "all"]),
    ),
    ("aria-required", ValueType::TrueFalse),
    ("aria-roledescription", ValueType::Any),
    ("aria-rowcount", ValueType::Integer),
    ("aria-rowindex", ValueType::Integer),
    ("aria-rowindextext", ValueType::Any),
    ("aria-rowspan", ValueType::Integer),
    ("aria-selected", ValueType::TrueFalseUndefined),
    ("aria-setsize", ValueType::Integer),
    (
        "aria-sort",
        ValueType::Token(&["ascending", "descending", "none", "other"]),
    ),
    ("aria-valuemax", ValueType::Number),
    ("aria-valuemin", ValueType::Number),
    ("aria-valuenow", ValueType::Number),
    ("aria-valuetext", ValueType::Any),
];

/// The value type of a defined ARIA attribute.
#[must_use]
pub fn value_type(name: &str) -> Option<ValueType> {
    ATTRIBUTES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
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

/// The states and properties a role requires (WAI-ARIA 1.2).
#[must_use]
pub fn required_attributes(role: &str) -> &'static [&'static str] {
    match role {
        "checkbox" | "menuitemcheckbox" | "menuitemradio" | "radio" | "switch" => &["aria-checked"],
        "combobox" => &["aria-controls", "aria-expanded"],
        "heading" => &["aria-level"],
        "meter" | "slider" => &["aria-valuenow"],
        "scrollbar" => &["aria-controls", "aria-valuenow"],
        _ => &[],
    }
}

/// The roles an element with `role` must be owned by (WAI-ARIA 1.2).
#[must_use]
pub fn required_context(role: &str) -> &'static [&'static str] {
    match role {
        "cell" | "columnheader" | "gridcell" | "rowheader" => &["row"],
        "listitem" => &["list", "directory"],
        "menuitem" | "menuitemcheckbox" | "menuitemradio" => &["group", "menu", "menubar"],
        "option" => &["group", "listbox"],
        "row" => &["grid", "rowgroup", "table", "treegrid"],
        "rowgroup" => &["grid", "table", "treegrid"],
        "tab" => &["tablist"],
        "treeitem" => &["group", "tree"],
        _ => &[],
    }
}

/// The roles an element with `role` must own (WAI-ARIA 1.2); `group` is
/// allowed where the list says so and must then own allowed roles itself.
#[must_use]
pub fn required_owned(role: &str) -> &'static [&'static str] {
    match role {
        "grid" | "table" | "treegrid" => &["row", "rowgroup"],
        "list" | "directory" => &["listitem"],
        "listbox" => &["option", "group"],
        "menu" | "menubar" => &["menuitem", "menuitemcheckbox", "menuitemradio", "group"],
        "row" => &["cell", "columnheader", "gridcell", "rowheader"],
        "rowgroup" => &["row"],
        "tablist" => &["tab"],
        "tree" => &["treeitem", "group"],
        "feed" => &["article"],
        _ => &[],
    }
}

/// The roles that support a non-global ARIA attribute (WAI-ARIA 1.2, with
/// the roles that inherit it); `None` for global attributes and those this
/// table does not cover.
#[must_use]
pub fn supporting_roles(attribute: &str) -> Option<&'static [&'static str]> {
    Some(match attribute {
        "aria-sort" => &["columnheader", "rowheader"],
        "aria-orientation" => &[
            "scrollbar",
            "select",
            "separator",
            "slider",
            "tablist",
            "toolbar",
            "listbox",
            "menu",
            "menubar",
            "radiogroup",
            "tree",
            "treegrid",
        ],
        "aria-pressed" => &["button"],
        "aria-checked" => &[
            "checkbox",
            "menuitemcheckbox",
            "menuitemradio",
            "option",
            "radio",
            "switch",
            "treeitem",
        ],
        "aria-level" => &["heading", "listitem", "row", "treeitem", "comment"],
        "aria-multiline" => &["textbox", "searchbox"],
        "aria-multiselectable" => &["grid", "listbox", "tablist", "tree", "treegrid"],
        "aria-placeholder" => &["textbox", "searchbox"],
        "aria-modal" => &["dialog", "alertdialog"],
        "aria-valuenow" | "aria-valuemin" | "aria-valuemax" | "aria-valuetext" => &[
            "meter",
            "progressbar",
            "scrollbar",
            "separator",
            "slider",
            "spinbutton",
        ],
        "aria-colcount" | "aria-rowcount" => &["grid", "table", "treegrid"],
        "aria-colspan" | "aria-rowspan" => &["cell", "columnheader", "gridcell", "rowheader"],
        "aria-colindex" | "aria-rowindex" | "aria-colindextext" | "aria-rowindextext" => {
            &["cell", "columnheader", "gridcell", "row", "rowheader"]
        }
        "aria-posinset" | "aria-setsize" => &[
            "article",
            "listitem",
            "menuitem",
            "menuitemcheckbox",
            "menuitemradio",
            "option",
            "radio",
            "row",
            "tab",
            "treeitem",
            "comment",
        ],
        _ => return None,
    })
}

/// Roles on which `aria-label` and `aria-labelledby` are prohibited.
pub const NAME_PROHIBITED: &[&str] = &[
    "caption",
    "code",
    "deletion",
    "emphasis",
    "generic",
    "insertion",
    "paragraph",
    "presentation",
    "strong",
    "subscript",
    "superscript",
    "suggestion",
];
