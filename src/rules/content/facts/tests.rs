use super::*;

#[test]
fn menus_headings_tables_dates_and_article_signals_are_taken() {
    let page = Page::from_html(
        "https://so.tinh.gov.vn/tin-tuc/bai-1.html",
        r#"<!doctype html><html lang="vi"><head><title>Bài</title>
<meta name="DC.title" content="Bài"><meta property="og:type" content="article">
<link rel="alternate" type="application/rss+xml" href="/rss"></head><body>
<header><img src="l.png" alt="Sở Kế hoạch và Đầu tư tỉnh Trà Vinh"><nav><a href="/lich-lam-viec">Lịch làm việc</a></nav>
<form action="/tim-kiem"><input name="q"></form></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức</a></div>
<main><h1>Hội nghị xúc tiến đầu tư</h1><span class="date">08:30 13/08/2019</span>
<p>Nội dung bài có <a href="/lich-lam-viec-moi">lịch làm việc</a> trong câu.</p>
<table><tr><th>Số/Ký hiệu</th><th>Ngày ban hành</th><th>Trích yếu</th></tr><tr><td>1</td><td>01/01/2018</td><td>x</td></tr></table>
<p>Nguồn: Báo Trà Vinh</p><a href="javascript:window.print()">In bài</a></main>
<footer>Cơ quan chủ quản: Sở KH&amp;ĐT. Điện thoại: 0294.3855.123. Ngày 01/01/2030</footer></body></html>"#,
    );
    let facts = extract(&page);
    assert_eq!(facts.lang.as_deref(), Some("vi"));
    assert_eq!(
        facts
            .links
            .iter()
            .map(|l| (l.text.as_str(), l.place))
            .collect::<Vec<_>>(),
        vec![
            ("Lịch làm việc", Place::Menu),
            ("Trang chủ", Place::Breadcrumb),
            ("Tin tức", Place::Breadcrumb),
            ("In bài", Place::Body),
        ]
    );
    assert_eq!(facts.breadcrumbs, vec!["Trang chủ", "Tin tức"]);
    assert_eq!(
        facts.tables,
        vec![vec!["Số/Ký hiệu", "Ngày ban hành", "Trích yếu"]]
    );
    assert_eq!(
        facts.dates,
        vec![
            NaiveDate::from_ymd_opt(2019, 8, 13).unwrap(),
            NaiveDate::from_ymd_opt(2018, 1, 1).unwrap()
        ]
    );
    assert!(facts.search_form && facts.feed && facts.print);
    assert!(facts.header_text.contains("Sở Kế hoạch và Đầu tư"));
    assert!(facts.footer_text.contains("Cơ quan chủ quản"));
    assert_eq!(facts.meta.get("dc.title").map(String::as_str), Some("Bài"));
    assert_eq!(facts.notes, vec!["Nguồn"]);
    let article = facts.article.unwrap();
    assert_eq!(article.headline, "Hội nghị xúc tiến đầu tư");
    assert_eq!(article.date, NaiveDate::from_ymd_opt(2019, 8, 13));
    assert_eq!(article.byline.as_deref(), Some("Nguồn: Báo Trà Vinh"));
}

#[test]
fn save_functions_are_found_in_the_content_not_in_menus() {
    let save = |body: &str| {
        let page = Page::from_html(
            "https://so.tinh.gov.vn/tin-tuc/bai.html",
            &format!("<!doctype html><html lang=\"vi\"><body>{body}</body></html>"),
        );
        extract(&page).save
    };
    for found in [
        "<main><a href=\"#\">Lưu tin</a></main>",
        "<main><a href=\"#\">LƯU BÀI VIẾT</a></main>",
        "<main><a href=\"#\">Luu bai viet</a></main>",
        "<main><a href=\"#\">Lưu</a></main>",
        "<main><a href=\"/a.docx\">Tải về (Word)</a></main>",
        "<main><a href=\"#\">Tai xuong</a></main>",
        "<main><a href=\"#\">Xuất PDF</a></main>",
        "<main><a href=\"#\">Save as PDF</a></main>",
        "<main><a href=\"#\">Download</a></main>",
        "<main><a href=\"/bai.pdf\" download>Bản in</a></main>",
        "<main><a href=\"/export-pdf?id=3\"><img src=\"p.png\" alt=\"\"></a></main>",
        "<main><a href=\"#\" title=\"Lưu tin\"><img src=\"l.png\" alt=\"\"></a></main>",
        "<main><button class=\"btn-save\">&#128190;</button></main>",
        "<main><button title=\"Lưu bài\">&#128190;</button></main>",
        "<aside class=\"sidebar\"><a href=\"#\">PDF</a></aside>",
    ] {
        assert!(save(found), "{found}");
    }
    for not_found in [
        "<main><a href=\"/luu-tru\">Lưu trữ</a></main>",
        "<main><a href=\"#\">Lưu ý khi tiếp dân</a></main>",
        "<main><p>Bạn có thể <a href=\"#\">lưu tin</a> này.</p></main>",
        "<nav><a href=\"/tai-ve\">Tải về</a></nav>",
        "<footer><a href=\"#\">Lưu</a></footer>",
        "<header><button class=\"save\">Lưu</button></header>",
        "<main><a href=\"#\">In bài</a></main>",
    ] {
        assert!(!save(not_found), "{not_found}");
    }
}

#[test]
fn hostile_pages_stay_bounded() {
    let mut html = String::from("<!doctype html><html><body><nav>");
    for i in 0..5_000 {
        html.push_str(&format!("<a href=\"/t{i}\">Tin tức {i}</a>"));
    }
    html.push_str("</nav>");
    for _ in 0..20_000 {
        html.push_str("<div>");
    }
    html.push_str(&"13/08/2019 sáp nhập ".repeat(50_000));
    html.push_str("<table>");
    for _ in 0..100 {
        html.push_str("<tr><th>a</th><td>b</td></tr>");
    }
    let page = Page::from_html("https://a.gov.vn/", &html);
    let facts = extract(&page);
    assert_eq!(facts.links.len(), MAX_LINKS);
    assert_eq!(
        facts.dates,
        vec![NaiveDate::from_ymd_opt(2019, 8, 13).unwrap()]
    );
    assert!(facts.notices.len() <= 3);
    assert!(facts.tables.len() <= MAX_TABLES);
    assert!(facts.notices.iter().all(|n| n.chars().count() <= 301));
}
