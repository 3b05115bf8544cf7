//! Deterministic synthetic Vietnamese portal pages, for benchmarks and load
//! tests: realistic markup (menus, news lists with images, document tables,
//! footers) and text with every Vietnamese tone, of a chosen size.

use std::fmt::Write;

/// A small deterministic generator (SplitMix64), so pages are the same on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One item of a slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "tổ",
    "chức",
    "hội",
    "nghị",
    "triển",
    "khai",
    "nhiệm",
    "vụ",
    "phát",
    "triển",
    "kinh",
    "tế",
    "xã",
    "năm",
    "đồng",
    "chí",
    "chủ",
    "tịch",
    "phó",
    "giám",
    "đốc",
    "sở",
    "kế",
    "hoạch",
    "đầu",
    "tư",
    "tài",
    "nguyên",
    "môi",
    "trường",
    "người",
    "dân",
    "doanh",
    "nghiệp",
    "thủ",
    "tục",
    "hành",
    "chính",
    "dịch",
    "vụ",
    "công",
    "trực",
    "tuyến",
    "chuyển",
    "đổi",
    "số",
    "cải",
    "cách",
    "đạt",
    "kết",
    "quả",
    "tích",
    "cực",
    "huyện",
    "thị",
    "Trà",
    "Vinh",
    "Khmer",
    "văn",
    "hóa",
    "lễ",
    "hội",
    "Ok",
    "Om",
    "Bók",
    "nông",
    "thôn",
    "mới",
    "giảm",
    "nghèo",
    "bền",
    "vững",
    "y",
    "tế",
    "giáo",
    "dục",
    "đào",
    "tạo",
    "nguồn",
    "nhân",
    "lực",
    "chất",
    "lượng",
    "cao",
    "thực",
    "hiện",
    "quyết",
    "định",
    "ban",
    "hành",
    "quy",
    "chế",
    "hoạt",
    "động",
    "cổng",
    "thông",
    "tin",
    "điện",
    "tử",
    "tiếp",
    "nhận",
    "phản",
    "ánh",
    "kiến",
    "nghị",
    "giải",
    "quyết",
    "khiếu",
    "nại",
    "tố",
    "cáo",
    "kịp",
    "thời",
];

const MENU: &[(&str, &str)] = &[
    ("Trang chủ", "/"),
    ("Giới thiệu", "/gioi-thieu"),
    ("Tin tức - Sự kiện", "/tin-tuc"),
    ("Chỉ đạo điều hành", "/chi-dao-dieu-hanh"),
    ("Văn bản pháp luật", "/van-ban"),
    ("Lịch làm việc", "/lich-lam-viec"),
    ("Dịch vụ công trực tuyến", "/dich-vu-cong"),
    ("Hỏi đáp", "/hoi-dap"),
    ("Sơ đồ cổng", "/so-do-cong"),
    ("English", "/en"),
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        let word: &&str = rng.pick(WORDS);
        s.push_str(word);
    }
    s.push('.');
    s
}

/// A portal page of about `target_bytes`, with links to `/bai-viet/<n>` pages.
#[must_use]
pub fn portal_page(seed: u64, target_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut html = String::with_capacity(target_bytes + 4096);
    html.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        html,
        "<title>Cổng thông tin điện tử tỉnh Trà Vinh – trang {seed}</title>"
    );
    html.push_str("<link rel=\"stylesheet\" href=\"/css/site.css\">\n<style>.tin{margin:0 0 1em}.nav a{color:#003366}</style>\n</head>\n<body>\n");
    html.push_str("<a class=\"skip\" href=\"#noi-dung\">Bỏ qua điều hướng</a>\n<header id=\"dau-trang\"><img src=\"/img/quoc-huy.png\" alt=\"Quốc huy\">\n");
    html.push_str("<h1>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH TRÀ VINH</h1>\n<nav class=\"nav\" aria-label=\"Menu chính\"><ul>\n");
    for (text, href) in MENU {
        let _ = writeln!(html, "<li><a href=\"{href}\">{text}</a></li>");
    }
    html.push_str("</ul></nav>\n<form role=\"search\" action=\"/tim-kiem\"><label for=\"q\">Tìm kiếm</label><input id=\"q\" name=\"q\" type=\"search\"><button type=\"submit\">Tìm</button></form>\n</header>\n");
    html.push_str("<main id=\"noi-dung\">\n<h2>Tin tức - Sự kiện</h2>\n");
    let mut n = 0;
    while html.len() < target_bytes.saturating_sub(3000) {
        n += 1;
        let id = seed * 1000 + n;
        let words = 8 + rng.below(8);
        let title = sentence(&mut rng, words);
        let _ = writeln!(html, "<article class=\"tin\">");
        // One image in twelve has no alt: the benchmark page has real findings.
        if n % 12 == 0 {
            let _ = writeln!(
                html,
                "<img src=\"/anh/{id}.jpg\" width=\"160\" height=\"100\">"
            );
        } else {
            let _ = writeln!(
                html,
                "<img src=\"/anh/{id}.jpg\" alt=\"{}\" width=\"160\" height=\"100\">",
                title.trim_end_matches('.')
            );
        }
        let _ = writeln!(html, "<h3><a href=\"/bai-viet/{id}\">{title}</a></h3>");
        let _ = writeln!(
            html,
            "<p class=\"ngay\">Ngày {}/{}/2026</p>",
            1 + rng.below(28),
            1 + rng.below(12)
        );
        let paragraphs = 1 + rng.below(3);
        for _ in 0..paragraphs {
            let _ = writeln!(
                html,
                "<p>{} {} {}</p>",
                sentence(&mut rng, 20),
                sentence(&mut rng, 15),
                sentence(&mut rng, 25)
            );
        }
        let _ = writeln!(html, "<a href=\"/bai-viet/{id}\">Xem thêm</a>\n</article>");
        if n % 10 == 0 {
            html.push_str("<table class=\"van-ban\"><caption>Văn bản mới</caption><tr><th scope=\"col\">Số/Ký hiệu</th><th scope=\"col\">Ngày ban hành</th><th scope=\"col\">Trích yếu</th></tr>\n");
            for k in 0..5 {
                let _ = writeln!(
                    html,
                    "<tr><td><a href=\"/van-ban/{id}-{k}.pdf\">{}/QĐ-UBND</a></td><td>{}/{}/2026</td><td>{}</td></tr>",
                    100 + k,
                    1 + rng.below(28),
                    1 + rng.below(12),
                    sentence(&mut rng, 12)
                );
            }
            html.push_str("</table>\n");
        }
    }
    html.push_str("</main>\n<footer><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Trà Vinh. Địa chỉ: số 1 đường Lê Lợi, phường 1, thành phố Trà Vinh. Điện thoại: 0294 3862 xxx. Email: <a href=\"mailto:bbt@travinh.gov.vn\">bbt@travinh.gov.vn</a></p></footer>\n</body>\n</html>\n");
    html
}

/// The shape of the pages of [`site_page`]: a provincial site's page as the
/// scale issue (#19) measured them: 20–120 KB (median about 60 KB), about 115
/// links, the same header menu, sidebar and footer on every page.
pub const SITE_PAGE_MIN_BYTES: usize = 20 * 1024;
/// The largest page of [`site_page`].
pub const SITE_PAGE_MAX_BYTES: usize = 120 * 1024;

const SIDEBAR: &[&str] = &[
    "Thủ tục hành chính",
    "Văn bản chỉ đạo",
    "Lịch công tác",
    "Thông báo",
    "Tuyển dụng",
    "Đấu thầu",
    "Quy hoạch",
    "Ngân sách",
];

/// Page `i` of an `n`-page synthetic site (pages at `/p/<i>`, `/` being page
/// 0), deterministic: header with the menu (12 links), a sidebar (8 section
/// links, 8 latest-news links), the article with about 80 links to other
/// pages (every third one to a fragment that exists: `#muc-0` … `#muc-2`)
/// and images, and a footer (8 links). Pages `2i+1`, `2i+2` and `i+1` are
/// linked, so every page is reachable within log2(n) hops. Seeded defects,
/// so the audit has findings of the usual kinds: every 7th page links to a
/// missing `/mat/<i>`, every 11th to a missing fragment, one image in twelve
/// has no `alt`. Only relative links and `mailto:`: nothing leaves the host.
#[must_use]
pub fn site_page(i: usize, n: usize) -> String {
    let mut rng = Rng::new(0x5eed ^ (i as u64).wrapping_mul(0x9E37_79B9));
    // Sizes skewed towards the small end: median about 60 KB.
    let u = rng.below(1000) as f64 / 1000.0;
    let span = (SITE_PAGE_MAX_BYTES - SITE_PAGE_MIN_BYTES) as f64;
    let target = SITE_PAGE_MIN_BYTES + (span * u.powf(1.4)) as usize;
    let n = n.max(1);
    let mut html = String::with_capacity(target + 8192);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Trang {i} – Cổng thông tin điện tử tỉnh</title>\n\
         <style>.tin{{margin:0 0 1em}}.nav a{{color:#003366}}aside a{{color:#003366}}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#noi-dung\">Bỏ qua điều hướng</a>\n<header id=\"dau-trang\">\
         <img src=\"/anh/logo.png\" alt=\"Quốc huy\">\n<p class=\"ten\">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH</p>\n\
         <nav class=\"nav\" aria-label=\"Menu chính\"><ul>\n"
    );
    for (m, (text, _)) in MENU.iter().enumerate() {
        let _ = writeln!(html, "<li><a href=\"/p/{}\">{text}</a></li>", m % n);
    }
    let _ = writeln!(html, "<li><a href=\"/p/{}\">Liên hệ</a></li>", 10 % n);
    let _ = writeln!(
        html,
        "<li><a href=\"/p/{}\">Thống kê truy cập</a></li>",
        11 % n
    );
    html.push_str("</ul></nav>\n</header>\n<div class=\"khung\">\n<aside aria-label=\"Chuyên mục\"><h2>Chuyên mục</h2><ul>\n");
    for (s, text) in SIDEBAR.iter().enumerate() {
        let _ = writeln!(html, "<li><a href=\"/p/{}\">{text}</a></li>", (12 + s) % n);
    }
    html.push_str("</ul><h2>Tin mới</h2><ul>\n");
    for k in 0..8 {
        let j = (n - 1).saturating_sub(k) % n;
        let _ = writeln!(html, "<li><a href=\"/p/{j}\">Tin {j}</a></li>");
    }
    let _ = write!(
        html,
        "</ul></aside>\n<main id=\"noi-dung\">\n<h1>{}</h1>\n",
        sentence(&mut rng, 10)
    );
    for m in 0..3 {
        let _ = writeln!(html, "<h2 id=\"muc-{m}\">Mục {m}</h2>");
        for child in [2 * i + 1, 2 * i + 2, i + 1] {
            if m == 0 && child < n {
                let _ = writeln!(html, "<p><a href=\"/p/{child}\">Trang {child}</a></p>");
            }
        }
    }
    // About 80 links in the article, spread over the page whatever its size
    // (a paragraph is about 420 bytes).
    let links = 77 + rng.below(8);
    let paragraphs = (target.saturating_sub(html.len() + 1500) / 420).max(1);
    let per_paragraph = links.div_ceil(paragraphs);
    let mut k = 0usize;
    let mut p = 0usize;
    while html.len() < target || k < links {
        html.push_str("<p>");
        let words = 12 + rng.below(20);
        html.push_str(&sentence(&mut rng, words));
        html.push(' ');
        for _ in 0..per_paragraph.min(links - k) {
            let j = (i * 131 + k * 17 + 1) % n;
            if k % 3 == 1 {
                let _ = write!(
                    html,
                    "<a href=\"/p/{j}#muc-{m}\">mục {m} trang {j}</a> ",
                    m = k % 3
                );
            } else {
                let words = sentence(&mut rng, 4);
                let _ = write!(
                    html,
                    "<a href=\"/p/{j}\">{}</a> ",
                    words.trim_end_matches('.')
                );
            }
            k += 1;
        }
        let words = 18 + rng.below(30);
        html.push_str(&sentence(&mut rng, words));
        html.push_str("</p>\n");
        if p % 9 == 4 {
            let a = (i + p) % 50;
            if p % 12 == 4 {
                let _ = writeln!(
                    html,
                    "<p><img src=\"/anh/{a}.png\" width=\"320\" height=\"200\"></p>"
                );
            } else {
                let _ = writeln!(
                    html,
                    "<p><img src=\"/anh/{a}.png\" alt=\"Ảnh minh họa {a}\" width=\"320\" height=\"200\"></p>"
                );
            }
        }
        p += 1;
    }
    seeded_broken_links(&mut html, i, n);
    html.push_str("</main>\n</div>\n<footer><ul>\n");
    for f in 0..7 {
        let _ = writeln!(
            html,
            "<li><a href=\"/p/{}\">{}</a></li>",
            (20 + f) % n,
            SIDEBAR[f % SIDEBAR.len()]
        );
    }
    html.push_str("</ul><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh. Địa chỉ: số 1 đường Lê Lợi. Email: <a href=\"mailto:bbt@example.gov.vn\">bbt@example.gov.vn</a></p></footer>\n</body>\n</html>\n");
    html
}

/// The defects every synthetic portal seeds on page `i` of `n`, which its
/// tests and benchmarks expect to be found: a link to a removed page
/// (`/mat/i`, a 404) on every 7th page and a link to a fragment that does not
/// exist on every 11th.
pub fn seeded_broken_links(html: &mut String, i: usize, n: usize) {
    if i.is_multiple_of(7) {
        let _ = writeln!(html, "<p><a href=\"/mat/{i}\">Văn bản đã gỡ</a></p>");
    }
    if i.is_multiple_of(11) {
        let _ = writeln!(
            html,
            "<p><a href=\"/p/{}#khong-{i}\">Mục không có</a></p>",
            (i + 1) % n
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn deterministic_and_sized() {
        let a = super::portal_page(7, 100_000);
        assert_eq!(a, super::portal_page(7, 100_000));
        assert!((95_000..110_000).contains(&a.len()), "{}", a.len());
    }

    #[test]
    fn site_pages_have_the_issue_shape() {
        let n = 400;
        let mut sizes = Vec::new();
        for i in 0..n {
            let page = super::site_page(i, n);
            assert_eq!(page, super::site_page(i, n));
            let links = page.matches("<a href=").count();
            assert!((105..=125).contains(&links), "page {i}: {links} links");
            assert!(page.contains("<nav") && page.contains("<aside") && page.contains("<footer>"));
            sizes.push(page.len());
        }
        sizes.sort_unstable();
        let (min, median, max) = (sizes[0], sizes[n / 2], sizes[n - 1]);
        assert!(min >= super::SITE_PAGE_MIN_BYTES, "{min}");
        assert!(max <= super::SITE_PAGE_MAX_BYTES + 4096, "{max}");
        assert!((50_000..72_000).contains(&median), "{median}");
    }
}
