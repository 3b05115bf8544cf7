use super::*;

fn doc(kind: DocumentKind, number: &str) -> LegalDocument {
    LegalDocument {
        id: "x".into(),
        kind: Some(kind),
        number: number.into(),
        title: Localized {
            vi: "Luật Công nghệ thông tin".into(),
            en: "Law on Information Technology".into(),
        },
        issued: Some(IssueDate::Day(
            NaiveDate::from_ymd_opt(2019, 8, 13).unwrap(),
        )),
        issuer: Some(Localized {
            vi: "UBND tỉnh Trà Vinh".into(),
            en: "Trà Vinh People's Committee".into(),
        }),
        province: None,
        valid_from: NaiveDate::from_ymd_opt(2018, 6, 1).unwrap(),
        valid_to: None,
        confidence: Confidence::Verified,
        end_confidence: None,
        status_uncertain_from: None,
        strength: Strength::Mandatory,
        articles: Vec::new(),
        note: None,
    }
}

#[test]
fn citations_name_the_smallest_part_first_and_the_document_type() {
    let nd = LegalDocument {
        issuer: None,
        ..doc(DocumentKind::NghiDinh, "43/2011/NĐ-CP")
    };
    let c = nd.citation("Điều 10 khoản 1 điểm a");
    assert_eq!(c.vi, "điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP");
    assert_eq!(c.en, "Article 10(1)(a) of Decree 43/2011/NĐ-CP");
    assert_eq!(
        nd.citation("Điều 10 khoản 1 điểm đ, g").vi,
        "điểm đ, g khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP"
    );
    assert_eq!(
        nd.citation("Điều 17 (thường xuyên, chính xác)").vi,
        "Điều 17 Nghị định số 43/2011/NĐ-CP (thường xuyên, chính xác)"
    );
    assert_eq!(nd.citation("").vi, "Nghị định số 43/2011/NĐ-CP");
    let tt = LegalDocument {
        issuer: None,
        ..doc(DocumentKind::ThongTu, "39/2017/TT-BTTTT")
    };
    assert_eq!(
        tt.citation("Danh mục mục 3.14 (TCVN 6909:2001)").vi,
        "mục 3.14 Danh mục ban hành kèm theo Thông tư số 39/2017/TT-BTTTT (TCVN 6909:2001)"
    );
    assert_eq!(
        tt.citation("Danh mục mục 3.14").en,
        "List, item 3.14 of Circular 39/2017/TT-BTTTT"
    );
    let quy_che = doc(DocumentKind::QuyChe, "1526/QĐ-UBND");
    assert_eq!(
        quy_che.citation("Điều 9 khoản 3").vi,
        "khoản 3 Điều 9 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh"
    );
    let luat = doc(DocumentKind::Luat, "67/2006/QH11");
    assert_eq!(
        luat.citation("Điều 28 khoản 2 điểm đ").vi,
        "điểm đ khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11"
    );
    let wcag = doc(DocumentKind::Standard, "WCAG 2.0");
    assert_eq!(wcag.citation("SC 1.4.3").vi, "tiêu chí 1.4.3 WCAG 2.0");
    assert_eq!(
        wcag.citation("SC 1.4.3").en,
        "success criterion 1.4.3 of WCAG 2.0"
    );
}

#[test]
fn article_exceptions_cover_the_parts_below_them() {
    let mut tt = doc(DocumentKind::ThongTu, "32/2017/TT-BTTTT");
    tt.status_uncertain_from = NaiveDate::from_ymd_opt(2024, 4, 5);
    tt.articles = vec![
        ArticleStatus {
            article: "Điều 16".into(),
            valid_from: None,
            valid_to: NaiveDate::from_ymd_opt(2024, 4, 4),
            confidence: Some(Confidence::Secondary),
            status_uncertain_from: None,
            strength: None,
            note: None,
        },
        ArticleStatus {
            article: "Điều 18 khoản 2".into(),
            valid_from: None,
            valid_to: None,
            confidence: None,
            status_uncertain_from: None,
            strength: Some(Strength::Recommended),
            note: None,
        },
    ];
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let basis = |article: &str| LegalBasis {
        document: "x".into(),
        article: article.into(),
        confidence: None,
        strength: None,
        ids: Vec::new(),
    };
    // Điều 1 is not within Điều 16, nor Điều 16 within Điều 1.
    assert!(tt.article_status("Điều 1").is_none());
    assert!(resolve(&tt, &basis("Điều 16 khoản 2"), None, day(2024, 4, 5)).is_none());
    let before = resolve(&tt, &basis("Điều 16 khoản 2"), None, day(2024, 4, 4)).unwrap();
    assert_eq!(before.confidence, Confidence::Secondary);
    let kept = resolve(
        &tt,
        &basis("Điều 18 khoản 1 điểm c"),
        None,
        day(2026, 11, 28),
    )
    .unwrap();
    assert_eq!(
        (kept.strength, kept.confidence),
        (Strength::Mandatory, Confidence::Unverified)
    );
    let early = resolve(&tt, &basis("Điều 18 khoản 1 điểm c"), None, day(2019, 9, 1)).unwrap();
    assert_eq!(early.confidence, Confidence::Verified);
    let encouraged = resolve(&tt, &basis("Điều 18 khoản 2"), None, day(2019, 9, 1)).unwrap();
    assert_eq!(encouraged.strength, Strength::Recommended);
    assert_eq!(
        encouraged.label(Lang::Vi),
        "khoản 2 Điều 18 Thông tư số 32/2017/TT-BTTTT của UBND tỉnh Trà Vinh (khuyến nghị)"
    );
}

#[test]
fn issue_dates_may_be_a_year() {
    #[derive(Deserialize)]
    struct T {
        a: IssueDate,
        b: IssueDate,
    }
    let t: T = toml::from_str("a = 2019-08-13\nb = \"2001\"").unwrap();
    assert_eq!(t.a.display(), "13/8/2019");
    assert_eq!(t.b.display(), "2001");
    assert_eq!(serde_json::to_string(&t.a).unwrap(), "\"2019-08-13\"");
    assert!(toml::from_str::<T>("a = \"soon\"\nb = 2001").is_err());
}
