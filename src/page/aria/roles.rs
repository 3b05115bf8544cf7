//! The role table of WAI-ARIA 1.2 (§5.4), with DPUB-ARIA 1.0, Graphics
//! ARIA and the WAI-ARIA 1.3 roles browsers ship: data only, read through
//! [`super::role`].

use super::Role;

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
