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

#[cfg(test)]
mod tests {
    #[test]
    fn deterministic_and_sized() {
        let a = super::portal_page(7, 100_000);
        assert_eq!(a, super::portal_page(7, 100_000));
        assert!((95_000..110_000).contains(&a.len()), "{}", a.len());
    }
}
