use super::*;

#[test]
fn hrefs_resolve_against_urls_and_relative_paths() {
    assert_eq!(
        resolve("site/tin-tuc/a.html", "../lich-lam-viec.html").as_deref(),
        Some("site/lich-lam-viec.html")
    );
    assert_eq!(
        resolve("/abs/site/index.html", "gioi-thieu.html#x").as_deref(),
        Some("/abs/site/gioi-thieu.html")
    );
    assert_eq!(
        resolve("https://a.gov.vn/x/", "/y").as_deref(),
        Some("https://a.gov.vn/y")
    );
    assert_eq!(
        resolve("site/index.html", "https://dichvucong.travinh.gov.vn/").as_deref(),
        Some("https://dichvucong.travinh.gov.vn/")
    );
}

fn site(root: &str, pages: &[(&str, Option<&str>)]) -> SiteData {
    SiteData {
        id: root.into(),
        root: root.into(),
        role: Some("portal".into()),
        pages: pages
            .iter()
            .map(|(url, refresh)| SitePage {
                url: (*url).into(),
                content: super::super::facts::PageFacts {
                    refresh: refresh.map(str::to_string),
                    ..Default::default()
                },
                ..Default::default()
            })
            .collect(),
        ..SiteData::default()
    }
}

#[test]
fn redirects_and_refreshes_to_another_host_are_moves() {
    let www = site(
        "https://www.travinh.gov.vn/",
        &[
            ("https://travinh.gov.vn/", None),
            ("https://skhdt.travinh.gov.vn/a", None),
        ],
    );
    assert_eq!(moved(&www), None);
    let redirected = site(
        "https://travinh.gov.vn/",
        &[("https://vinhlong.gov.vn/", None)],
    );
    assert_eq!(
        moved(&redirected).and_then(|m| m.target),
        Some("https://vinhlong.gov.vn/".into())
    );
    let refresh = site(
        "old/",
        &[("old/index.html", Some("https://vinhlong.gov.vn/"))],
    );
    assert_eq!(
        moved(&refresh).map(|m| m.url),
        Some("old/index.html".into())
    );
    let local = site("old/", &[("old/index.html", Some("moi.html"))]);
    assert_eq!(moved(&local), None);
}

#[test]
fn only_this_sites_link_slugs_count() {
    let ruleset = Ruleset::embedded().unwrap();
    let link = |href: &str| super::super::facts::Link {
        text: "Xem thêm".into(),
        href: href.into(),
        place: Place::Body,
    };
    let news_status = |href: &str| {
        let mut data = site(
            "https://so.tinh.gov.vn/",
            &[("https://so.tinh.gov.vn/", None)],
        );
        data.role = Some("so".into());
        data.pages[0].content.links = vec![link(href).into()];
        let as_of = NaiveDate::from_ymd_opt(2019, 8, 20).unwrap();
        let assessment = Assessment::with(&data, &ruleset, as_of, &[]);
        let news = assessment
            .checklist
            .items
            .iter()
            .find(|i| i.category == "news")
            .unwrap();
        (
            news.status,
            news.evidence.iter().map(|e| e.place).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        news_status("https://baotravinh.vn/tin-tuc/a"),
        (Status::Missing, vec![])
    );
    assert_eq!(
        news_status("/tin-tuc/a"),
        (Status::Present, vec![Where::LinkSlug])
    );
}

#[test]
fn slugs_are_taken_below_the_root() {
    assert_eq!(
        segments(
            "fixtures/sites/x",
            "fixtures/sites/x/lich-lam-viec/tuan-33.html"
        ),
        vec!["lich-lam-viec", "tuan-33"]
    );
    assert_eq!(
        segments("https://a.gov.vn", "https://b.gov.vn/tin-tuc/a.aspx?id=1"),
        vec!["tin-tuc", "a"]
    );
}
