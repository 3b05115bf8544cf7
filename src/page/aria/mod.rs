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

mod roles;

pub use roles::ROLES;

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
mod tests;
