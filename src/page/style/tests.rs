use super::sheets::specificity;
use super::*;

#[test]
fn cascade_follows_importance_origin_specificity_and_order() {
    let page = Page::from_html(
        "t",
        "<style>p:not(.z){color:red} #a{color:blue} .x{display:none!important} @media print{p{color:green}}</style>\
         <p id=a class=x style='display:block;color:black'>t</p><p>u</p><div style='visibility:hidden'><span>s</span></div>",
    );
    let ps: Vec<_> = page.by_tag("p").collect();
    assert_eq!(page.computed(ps[0], "color").as_deref(), Some("black"));
    assert_eq!(page.computed(ps[0], "display").as_deref(), Some("none"));
    assert_eq!(page.computed(ps[1], "color").as_deref(), Some("red"));
    let span = page.by_tag("span").next().unwrap();
    assert_eq!(page.computed(span, "visibility").as_deref(), Some("hidden"));
    assert_eq!(page.computed(span, "display"), None);
}

#[test]
fn colours() {
    assert_eq!(parse_color("#fff").map(|c| (c.r, c.a)), Some((255, 1.0)));
    assert_eq!(parse_color("rgb(0, 0, 0)").map(|c| c.g), Some(0));
    assert_eq!(parse_color("rgba(0,0,0,0.5)").map(|c| c.a), Some(0.5));
    assert_eq!(parse_color("navy").map(|c| c.b), Some(128));
    assert_eq!(parse_color("var(--x)"), None);
    let page = Page::from_html(
        "t",
        "<p style='color:rgba(0,0,0,0.4); background:url(a.png) #fff'>x</p>",
    );
    let p = page.by_tag("p").next().unwrap();
    assert_eq!(
        page.computed(p, "color").as_deref(),
        Some("rgba(0,0,0,0.4)")
    );
    assert_eq!(
        page.computed(p, "background-image").as_deref(),
        Some("url(a.png) #fff")
    );
}

#[test]
fn specificity_counts() {
    assert_eq!(specificity("#a .b p"), (1, 1, 1));
    assert_eq!(specificity("ul > li:first-child a[href]"), (0, 2, 3));
}

#[test]
fn moved_out_of_view_from_style_attributes_and_from_sheets() {
    let moved = |html: &str, ids: &[&str]| -> Vec<bool> {
        let page = Page::from_html("t", html);
        ids.iter()
            .map(|id| page.moves_out_of_view(page.by_id(id).next().unwrap()))
            .collect()
    };
    assert_eq!(
        moved(
            "<p id=a style='position:absolute;clip:rect(0 0 0 0)'>a</p>\
             <p id=b style='text-indent:-9999px'>b</p>\
             <p id=c style='position:absolute'>c</p><p id=d>d</p>",
            &["a", "b", "c", "d"]
        ),
        [true, true, false, false]
    );
    assert_eq!(
        moved(
            "<style>.sr{position:absolute;left:-10000px}</style>\
             <span id=a class=sr>a</span><span id=b style='margin-top:-600px'>b</span>\
             <span id=c>c</span>",
            &["a", "b", "c"]
        ),
        [true, true, false]
    );
}
