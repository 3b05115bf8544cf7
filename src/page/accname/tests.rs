use super::*;

fn name_of(html: &str, id: &str) -> String {
    let page = Page::from_html("t", html);
    let el = page.by_id(id).next().unwrap();
    page.accessible_name(el).to_string()
}

#[test]
fn names() {
    assert_eq!(
        name_of("<a id=x href=/>Xem <b>thêm</b></a>", "x"),
        "Xem thêm"
    );
    assert_eq!(
        name_of("<a id=x href=/><img src=a alt='Trang chủ'></a>", "x"),
        "Trang chủ"
    );
    assert_eq!(
        name_of("<label for=x>Họ tên</label><input id=x>", "x"),
        "Họ tên"
    );
    assert_eq!(name_of("<label>Email <input id=x></label>", "x"), "Email");
    assert_eq!(
        name_of(
            "<span id=l>Tìm</span><button id=x aria-labelledby=l>go</button>",
            "x"
        ),
        "Tìm"
    );
    assert_eq!(
        name_of("<button id=x><span hidden>a</span></button>", "x"),
        ""
    );
    assert_eq!(name_of("<input id=x type=submit>", "x"), "Submit");
    assert_eq!(name_of("<button id=x title=t></button>", "x"), "t");
    assert_eq!(name_of("<div id=x>text</div>", "x"), "");
}

#[test]
fn labels_are_named_like_nodes_without_their_control() {
    // The label's own aria-labelledby / aria-label come first.
    assert_eq!(
        name_of(
            "<span id=n>Số căn cước</span><label for=x aria-labelledby=n>CCCD</label><input id=x>",
            "x"
        ),
        "Số căn cước"
    );
    assert_eq!(
        name_of(
            "<label for=x aria-label='Thư điện tử'>✉</label><input id=x>",
            "x"
        ),
        "Thư điện tử"
    );
    // The control's own value is not its label; another control's is.
    assert_eq!(name_of("<label><input id=x value=abc></label>", "x"), "");
    assert_eq!(
        name_of(
            "<label>Gửi <select><option>3</option></select> bản <input id=x type=checkbox></label>",
            "x"
        ),
        ""
    );
    assert_eq!(
        name_of(
            "<input id=x type=checkbox><label for=x>Gửi <input value=3> bản</label>",
            "x"
        ),
        "Gửi 3 bản"
    );
    // A hidden label still names, with its hidden content; a visible
    // label's hidden parts do not count.
    assert_eq!(
        name_of(
            "<label for=x hidden>Tìm <span hidden>nhanh</span></label><input id=x>",
            "x"
        ),
        "Tìm nhanh"
    );
    assert_eq!(
        name_of(
            "<label>Nội dung <span hidden>(bắt buộc)</span><textarea id=x></textarea></label>",
            "x"
        ),
        "Nội dung"
    );
    // content-visibility: hidden skips the content.
    assert_eq!(
        name_of(
            "<button id=x><span style='content-visibility:hidden'>Ẩn</span>Hiện</button>",
            "x"
        ),
        "Hiện"
    );
}

#[test]
fn roles_and_hidden() {
    let page = Page::from_html(
        "t",
        "<img id=a alt=''><img id=b role=none tabindex=0><div aria-hidden=true><a id=c href=/>x</a></div><p style='display:none'><span id=d>x</span></p>",
    );
    let el = |id| page.by_id(id).next().unwrap();
    assert_eq!(page.role(el("a")).as_deref(), Some("presentation"));
    assert!(page.implicit_role(el("c")) == Some("link"));
    assert_eq!(page.role(el("b")).as_deref(), Some("img"));
    assert!(page.is_hidden(el("c")));
    assert!(page.is_focusable(el("c")));
    assert!(page.is_not_rendered(el("d")));
}

#[test]
fn inactive_components_and_their_texts() {
    let page = Page::from_html(
        "t",
        "<fieldset disabled><legend>L</legend><input id=a></fieldset>\
         <label id=l for=b>x</label><input id=b disabled>\
         <label id=w>y <input disabled></label>\
         <span id=d>mô tả</span><div id=c role=button aria-disabled=true aria-describedby=d>z</div>\
         <label id=e for=f>z</label><input id=f><p id=p>p</p>",
    );
    let inactive: Vec<bool> = ["a", "l", "b", "w", "d", "c", "e", "f", "p"]
        .iter()
        .map(|id| page.is_inactive(page.by_id(id).next().unwrap()))
        .collect();
    assert_eq!(
        inactive,
        [true, true, true, true, true, true, false, false, false]
    );
}
