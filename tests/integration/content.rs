//! Mandatory information: fixture sites (a provincial portal, a Sở KH&ĐT, a
//! Văn phòng UBND, a UBND huyện, a merged former portal) checked on two
//! reference dates that select different legal bases; the checklist and the
//! findings are exactly the expected ones.

use pretty_assertions::assert_eq;

use crate::support::cli::{root, run_for_report, run_in};

/// The rules that report on the checklist.
const CHECKLIST_RULES: &[&str] = &[
    "category-buried",
    "category-missing",
    "category-stale",
    "site-moved",
];
/// The rules on how information is published (articles, lists, functions, layout, domain).
const FORM_RULES: &[&str] = &[
    "article-metadata-missing",
    "domain-name-nonstandard",
    "dublin-core-metadata-missing",
    "english-items-missing",
    "footer-details-missing",
    "header-agency-name-missing",
    "item-fields-missing",
    "main-menu-items-missing",
    "site-function-missing",
    "xml-sitemap-malformed",
    "xml-sitemap-missing",
];

/// Runs `check` on a fixture site with the checklist rules only and returns the report.
fn check(site: &str, role: Option<&str>, as_of: &str, extra: &[&str]) -> serde_json::Value {
    check_with(CHECKLIST_RULES, site, role, as_of, extra)
}

/// Runs `check` on a fixture site with some rules and returns the report.
fn check_with(
    rules: &[&str],
    site: &str,
    role: Option<&str>,
    as_of: &str,
    extra: &[&str],
) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let path = format!("fixtures/sites/{site}");
    let mut args = vec![
        "check",
        path.as_str(),
        "--fail-on",
        "never",
        "--as-of",
        as_of,
        "--out",
        out.path().to_str().unwrap(),
        "-q",
    ];
    for rule in rules {
        args.extend(["--rule", rule]);
    }
    if let Some(role) = role {
        args.extend(["--role", role]);
    }
    args.extend(extra);
    run_for_report(&root(), &args, out.path())
}

/// One line per checklist item: `category status where:text [newest]`,
/// with the first evidence of present and stale items.
fn checklist(report: &serde_json::Value) -> Vec<String> {
    let list = &report["sites"][0]["checklist"];
    let mut lines = vec![format!(
        "profiles: {}",
        list["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect::<Vec<_>>()
            .join(", ")
    )];
    for item in list["items"].as_array().unwrap() {
        let mut line = format!(
            "{} {}",
            item["category"].as_str().unwrap(),
            item["status"].as_str().unwrap()
        );
        if let Some(first) = item["evidence"].as_array().unwrap().first() {
            line.push_str(&format!(
                " {}:{}",
                first["where"].as_str().unwrap(),
                first["text"].as_str().unwrap()
            ));
        }
        if let Some(date) = item["newest_date"].as_str() {
            line.push_str(&format!(" [{date}]"));
        }
        lines.push(line);
    }
    lines
}

/// One line per content finding: `rule id-or-target url | basis`, opened
/// with `? ` when a person must judge it (`cant_tell`).
fn findings(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let args = &f["args"];
            let review = if f["outcome"] == "cant_tell" {
                "? "
            } else {
                ""
            };
            format!(
                "{review}{} {} {} | {}",
                f["rule"].as_str().unwrap(),
                args["id"]
                    .as_str()
                    .or(args["target"].as_str())
                    .unwrap_or_default(),
                f["url"].as_str().unwrap(),
                args["basis"].as_str().unwrap_or_default()
            )
            .trim_end()
            .to_string()
        })
        .collect()
}

/// Asserts the checklist and the findings of a report, each given one item a line.
fn expect(report: serde_json::Value, want_checklist: &str, want_findings: &str) {
    assert_eq!(checklist(&report), lines(want_checklist));
    assert_eq!(findings(&report), lines(want_findings));
}

/// One line per finding: `rule url | name=value; …` (all values, sorted by name).
fn findings_with_values(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let values: Vec<String> = f["args"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap()))
                .collect();
            format!(
                "{} {} | {}",
                f["rule"].as_str().unwrap(),
                f["url"].as_str().unwrap(),
                values.join("; ")
            )
        })
        .collect()
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn provincial_portal_in_2019_under_decree_43() {
    expect(
        check("content-portal", Some("portal"), "2019-08-20", &[]),
        "
        profiles: nd-43-2011, luat-cntt-2006, luat-tctt-2016
        introduction present menu:GIỚI THIỆU
        leaders present menu:Lãnh đạo tỉnh
        news present menu:TIN TỨC - SỰ KIỆN [2019-08-15]
        direction present menu:CHỈ ĐẠO ĐIỀU HÀNH
        work-schedule present menu:Lịch công tác [2019-08-25]
        commendation missing
        petition-responses missing
        law-dissemination present sidebar:Phổ biến giáo dục pháp luật
        strategy-plans present sidebar:Quy hoạch - Kế hoạch
        investment-promotion present sidebar:Cơ hội đầu tư
        legal-documents present menu:VĂN BẢN
        gazette present menu:CÔNG BÁO
        projects-procurement present sidebar:Đấu thầu - Mua sắm công
        draft-comments present sidebar:Lấy ý kiến dự thảo văn bản
        official-contacts present sidebar:Danh bạ điện thoại
        portal-contacts present footer_text:Cổng thông tin điện tử tỉnh Trà Vinh. Cơ quan chủ quản: Ủy ban nhân dân tỉnh Trà Vinh. Chịu trách nhiệm chính: Giám đốc Sở Thông tin và Truyền thông. Địa chỉ: s…
        science-programmes missing
        statistics missing
        english present slug:en
        public-services present menu:DỊCH VỤ CÔNG
        financial-report missing
        boundary-maps present menu:Bản đồ hành chính
        natural-conditions present menu:Điều kiện tự nhiên
        qa-feedback present menu:HỎI ĐÁP
        information-access missing
        waste-sources present sidebar:Danh sách nguồn thải
        polluted-areas missing
        urban-planning present sidebar:Quy hoạch xây dựng
        treaties missing
        ",
        "
        category-missing commendation fixtures/sites/content-portal | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing petition-responses fixtures/sites/content-portal | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing science-programmes fixtures/sites/content-portal | Điều 11 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing statistics fixtures/sites/content-portal | Điều 12 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing financial-report fixtures/sites/content-portal | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing information-access fixtures/sites/content-portal | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing polluted-areas fixtures/sites/content-portal | điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        ? category-missing treaties fixtures/sites/content-portal | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ",
    );
}

#[test]
fn provincial_portal_in_2026_under_decree_224() {
    expect(
        check("content-portal", Some("portal"), "2026-09-01", &[]),
        "
        profiles: luat-tctt-2016, nd-224-2026
        introduction present menu:GIỚI THIỆU
        leaders present menu:Lãnh đạo tỉnh
        law-dissemination present sidebar:Phổ biến giáo dục pháp luật
        strategy-plans present sidebar:Quy hoạch - Kế hoạch
        legal-documents present menu:VĂN BẢN
        projects-procurement present sidebar:Đấu thầu - Mua sắm công
        portal-contacts present footer_text:Cổng thông tin điện tử tỉnh Trà Vinh. Cơ quan chủ quản: Ủy ban nhân dân tỉnh Trà Vinh. Chịu trách nhiệm chính: Giám đốc Sở Thông tin và Truyền thông. Địa chỉ: s…
        science-programmes missing
        statistics missing
        public-services present menu:DỊCH VỤ CÔNG
        financial-report missing
        boundary-maps present menu:Bản đồ hành chính
        natural-conditions present menu:Điều kiện tự nhiên
        information-access missing
        service-quality missing
        treaties missing
        ",
        "
        ? category-missing science-programmes fixtures/sites/content-portal | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing statistics fixtures/sites/content-portal | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing financial-report fixtures/sites/content-portal | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing information-access fixtures/sites/content-portal | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing service-quality fixtures/sites/content-portal | khoản 2 Điều 34 Luật Chuyển đổi số số 148/2025/QH15 (bắt buộc); điểm b khoản 3 Điều 10 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        ? category-missing treaties fixtures/sites/content-portal | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ",
    );
}

#[test]
fn so_khdt_with_the_tra_vinh_profile_in_2019() {
    expect(
        check("content-so-khdt",
        Some("so-khdt"),
        "2019-08-20",
        &["--profile", "qd-1526-2019-travinh"]),
        "
        profiles: nd-43-2011, luat-cntt-2006, luat-tctt-2016, qd-1526-2019-travinh
        introduction present menu:Giới thiệu
        leaders present menu:Lãnh đạo Sở
        news stale menu:Tin tức & Sự kiện [2019-06-10]
        direction missing
        work-schedule missing
        commendation missing
        petition-responses missing
        law-dissemination missing
        strategy-plans present menu:Quy hoạch
        legal-documents present menu:Văn bản
        projects-procurement present title:Dự án đầu tư
        draft-comments missing
        official-contacts missing
        portal-contacts present menu:Liên hệ
        science-programmes missing
        statistics missing
        public-services present menu:Thủ tục hành chính
        financial-report missing
        qa-feedback present menu:Hỏi - Đáp
        information-access missing
        treaties missing
        ",
        "
        category-missing direction fixtures/sites/content-so-khdt | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing work-schedule fixtures/sites/content-so-khdt | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing commendation fixtures/sites/content-so-khdt | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing petition-responses fixtures/sites/content-so-khdt | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing law-dissemination fixtures/sites/content-so-khdt | điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm d khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); điểm b khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing draft-comments fixtures/sites/content-so-khdt | điểm i khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm i khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing official-contacts fixtures/sites/content-so-khdt | điểm k khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm đ khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm k khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        ? category-missing science-programmes fixtures/sites/content-so-khdt | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing statistics fixtures/sites/content-so-khdt | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing financial-report fixtures/sites/content-so-khdt | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing information-access fixtures/sites/content-so-khdt | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing treaties fixtures/sites/content-so-khdt | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-stale news fixtures/sites/content-so-khdt/tin-tuc-su-kien.html | Điều 17 Nghị định số 43/2011/NĐ-CP (điểm a, b, c, k, l: thường xuyên, chính xác) (bắt buộc); điểm d khoản 1 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); Điều 19 Thông tư số 32/2017/TT-BTTTT (bắt buộc); điểm a khoản 1 Điều 11 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (bắt buộc)
        ",
    );
}

#[test]
fn so_khdt_with_the_tra_vinh_profile_in_2026() {
    expect(
        check("content-so-khdt",
        Some("so-khdt"),
        "2026-09-01",
        &["--profile", "qd-1526-2019-travinh"]),
        "
        profiles: luat-tctt-2016, nd-224-2026, qd-1526-2019-travinh
        introduction present menu:Giới thiệu
        leaders present menu:Lãnh đạo Sở
        news stale menu:Tin tức & Sự kiện [2019-06-10]
        direction missing
        work-schedule missing
        commendation missing
        petition-responses missing
        law-dissemination missing
        strategy-plans present menu:Quy hoạch
        legal-documents present menu:Văn bản
        projects-procurement present title:Dự án đầu tư
        draft-comments missing
        official-contacts missing
        portal-contacts present menu:Liên hệ
        science-programmes missing
        statistics missing
        public-services present menu:Thủ tục hành chính
        financial-report missing
        qa-feedback present menu:Hỏi - Đáp
        information-access missing
        service-quality missing
        treaties missing
        ",
        "
        category-missing direction fixtures/sites/content-so-khdt | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing work-schedule fixtures/sites/content-so-khdt | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing commendation fixtures/sites/content-so-khdt | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing petition-responses fixtures/sites/content-so-khdt | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing law-dissemination fixtures/sites/content-so-khdt | điểm b khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing draft-comments fixtures/sites/content-so-khdt | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm i khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing official-contacts fixtures/sites/content-so-khdt | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm k khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        ? category-missing science-programmes fixtures/sites/content-so-khdt | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing statistics fixtures/sites/content-so-khdt | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing financial-report fixtures/sites/content-so-khdt | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing information-access fixtures/sites/content-so-khdt | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing service-quality fixtures/sites/content-so-khdt | khoản 2 Điều 34 Luật Chuyển đổi số số 148/2025/QH15 (bắt buộc); điểm b khoản 3 Điều 10 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        ? category-missing treaties fixtures/sites/content-so-khdt | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-stale news fixtures/sites/content-so-khdt/tin-tuc-su-kien.html | Điều 19 Thông tư số 32/2017/TT-BTTTT (bắt buộc; chưa xác minh); khoản 3 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc); điểm a khoản 1 Điều 11 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (bắt buộc; chưa xác minh)
        ",
    );
}

#[test]
fn van_phong_ubnd_schedule_of_a_past_week_is_stale_in_2019() {
    expect(
        check("content-vpubnd",
        Some("vpubnd"),
        "2019-08-20",
        &["--profile", "qd-1526-2019-travinh"]),
        "
        profiles: nd-43-2011, luat-cntt-2006, luat-tctt-2016, qd-1526-2019-travinh
        introduction present menu:Giới thiệu
        leaders present menu:Lãnh đạo UBND tỉnh
        news present menu:Tin tức - Sự kiện [2019-08-16]
        direction present menu:Chỉ đạo - Điều hành
        work-schedule stale menu:Lịch làm việc [2019-08-18]
        commendation present menu:Thi đua - Khen thưởng
        petition-responses missing
        law-dissemination missing
        strategy-plans missing
        legal-documents present menu:Văn bản
        projects-procurement missing
        draft-comments missing
        official-contacts missing
        portal-contacts present footer_text:Văn phòng UBND tỉnh Trà Vinh. Địa chỉ: số 1 Lê Lợi, Phường 1. Điện thoại: 0294.3862.345. Email: vpubnd@travinh.gov.vn
        science-programmes missing
        statistics missing
        public-services missing
        financial-report missing
        qa-feedback missing
        information-access missing
        treaties missing
        ",
        "
        category-missing petition-responses fixtures/sites/content-vpubnd | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing law-dissemination fixtures/sites/content-vpubnd | điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm d khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); điểm b khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing strategy-plans fixtures/sites/content-vpubnd | điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm c khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing projects-procurement fixtures/sites/content-vpubnd | điểm h khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm e khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); điểm d khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm h khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing draft-comments fixtures/sites/content-vpubnd | điểm i khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm i khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing official-contacts fixtures/sites/content-vpubnd | điểm k khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm đ khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm k khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        ? category-missing science-programmes fixtures/sites/content-vpubnd | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing statistics fixtures/sites/content-vpubnd | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing public-services fixtures/sites/content-vpubnd | Điều 18 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm c khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); điểm g khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu Điều 18 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        ? category-missing financial-report fixtures/sites/content-vpubnd | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing qa-feedback fixtures/sites/content-vpubnd | khoản 2 Điều 15 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm h khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu khoản 2 Điều 15 Nghị định số 43/2011/NĐ-CP) (bắt buộc)
        category-missing information-access fixtures/sites/content-vpubnd | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing treaties fixtures/sites/content-vpubnd | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-stale work-schedule fixtures/sites/content-vpubnd/lich-lam-viec/tuan-33.html | Điều 17 Nghị định số 43/2011/NĐ-CP (điểm a, b, c, k, l: thường xuyên, chính xác) (bắt buộc); điểm d khoản 1 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); Điều 19 Thông tư số 32/2017/TT-BTTTT (bắt buộc); điểm a khoản 1 Điều 11 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (bắt buộc)
        ",
    );
}

#[test]
fn van_phong_ubnd_in_2026_cites_only_the_bases_in_force() {
    expect(
        check("content-vpubnd",
        Some("vpubnd"),
        "2026-09-01",
        &["--profile", "qd-1526-2019-travinh"]),
        "
        profiles: luat-tctt-2016, nd-224-2026, qd-1526-2019-travinh
        introduction present menu:Giới thiệu
        leaders present menu:Lãnh đạo UBND tỉnh
        news stale menu:Tin tức - Sự kiện [2019-08-30]
        direction present menu:Chỉ đạo - Điều hành
        work-schedule stale menu:Lịch làm việc [2019-08-18]
        commendation present menu:Thi đua - Khen thưởng
        petition-responses missing
        law-dissemination missing
        strategy-plans missing
        legal-documents present menu:Văn bản
        projects-procurement missing
        draft-comments missing
        official-contacts missing
        portal-contacts present footer_text:Văn phòng UBND tỉnh Trà Vinh. Địa chỉ: số 1 Lê Lợi, Phường 1. Điện thoại: 0294.3862.345. Email: vpubnd@travinh.gov.vn
        science-programmes missing
        statistics missing
        public-services missing
        financial-report missing
        qa-feedback missing
        information-access missing
        service-quality missing
        treaties missing
        ",
        "
        category-missing petition-responses fixtures/sites/content-vpubnd | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing law-dissemination fixtures/sites/content-vpubnd | điểm b khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing strategy-plans fixtures/sites/content-vpubnd | điểm c khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing projects-procurement fixtures/sites/content-vpubnd | điểm d khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm h khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing draft-comments fixtures/sites/content-vpubnd | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm i khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing official-contacts fixtures/sites/content-vpubnd | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm k khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        ? category-missing science-programmes fixtures/sites/content-vpubnd | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing statistics fixtures/sites/content-vpubnd | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing public-services fixtures/sites/content-vpubnd | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); điểm a khoản 1 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc); khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu Điều 18 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        ? category-missing financial-report fixtures/sites/content-vpubnd | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing qa-feedback fixtures/sites/content-vpubnd | khoản 3 Điều 16 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu khoản 2 Điều 15 Nghị định số 43/2011/NĐ-CP) (bắt buộc; chưa xác minh)
        category-missing information-access fixtures/sites/content-vpubnd | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing service-quality fixtures/sites/content-vpubnd | khoản 2 Điều 34 Luật Chuyển đổi số số 148/2025/QH15 (bắt buộc); điểm b khoản 3 Điều 10 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        ? category-missing treaties fixtures/sites/content-vpubnd | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-stale work-schedule fixtures/sites/content-vpubnd/lich-lam-viec/tuan-33.html | Điều 19 Thông tư số 32/2017/TT-BTTTT (bắt buộc; chưa xác minh); khoản 3 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc); điểm a khoản 1 Điều 11 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (bắt buộc; chưa xác minh)
        category-stale news fixtures/sites/content-vpubnd/tin-tuc/tiep-dan.html | Điều 19 Thông tư số 32/2017/TT-BTTTT (bắt buộc; chưa xác minh); khoản 3 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc); điểm a khoản 1 Điều 11 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (bắt buộc; chưa xác minh)
        ",
    );
}

#[test]
fn ubnd_huyen_in_2019() {
    expect(
        check("content-ubnd-huyen", Some("ubnd-huyen"), "2019-08-20", &[]),
        "
        profiles: nd-43-2011, luat-cntt-2006, luat-tctt-2016
        introduction present menu:giới thiệu chung
        leaders missing
        news present menu:tin tức, sự kiện [2019-08-05]
        direction present menu:văn bản chỉ đạo, điều hành
        work-schedule stale title:Lịch công tác tuần 32 - UBND huyện Cầu Ngang [2019-08-11]
        commendation missing
        petition-responses missing
        law-dissemination missing
        strategy-plans missing
        investment-promotion missing
        legal-documents present menu:văn bản chỉ đạo, điều hành
        projects-procurement missing
        draft-comments missing
        official-contacts missing
        portal-contacts present menu:liên hệ
        science-programmes missing
        statistics missing
        public-services present menu:dịch vụ công trực tuyến
        financial-report missing
        boundary-maps missing
        natural-conditions missing
        qa-feedback missing
        information-access missing
        waste-sources missing
        polluted-areas missing
        urban-planning missing
        treaties missing
        ",
        "
        category-missing leaders fixtures/sites/content-ubnd-huyen | điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing commendation fixtures/sites/content-ubnd-huyen | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing petition-responses fixtures/sites/content-ubnd-huyen | điểm c khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing law-dissemination fixtures/sites/content-ubnd-huyen | điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm d khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); điểm b khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing strategy-plans fixtures/sites/content-ubnd-huyen | điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm c khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing investment-promotion fixtures/sites/content-ubnd-huyen | điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing projects-procurement fixtures/sites/content-ubnd-huyen | điểm h khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm e khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); điểm d khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing draft-comments fixtures/sites/content-ubnd-huyen | điểm i khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing official-contacts fixtures/sites/content-ubnd-huyen | điểm k khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm đ khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc)
        ? category-missing science-programmes fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing statistics fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing financial-report fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing boundary-maps fixtures/sites/content-ubnd-huyen | điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing natural-conditions fixtures/sites/content-ubnd-huyen | điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing qa-feedback fixtures/sites/content-ubnd-huyen | khoản 2 Điều 15 Nghị định số 43/2011/NĐ-CP (bắt buộc); điểm h khoản 2 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc)
        category-missing information-access fixtures/sites/content-ubnd-huyen | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing waste-sources fixtures/sites/content-ubnd-huyen | điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing polluted-areas fixtures/sites/content-ubnd-huyen | điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        category-missing urban-planning fixtures/sites/content-ubnd-huyen | điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)
        ? category-missing treaties fixtures/sites/content-ubnd-huyen | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-buried work-schedule fixtures/sites/content-ubnd-huyen/lich-cong-tac.html |
        category-stale work-schedule fixtures/sites/content-ubnd-huyen/lich-cong-tac.html | Điều 17 Nghị định số 43/2011/NĐ-CP (điểm a, b, c, k, l: thường xuyên, chính xác) (bắt buộc); điểm d khoản 1 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11 (bắt buộc); Điều 19 Thông tư số 32/2017/TT-BTTTT (bắt buộc)
        ",
    );
}

#[test]
fn ubnd_huyen_in_2026() {
    expect(
        check("content-ubnd-huyen", Some("ubnd-huyen"), "2026-09-01", &[]),
        "
        profiles: luat-tctt-2016, nd-224-2026
        introduction present menu:giới thiệu chung
        law-dissemination missing
        strategy-plans missing
        legal-documents present menu:văn bản chỉ đạo, điều hành
        projects-procurement missing
        portal-contacts present menu:liên hệ
        science-programmes missing
        statistics missing
        public-services present menu:dịch vụ công trực tuyến
        financial-report missing
        information-access missing
        service-quality missing
        treaties missing
        ",
        "
        category-missing law-dissemination fixtures/sites/content-ubnd-huyen | điểm b khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing strategy-plans fixtures/sites/content-ubnd-huyen | điểm c khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing projects-procurement fixtures/sites/content-ubnd-huyen | điểm d khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing science-programmes fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing statistics fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing financial-report fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing information-access fixtures/sites/content-ubnd-huyen | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing service-quality fixtures/sites/content-ubnd-huyen | khoản 2 Điều 34 Luật Chuyển đổi số số 148/2025/QH15 (bắt buộc); điểm b khoản 3 Điều 10 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        ? category-missing treaties fixtures/sites/content-ubnd-huyen | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ",
    );
}

#[test]
fn a_merged_portal_is_reported_as_moved_and_not_judged() {
    expect(
        check("content-moved", Some("portal"), "2026-09-01", &[]),
        "
        profiles: luat-tctt-2016, nd-224-2026
        introduction not_assessed
        leaders not_assessed
        law-dissemination not_assessed
        strategy-plans not_assessed
        legal-documents not_assessed
        projects-procurement not_assessed
        portal-contacts not_assessed
        science-programmes not_assessed
        statistics not_assessed
        public-services not_assessed
        financial-report not_assessed
        boundary-maps not_assessed
        natural-conditions not_assessed
        information-access not_assessed
        service-quality not_assessed
        treaties not_assessed
        ",
        "
        ? site-moved vinhlong.gov.vn fixtures/sites/content-moved/index.html |
        ",
    );
}

#[test]
fn a_news_sentence_that_mentions_a_schedule_does_not_make_it_present() {
    // The Văn phòng UBND article asks agencies to "công khai lịch tiếp công
    // dân" and to arrange "lịch làm việc": neither sentence is a section.
    // (Judged as the provincial portal: the Quy chế makes the portal carry
    // the citizen-reception schedule the Văn phòng UBND supplies.)
    let report = check(
        "content-vpubnd",
        Some("portal"),
        "2019-08-20",
        &["--profile", "qd-1526-2019-travinh"],
    );
    let items = report["sites"][0]["checklist"]["items"].as_array().unwrap();
    let item = |id: &str| items.iter().find(|i| i["category"] == id).unwrap();
    assert_eq!(item("citizen-reception")["status"], "missing");
    assert_eq!(item("citizen-reception")["suppliers"][0]["role"], "vpubnd");
    let schedule_pages: Vec<&str> = item("work-schedule")["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["url"].as_str().unwrap())
        .collect();
    assert!(
        !schedule_pages.iter().any(|u| u.contains("tiep-dan")),
        "{schedule_pages:?}"
    );
}

#[test]
fn without_a_role_nothing_is_required() {
    let report = check("content-portal", None, "2019-08-20", &[]);
    assert_eq!(
        report["sites"][0]["checklist"]["items"],
        serde_json::json!([])
    );
    assert_eq!(findings(&report), Vec::<String>::new());
    assert_eq!(
        report["sites"][0]["outcomes"]["category-missing"],
        "inapplicable"
    );
}

#[test]
fn a_user_profile_for_another_province_is_loaded_from_a_file() {
    let report = check(
        "content-ubnd-huyen",
        Some("ubnd-xa"),
        "2026-09-01",
        &[
            "--ruleset",
            "fixtures/sites/content-user-profile/legal.toml",
            "--profile",
            "fixtures/sites/content-user-profile/vinh-long.toml",
        ],
    );
    let want_findings = lines(
        "
        category-missing leaders fixtures/sites/content-ubnd-huyen | điểm c khoản 1 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        category-missing citizen-reception fixtures/sites/content-ubnd-huyen | khoản 2 Điều 8 Quy chế ban hành kèm theo Quyết định số 100/QĐ-UBND ngày 15/7/2026 của UBND tỉnh Vĩnh Long (bắt buộc; chưa xác minh)
        category-missing law-dissemination fixtures/sites/content-ubnd-huyen | điểm b khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing strategy-plans fixtures/sites/content-ubnd-huyen | điểm c khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing projects-procurement fixtures/sites/content-ubnd-huyen | điểm d khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing science-programmes fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing statistics fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing financial-report fixtures/sites/content-ubnd-huyen | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing boundary-maps fixtures/sites/content-ubnd-huyen | điểm c khoản 1 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        category-missing natural-conditions fixtures/sites/content-ubnd-huyen | điểm c khoản 1 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        category-missing information-access fixtures/sites/content-ubnd-huyen | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-missing service-quality fixtures/sites/content-ubnd-huyen | khoản 2 Điều 34 Luật Chuyển đổi số số 148/2025/QH15 (bắt buộc); điểm b khoản 3 Điều 10 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        ? category-missing treaties fixtures/sites/content-ubnd-huyen | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        category-stale work-schedule fixtures/sites/content-ubnd-huyen/lich-cong-tac.html | Điều 19 Thông tư số 32/2017/TT-BTTTT (bắt buộc; chưa xác minh); khoản 3 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        category-stale news fixtures/sites/content-ubnd-huyen/tin-tuc.html | Điều 19 Thông tư số 32/2017/TT-BTTTT (bắt buộc; chưa xác minh); khoản 3 Điều 9 Nghị định số 224/2026/NĐ-CP (bắt buộc)
        ",
    );
    assert_eq!(findings(&report), want_findings);
    assert_eq!(
        report["sites"][0]["checklist"]["profiles"],
        serde_json::json!(["luat-tctt-2016", "nd-224-2026", "qd-100-2026-vinhlong"])
    );
}

#[test]
fn an_unknown_role_or_profile_is_a_usage_error() {
    for args in [
        &["check", "fixtures/sites/content-portal", "--role", "so-xyz"][..],
        &[
            "check",
            "fixtures/sites/content-portal",
            "--profile",
            "no-such-profile",
        ],
        &[
            "check",
            "fixtures/sites/content-portal",
            "--profile",
            "fixtures/sites/content-user-profile/unknown-category.toml",
        ],
    ] {
        let output = run_in(&root(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            !String::from_utf8_lossy(&output.stderr).trim().is_empty(),
            "{args:?}: the reason is printed"
        );
    }
}

#[test]
fn categories_roles_and_profiles_are_consistent() {
    use std::collections::BTreeSet;
    use unicode_normalization::UnicodeNormalization;

    let ruleset = portal_audit::ruleset::Ruleset::embedded().unwrap();
    let catalog = &ruleset.content;
    let kebab = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let nfc = |text: &str| text.nfc().collect::<String>() == text;
    let mut ids = BTreeSet::new();
    for category in &catalog.categories {
        assert!(kebab(&category.id), "{}", category.id);
        assert!(ids.insert(category.id.as_str()), "{} twice", category.id);
        assert!(!category.terms.is_empty(), "{}: no terms", category.id);
        for text in category.terms.iter().chain([&category.name.vi]) {
            assert!(nfc(text), "{}: `{text}` is not NFC", category.id);
        }
        assert!(!category.name.en.trim().is_empty(), "{}", category.id);
    }
    let mut used_categories = BTreeSet::new();
    let mut used_roles = BTreeSet::new();
    for profile in &catalog.profiles {
        assert!(kebab(&profile.profile.id), "{}", profile.profile.id);
        for req in &profile.require {
            assert!(
                req.article.starts_with("Điều ") && nfc(&req.article),
                "{}: article `{}`",
                profile.profile.id,
                req.article
            );
            used_categories.insert(req.category.as_str());
            used_roles.extend(req.roles.iter().map(String::as_str));
        }
    }
    let unused: Vec<&str> = ids.difference(&used_categories).copied().collect();
    assert_eq!(unused, Vec::<&str>::new(), "categories no profile requires");
    for role in &catalog.roles {
        assert!(kebab(&role.id), "{}", role.id);
        let closure = catalog.role_closure(&role.id);
        assert!(
            closure.iter().any(|r| used_roles.contains(r.as_str())),
            "role {} is required nothing by any profile",
            role.id
        );
    }
    // The provincial profile is not applied unless asked for.
    let default: Vec<&str> = catalog
        .profiles
        .iter()
        .filter(|p| p.profile.default)
        .map(|p| p.profile.id.as_str())
        .collect();
    assert_eq!(
        default,
        vec![
            "nd-43-2011",
            "luat-cntt-2006",
            "luat-tctt-2016",
            "nd-42-2022",
            "nd-224-2026"
        ]
    );
}

#[test]
fn provincial_portal_in_2023_under_decree_42() {
    expect(
        check("content-portal", Some("portal"), "2023-06-01", &[]),
        "
        profiles: luat-cntt-2006, luat-tctt-2016, nd-42-2022
        introduction present menu:GIỚI THIỆU
        leaders not_assessed menu:Lãnh đạo tỉnh
        news not_assessed menu:TIN TỨC - SỰ KIỆN [2019-08-15]
        direction not_assessed menu:CHỈ ĐẠO ĐIỀU HÀNH
        work-schedule not_assessed menu:Lịch công tác [2019-08-25]
        commendation not_assessed
        petition-responses not_assessed
        law-dissemination present sidebar:Phổ biến giáo dục pháp luật
        strategy-plans present sidebar:Quy hoạch - Kế hoạch
        investment-promotion not_assessed sidebar:Cơ hội đầu tư
        legal-documents present menu:VĂN BẢN
        gazette not_assessed menu:CÔNG BÁO
        projects-procurement present sidebar:Đấu thầu - Mua sắm công
        draft-comments not_assessed sidebar:Lấy ý kiến dự thảo văn bản
        official-contacts present sidebar:Danh bạ điện thoại
        portal-contacts present footer_text:Cổng thông tin điện tử tỉnh Trà Vinh. Cơ quan chủ quản: Ủy ban nhân dân tỉnh Trà Vinh. Chịu trách nhiệm chính: Giám đốc Sở Thông tin và Truyền thông. Địa chỉ: s…
        science-programmes missing
        statistics missing
        english present slug:en
        public-services present menu:DỊCH VỤ CÔNG
        financial-report missing
        boundary-maps not_assessed menu:Bản đồ hành chính
        natural-conditions not_assessed menu:Điều kiện tự nhiên
        qa-feedback present menu:HỎI ĐÁP
        information-access missing
        treaties missing
        national-legal-database missing
        ",
        "
        ? category-missing science-programmes fixtures/sites/content-portal | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 1 Điều 4 Nghị định số 42/2022/NĐ-CP (bắt buộc; theo nguồn thứ cấp)
        ? category-missing statistics fixtures/sites/content-portal | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 1 Điều 4 Nghị định số 42/2022/NĐ-CP (bắt buộc; theo nguồn thứ cấp)
        ? category-missing financial-report fixtures/sites/content-portal | điểm e khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 1 Điều 4 Nghị định số 42/2022/NĐ-CP (bắt buộc; theo nguồn thứ cấp)
        category-missing information-access fixtures/sites/content-portal | điểm đ, g khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc)
        ? category-missing treaties fixtures/sites/content-portal | điểm a khoản 1 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13 (bắt buộc); khoản 1 Điều 4 Nghị định số 42/2022/NĐ-CP (điều ước quốc tế, thỏa thuận quốc tế) (bắt buộc; theo nguồn thứ cấp)
        ? category-missing national-legal-database fixtures/sites/content-portal | khoản 1 Điều 4 Nghị định số 42/2022/NĐ-CP (văn bản quy phạm pháp luật đồng bộ với Cơ sở dữ liệu quốc gia về văn bản pháp luật hoặc Công báo) (bắt buộc; theo nguồn thứ cấp)
        ",
    );
}

#[test]
fn portal_functions_layout_and_lists_in_2019() {
    let report = check_with(
        FORM_RULES,
        "content-portal",
        Some("portal"),
        "2019-08-20",
        &[],
    );
    assert_eq!(
        findings_with_values(&report),
        lines(
            "
            site-function-missing fixtures/sites/content-portal | function=chức năng in bài viết (print articles): fixtures/sites/content-portal/tin-tuc/hoi-nghi-xuc-tien-dau-tu.html; id=print
            english-items-missing fixtures/sites/content-portal/en/index.html | id=contacts; missing=liên hệ cán bộ (contacts of officials)
            english-items-missing fixtures/sites/content-portal/en/index.html | id=services; missing=dịch vụ công (online public services)
            dublin-core-metadata-missing fixtures/sites/content-portal/index.html | missing=DC.creator, DC.date, DC.publisher, DC.identifier
            main-menu-items-missing fixtures/sites/content-portal/index.html | missing=Sơ đồ cổng
            item-fields-missing fixtures/sites/content-portal/van-ban.html | category=Hệ thống văn bản quy phạm pháp luật và văn bản quản lý hành chính; id=legal-documents; missing=hình thức, thẩm quyền ban hành, ngày hiệu lực
            ",
        )
    );
    assert_eq!(
        report["sites"][0]["outcomes"],
        serde_json::json!({
            "article-metadata-missing": "passed",
            "domain-name-nonstandard": "inapplicable",
            "dublin-core-metadata-missing": "failed",
            "english-items-missing": "failed",
            "footer-details-missing": "passed",
            "header-agency-name-missing": "passed",
            "item-fields-missing": "failed",
            "main-menu-items-missing": "failed",
            "site-function-missing": "failed",
            "xml-sitemap-malformed": "passed",
            "xml-sitemap-missing": "passed",
        })
    );
}

#[test]
fn portal_menu_english_and_list_rules_do_not_apply_in_2026() {
    let report = check_with(
        FORM_RULES,
        "content-portal",
        Some("portal"),
        "2026-09-01",
        &[],
    );
    assert_eq!(
        findings_with_values(&report),
        lines(
            "
            site-function-missing fixtures/sites/content-portal | function=chức năng in bài viết (print articles): fixtures/sites/content-portal/tin-tuc/hoi-nghi-xuc-tien-dau-tu.html; id=print
            dublin-core-metadata-missing fixtures/sites/content-portal/index.html | missing=DC.creator, DC.date, DC.publisher, DC.identifier
            ",
        )
    );
    // No national text in force on 2026-09-01 lists the fields of a document
    // list (Nghị định 43/2011 Điều 10.1.e and Nghị định 42/2022 Điều 4 ended):
    // the lists are not judged without a provincial profile requiring them.
    assert_eq!(
        report["sites"][0]["outcomes"],
        serde_json::json!({
            "article-metadata-missing": "passed",
            "domain-name-nonstandard": "inapplicable",
            "dublin-core-metadata-missing": "failed",
            "english-items-missing": "inapplicable",
            "footer-details-missing": "passed",
            "header-agency-name-missing": "passed",
            "item-fields-missing": "inapplicable",
            "main-menu-items-missing": "inapplicable",
            "site-function-missing": "failed",
            "xml-sitemap-malformed": "passed",
            "xml-sitemap-missing": "passed",
        })
    );
}

#[test]
fn a_moved_site_is_not_judged_on_form() {
    let report = check_with(
        FORM_RULES,
        "content-moved",
        Some("portal"),
        "2026-09-01",
        &[],
    );
    assert_eq!(
        findings_with_values(&report),
        lines(
            "
            ",
        )
    );
    assert_eq!(
        report["sites"][0]["outcomes"],
        serde_json::json!({
            "article-metadata-missing": "inapplicable",
            "domain-name-nonstandard": "inapplicable",
            "dublin-core-metadata-missing": "inapplicable",
            "english-items-missing": "inapplicable",
            "footer-details-missing": "inapplicable",
            "header-agency-name-missing": "inapplicable",
            "item-fields-missing": "inapplicable",
            "main-menu-items-missing": "inapplicable",
            "site-function-missing": "inapplicable",
            "xml-sitemap-malformed": "inapplicable",
            "xml-sitemap-missing": "inapplicable",
        })
    );
}

#[test]
fn a_science_programme_list_lacks_management_level_and_duration() {
    let report = check_with(
        &["item-fields-missing"],
        "content-so-khcn",
        Some("so-khcn"),
        "2019-08-20",
        &["--profile", "qd-1526-2019-travinh"],
    );
    assert_eq!(
        findings_with_values(&report),
        lines(
            "
            item-fields-missing fixtures/sites/content-so-khcn/nhiem-vu-khoa-hoc.html | category=Chương trình, đề tài khoa học sử dụng ngân sách nhà nước; id=science-programmes; missing=cấp quản lý, thời gian thực hiện
            "
        )
    );
    let items = report["sites"][0]["checklist"]["items"].as_array().unwrap();
    let science = items
        .iter()
        .find(|i| i["category"] == "science-programmes")
        .unwrap();
    assert_eq!(science["status"], "present");
    assert_eq!(science["evidence"][0]["where"], "menu");
    assert_eq!(
        science["required_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| format!(
                "{} {}",
                b["number"].as_str().unwrap(),
                b["article"].as_str().unwrap()
            ))
            .collect::<Vec<_>>(),
        // Điều 10 khoản 2 điểm g of the Trà Vinh Quy chế is what Sở KH&CN
        // supplies to the portal, not a duty of its own site.
        vec!["104/2016/QH13 Điều 19 khoản 1 điểm e"]
    );
}

#[test]
fn fingerprints_tell_categories_apart_and_survive_a_change_of_date() {
    let fingerprints = |as_of: &str| -> Vec<(String, String)> {
        let report = check("content-portal", Some("portal"), as_of, &[]);
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["args"]["id"].as_str().unwrap().to_string(),
                    f["fingerprint"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let in_2019 = fingerprints("2019-08-20");
    let in_2026 = fingerprints("2026-09-01");
    let distinct: std::collections::BTreeSet<&String> = in_2019.iter().map(|(_, f)| f).collect();
    assert_eq!(distinct.len(), in_2019.len(), "{in_2019:?}");
    // "statistics" is missing on both dates, under other bases: the same finding.
    let statistics = |list: &[(String, String)]| {
        list.iter()
            .find(|(id, _)| id == "statistics")
            .map(|(_, f)| f.clone())
    };
    assert!(statistics(&in_2019).is_some());
    assert_eq!(statistics(&in_2019), statistics(&in_2026));
}

#[test]
fn statistics_show_their_data_and_time_but_not_their_report_method_or_analysis_and_a_visit_counter_is_not_statistics()
 {
    let report = check_with(
        &["item-fields-missing"],
        "content-cuc-thong-ke",
        Some("cuc-thong-ke"),
        "2019-08-20",
        &["--profile", "qd-1526-2019-travinh"],
    );
    assert_eq!(
        findings_with_values(&report),
        lines(
            "
            item-fields-missing fixtures/sites/content-cuc-thong-ke/so-lieu-thong-ke.html | category=Thông tin thống kê; id=statistics; missing=báo cáo, phương pháp, phân tích
            "
        )
    );
    let items = report["sites"][0]["checklist"]["items"].as_array().unwrap();
    let statistics = items
        .iter()
        .find(|i| i["category"] == "statistics")
        .unwrap();
    let evidence: Vec<String> = statistics["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["where"].as_str().unwrap(),
                e["text"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        evidence,
        vec![
            "menu Số liệu thống kê",
            "title Số liệu thống kê",
            "slug so-lieu-thong-ke",
            "heading Số liệu thống kê kinh tế - xã hội"
        ]
    );
}

/// The XML sitemap findings (sorted) and outcomes of a report: `rule url |
/// values` and `site rule outcome`.
fn sitemap_results(report: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let mut findings: Vec<String> = findings_with_values(report)
        .into_iter()
        .filter(|f| f.starts_with("xml-sitemap-"))
        .collect();
    findings.sort();
    let outcomes = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|site| {
            ["xml-sitemap-malformed", "xml-sitemap-missing"].map(|rule| {
                format!(
                    "{} {rule} {}",
                    site["id"].as_str().unwrap(),
                    site["outcomes"][rule].as_str().unwrap_or("-")
                )
            })
        })
        .collect();
    (findings, outcomes)
}

/// Runs `args` (an `audit` or `check` command) in `dir` with the XML sitemap
/// rules only, reports to `dir/out`, and returns the report.
fn run_sitemap_rules(dir: &std::path::Path, args: &[&str], out: &str) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&[
        "--rule",
        "xml-sitemap-malformed",
        "--rule",
        "xml-sitemap-missing",
        "--fail-on",
        "never",
        "--out",
        out,
        "-q",
    ]);
    run_for_report(dir, &all, &dir.join(out))
}

#[test]
fn an_audit_records_each_sites_xml_sitemap_and_resume_keeps_what_it_found() {
    use crate::support::server::{Reply, Server, page};
    // A site whose robots.txt names a sitemap index of a gzip sitemap, one
    // without any sitemap, one whose /sitemap.xml is an HTML page.
    let good = Server::start(vec![("/", page("Trang chủ", "<p>Trang chủ</p>"))]);
    let none = Server::start(vec![("/", page("Trang chủ", "<p>Trang chủ</p>"))]);
    let html = Server::start(vec![("/", page("Trang chủ", "<p>Trang chủ</p>"))]);
    good.route(
        "/robots.txt",
        Reply::Raw(
            200,
            vec![],
            format!(
                "User-agent: *\nSitemap: {}\n",
                good.url("/ban-do/index.xml")
            )
            .into_bytes(),
        ),
    );
    good.route(
        "/ban-do/index.xml",
        Reply::Raw(
            200,
            vec![],
            format!(
                "<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>{}</loc></sitemap></sitemapindex>",
                good.url("/ban-do/trang.xml.gz")
            )
            .into_bytes(),
        ),
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(
        &mut gz,
        format!(
            "<urlset><url><loc>{}</loc></url><url><loc>{}</loc></url></urlset>",
            good.url("/"),
            good.url("/chi-trong-ban-do")
        )
        .as_bytes(),
    )
    .unwrap();
    good.route(
        "/ban-do/trang.xml.gz",
        Reply::Raw(200, vec![], gz.finish().unwrap()),
    );
    good.route(
        "/chi-trong-ban-do",
        page("Chỉ có trong sơ đồ", "<p>Chỉ có trong sơ đồ</p>"),
    );
    html.route(
        "/sitemap.xml",
        Reply::Raw(
            200,
            vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            "<!DOCTYPE html><html><body><h1>Trang chủ</h1></body></html>"
                .as_bytes()
                .to_vec(),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let site = |id: &str, server: &Server| {
        format!(
            "[[site]]\nid = \"{id}\"\nroot = \"{}\"\nrole = \"so-khdt\"\n\n",
            server.url("/")
        )
    };
    std::fs::write(
        dir.path().join("audit.toml"),
        format!(
            "as_of = \"2019-08-20\"\n\n{}{}{}[limits]\ndelay_secs = 0\n",
            site("good", &good),
            site("none", &none),
            site("html", &html)
        ),
    )
    .unwrap();
    let audit = |extra: &[&str]| {
        let mut args = vec!["audit"];
        args.extend_from_slice(extra);
        run_sitemap_rules(dir.path(), &args, "out")
    };
    let first = audit(&["--config", "audit.toml"]);
    let want_findings = vec![
        format!(
            "xml-sitemap-malformed {} | problem=an HTML page, not XML; sitemap={}",
            html.url("/sitemap.xml"),
            html.url("/sitemap.xml")
        ),
        format!(
            "xml-sitemap-missing {} | tried={} (HTTP 404)",
            none.url("/"),
            none.url("/sitemap.xml")
        ),
    ];
    let want_outcomes = lines(
        "
        good xml-sitemap-malformed passed
        good xml-sitemap-missing passed
        none xml-sitemap-malformed inapplicable
        none xml-sitemap-missing failed
        html xml-sitemap-malformed failed
        html xml-sitemap-missing passed
        ",
    );
    assert_eq!(
        sitemap_results(&first),
        (want_findings.clone(), want_outcomes.clone())
    );
    // The page only the gzip sitemap lists was audited.
    assert!(
        first["pages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["url"] == good.url("/chi-trong-ban-do"))
    );

    // The sites change; resuming judges what the audit found, from its store.
    good.route("/robots.txt", Reply::Raw(404, vec![], Vec::new()));
    good.route("/ban-do/index.xml", Reply::Raw(404, vec![], Vec::new()));
    none.route(
        "/sitemap.xml",
        Reply::Raw(
            200,
            vec![],
            b"<urlset><url><loc>/</loc></url></urlset>".to_vec(),
        ),
    );
    let resumed = audit(&["--resume"]);
    assert_eq!(sitemap_results(&resumed), (want_findings, want_outcomes));
}

#[test]
fn check_reads_the_sitemap_xml_at_a_folders_root() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<!doctype html><html lang=\"vi\"><head><title>Trang chủ</title></head><body><p>x</p></body></html>";
    for name in ["co", "khong-co", "loi"] {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("index.html"), page).unwrap();
    }
    std::fs::write(
        dir.path().join("co/sitemap.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://so.tinh.gov.vn/</loc></url></urlset>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("loi/sitemap.xml"),
        "<rss version=\"2.0\"><channel><title>Tin</title></channel></rss>",
    )
    .unwrap();
    let check = |input: &str| {
        let out = format!("out-{}", input.replace('/', "-"));
        let report = run_sitemap_rules(
            dir.path(),
            &["check", input, "--role", "so-khdt", "--as-of", "2019-08-20"],
            &out,
        );
        let (findings, outcomes) = sitemap_results(&report);
        (
            findings,
            outcomes
                .into_iter()
                .map(|o| o.split_once(' ').unwrap().1.to_string())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        check("co"),
        (
            vec![],
            lines("xml-sitemap-malformed passed\nxml-sitemap-missing passed")
        )
    );
    assert_eq!(
        check("khong-co"),
        (
            vec![
                "xml-sitemap-missing khong-co | tried=khong-co/sitemap.xml (no such file)"
                    .to_string()
            ],
            lines("xml-sitemap-malformed inapplicable\nxml-sitemap-missing failed")
        )
    );
    assert_eq!(
        check("loi"),
        (
            vec!["xml-sitemap-malformed loi/sitemap.xml | problem=root element <rss>, not <urlset> or <sitemapindex>; sitemap=loi/sitemap.xml".to_string()],
            lines("xml-sitemap-malformed failed\nxml-sitemap-missing passed")
        )
    );
    // A single file is not a site folder: its sitemap is not judged.
    assert_eq!(
        check("co/index.html"),
        (
            vec![],
            lines("xml-sitemap-malformed inapplicable\nxml-sitemap-missing inapplicable")
        )
    );
}

#[test]
fn sitemaps_not_read_are_not_judged() {
    use crate::support::server::{Reply, Server, page};
    let server = Server::start(vec![
        ("/", page("Trang chủ", "<p>Trang chủ</p>")),
        ("/sitemap.xml", Reply::Raw(404, vec![], Vec::new())),
    ]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("audit.toml"),
        format!(
            "as_of = \"2019-08-20\"\n\n[[site]]\nid = \"s\"\nroot = \"{}\"\nrole = \"so-khdt\"\n\n\
             [limits]\ndelay_secs = 0\n\n[crawl]\nsitemaps = false\n",
            server.url("/")
        ),
    )
    .unwrap();
    let report = run_sitemap_rules(dir.path(), &["audit", "--config", "audit.toml"], "out");
    assert_eq!(
        sitemap_results(&report),
        (
            vec![],
            lines("s xml-sitemap-malformed inapplicable\ns xml-sitemap-missing inapplicable")
        )
    );
    assert_eq!(server.hits("/sitemap.xml"), 0);
}

#[test]
fn a_link_to_the_national_legal_database_is_evidence_of_its_synchronisation() {
    // Nghị định 42/2022 Điều 4 khoản 1 [S]: legal documents synchronised with
    // the national database (vbpl.vn) or the Công báo; a link to either counts.
    let report = check_with(
        &["category-missing"],
        "content-vbpl",
        Some("portal"),
        "2023-03-01",
        &[],
    );
    let item = checklist(&report)
        .into_iter()
        .find(|l| l.starts_with("national-legal-database "))
        .unwrap();
    assert_eq!(
        item,
        "national-legal-database present host:Văn bản pháp luật tỉnh trên CSDL quốc gia"
    );
    // Under Nghị định 224/2026 the item is not asked for.
    let later = check_with(
        &["category-missing"],
        "content-vbpl",
        Some("portal"),
        "2026-09-01",
        &[],
    );
    assert!(
        !checklist(&later)
            .iter()
            .any(|l| l.starts_with("national-legal-database ")),
        "{:?}",
        checklist(&later)
    );
}
