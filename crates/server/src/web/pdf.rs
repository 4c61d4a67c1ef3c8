//! The printable certificate as a PDF file: page 1 the certificate itself (the provider,
//! the learner's name large, the title, date and place, workload and level, the
//! verification QR code and its address), then every EU element as an annex.
//!
//! Written with `pdf-writer` (pure Rust, four small dependencies) in the PDF base font
//! Helvetica, which every reader has, so no font is embedded and a certificate is a few
//! kilobytes. Its WinAnsi encoding covers Finnish, Swedish and the other Western European
//! letters; a letter outside it is printed as `?` (the HTML certificate, printed from the
//! browser, shows every script). Chromium's print-to-PDF would draw the HTML page exactly,
//! but a browser on the server is hundreds of megabytes and a process per request; it is
//! used only in the tests, to check the HTML print layout.
//!
//! The provider's logo, when the issuer profile has one, is an image XObject above the
//! provider's name: a JPEG as it is (DCTDecode), a PNG decoded to RGB, its alpha as a
//! soft mask, both deflated (FlateDecode). Its height is fixed so page 1 stays one page.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use microcred_model::logo::{Logo, LogoFormat};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use serde_json::Value;

const W: f32 = 595.28;
const H: f32 = 841.89;
const MARGIN: f32 = 50.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");
/// The logo's height on page 1, in points (about 1.7 cm): fixed, so that page 1 fits.
const LOGO_HEIGHT: f32 = 48.0;

/// Helvetica's advance widths (1/1000 em) for ASCII 32–126, from the font's metrics.
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// The WinAnsi byte of a character, or `?`.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => b'?',
    }
}

/// The width of `c` in 1/1000 em: accented letters as their base letter, bold a little
/// wider (an upper bound, so that text measured never overflows).
fn width(c: char, bold: bool) -> f32 {
    let base = match c {
        ' '..='~' => ASCII_WIDTHS[(c as usize) - 32],
        'ä' | 'å' | 'á' | 'à' | 'â' | 'ã' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ø' | 'é' | 'è' | 'ê'
        | 'ë' | 'ü' | 'ú' | 'ù' | 'û' | 'ñ' | 'ß' => 556,
        'Ä' | 'Å' | 'Á' | 'À' | 'Â' | 'É' | 'È' | 'Ê' | 'Š' | 'Ž' => 667,
        'Ö' | 'Ó' | 'Ò' | 'Ô' | 'Ø' | 'Œ' => 778,
        'Ü' | 'Ú' | 'Ù' | 'Û' | 'Ñ' => 722,
        'í' | 'ì' | 'î' | 'ï' => 278,
        '—' | '…' => 1000,
        _ => 700,
    };
    f32::from(base) * if bold { 1.1 } else { 1.0 }
}

fn text_width(s: &str, size: f32, bold: bool) -> f32 {
    s.chars().map(|c| width(c, bold)).sum::<f32>() * size / 1000.0
}

/// `s` broken into lines no wider than `max` points (a word longer than a line, a DID
/// say, is broken inside).
fn wrap(s: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, size, bold) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut piece = String::new();
            for c in word.chars() {
                if text_width(&format!("{piece}{c}"), size, bold) > max && !piece.is_empty() {
                    lines.push(std::mem::take(&mut piece));
                }
                piece.push(c);
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

struct Writer {
    pages: Vec<Content>,
    y: f32,
    /// Each logo drawn, with the page it is on; its resource name is `Im{index}`.
    images: Vec<(usize, Logo)>,
}

impl Writer {
    fn new() -> Self {
        Writer {
            pages: vec![Content::new()],
            y: H - MARGIN,
            images: Vec::new(),
        }
    }

    fn page(&mut self) -> &mut Content {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Content::new());
        self.y = H - MARGIN;
    }

    /// One line at `x` (or centred when `None`), moving down by its leading.
    fn line(&mut self, s: &str, size: f32, bold: bool, x: Option<f32>) {
        if self.y - size < MARGIN {
            self.new_page();
        }
        self.y -= size;
        let x = x.unwrap_or_else(|| (W - text_width(s, size, bold)) / 2.0);
        let bytes: Vec<u8> = s.chars().map(win_ansi).collect();
        let y = self.y;
        self.page()
            .begin_text()
            .set_font(if bold { BOLD } else { REGULAR }, size)
            .next_line(x, y)
            .show(Str(&bytes))
            .end_text();
        self.y -= size * 0.35;
    }

    fn paragraph(&mut self, s: &str, size: f32, bold: bool, x: Option<f32>, max: f32) {
        for l in wrap(s, size, bold, max) {
            self.line(&l, size, bold, x);
        }
    }

    fn gap(&mut self, pts: f32) {
        self.y -= pts;
    }

    /// The logo, centred, [`LOGO_HEIGHT`] high (lower when it would be wider than `max`).
    fn logo(&mut self, logo: Logo, max: f32) {
        let ratio = logo.width as f32 / logo.height.max(1) as f32;
        let mut height = LOGO_HEIGHT;
        let mut width = height * ratio;
        if width > max {
            width = max;
            height = width / ratio;
        }
        self.y -= height;
        let (x, y) = ((W - width) / 2.0, self.y);
        let name = format!("Im{}", self.images.len());
        let page = self.pages.len() - 1;
        self.page()
            .save_state()
            .transform([width, 0.0, 0.0, height, x, y])
            .x_object(Name(name.as_bytes()))
            .restore_state();
        self.images.push((page, logo));
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn lines_of(section: &Value) -> Vec<String> {
    section["lines"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Page 1 and the annex for each credential of `results` (as the print page has them).
/// `texts` are the page texts in the reader's language.
pub fn certificate(results: &[Value], link: &str, texts: &dyn Fn(&str) -> &'static str) -> Vec<u8> {
    certificate_fitting(results, link, texts).0
}

/// [`certificate`], and whether page 1 of every credential fit its one page.
pub fn certificate_fitting(
    results: &[Value],
    link: &str,
    texts: &dyn Fn(&str) -> &'static str,
) -> (Vec<u8>, bool) {
    let mut w = Writer::new();
    let mut fits = true;
    let full = W - 2.0 * MARGIN;
    for (n, r) in results.iter().enumerate() {
        if n > 0 {
            w.new_page();
        }
        let start = w.pages.len();
        let sections: Vec<Value> = r["sections"].as_array().cloned().unwrap_or_default();
        let section = |e: &str| sections.iter().find(|s| s["element"] == e).cloned();
        // Page 1: the certificate itself, the logo above the provider's name; a logo that
        // does not read (it was checked when the profile was saved) is left out.
        match r["logo"].as_str().and_then(|l| Logo::parse(l).ok()) {
            Some(logo) => {
                w.gap(8.0);
                w.logo(logo, full);
                w.gap(10.0);
            }
            None => w.gap(40.0),
        }
        w.paragraph(str_of(r, "issuer"), 16.0, true, None, full);
        w.gap(4.0);
        w.line(&texts("cert_kind").to_uppercase(), 10.0, false, None);
        w.gap(36.0);
        if let Some(l) = section("learner").and_then(|s| lines_of(&s).into_iter().next()) {
            w.paragraph(&l, 28.0, true, None, full);
        }
        w.gap(6.0);
        w.line(texts("cert_completed"), 12.0, false, None);
        w.gap(6.0);
        w.paragraph(str_of(r, "title"), 20.0, true, None, full);
        w.gap(30.0);
        let col = full / 3.0;
        let top = w.y;
        let mut lowest = top;
        for (i, (label, el, all)) in [
            (texts("cert_date_place"), "issueDate", true),
            (texts("workload"), "workload", false),
            (texts("level"), "level", true),
        ]
        .into_iter()
        .enumerate()
        {
            w.y = top;
            let x = MARGIN + col * i as f32;
            w.line(label, 10.0, true, Some(x));
            let lines = section(el).map(|s| lines_of(&s)).unwrap_or_default();
            let shown: Vec<String> = if all {
                lines
            } else {
                lines.into_iter().take(1).collect()
            };
            for l in shown {
                w.paragraph(&l, 10.0, false, Some(x), col - 10.0);
            }
            lowest = lowest.min(w.y);
        }
        w.y = lowest;
        w.gap(24.0);
        w.paragraph(
            &format!("{} — {}", str_of(r, "headline"), link),
            9.0,
            false,
            None,
            full,
        );
        // The QR code: dark modules as filled squares, 120 points wide.
        if let Ok(code) = microcred_wallet::qr::code(link) {
            let size = code.width();
            let module = 120.0 / size as f32;
            let x0 = (W - 120.0) / 2.0;
            let y0 = w.y - 20.0 - 120.0;
            let page = w.page();
            page.set_fill_rgb(0.0, 0.0, 0.0);
            for (i, c) in code.to_colors().into_iter().enumerate() {
                if c.select(true, false) {
                    let (cx, cy) = ((i % size) as f32, (i / size) as f32);
                    page.rect(
                        x0 + cx * module,
                        y0 + (size as f32 - 1.0 - cy) * module,
                        module,
                        module,
                    );
                }
            }
            page.fill_nonzero();
            w.y = y0 - 8.0;
            w.line(texts("print_scan"), 9.0, false, None);
            w.paragraph(link, 9.0, false, None, full);
        }
        // Then the annex: every element.
        fits &= w.pages.len() == start;
        w.new_page();
        w.paragraph(texts("cert_annex"), 14.0, true, Some(MARGIN), full);
        w.gap(8.0);
        for s in &sections {
            w.paragraph(str_of(s, "label"), 10.0, true, Some(MARGIN), full);
            for l in lines_of(s) {
                w.paragraph(&l, 9.5, false, Some(MARGIN + 12.0), full - 12.0);
            }
            w.gap(6.0);
        }
    }
    (finish(w.pages, &w.images, texts("print")), fits)
}

/// A PDF to download, named after what it certifies.
pub fn download(bytes: Vec<u8>, name: &str) -> Response {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(60)
        .collect();
    let mut resp = (
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}.pdf\"")) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

fn finish(pages: Vec<Content>, images: &[(usize, Logo)], title: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first = 6;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(first + 2 * i as i32))
        .collect();
    // Two ids for each image: the image and its soft mask.
    let first_image = first + 2 * pages.len() as i32;
    let image_ids: Vec<(Ref, Ref)> = (0..images.len())
        .map(|i| {
            let id = first_image + 2 * i as i32;
            (Ref::new(id), Ref::new(id + 1))
        })
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("microcred"));
    for (font, id, name) in [
        (REGULAR, regular, "Helvetica"),
        (BOLD, bold, "Helvetica-Bold"),
    ] {
        let _ = font;
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (i, content) in pages.into_iter().enumerate() {
        let id = page_ids[i];
        let content_id = Ref::new(id.get() + 1);
        let mut page = pdf.page(id);
        page.media_box(Rect::new(0.0, 0.0, W, H));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
        let mut objects = resources.x_objects();
        for (n, (on, _)) in images.iter().enumerate() {
            if *on == i {
                let name = format!("Im{n}");
                objects.pair(Name(name.as_bytes()), image_ids[n].0);
            }
        }
        objects.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    for ((_, logo), (id, mask)) in images.iter().zip(&image_ids) {
        image(&mut pdf, logo, *id, *mask);
    }
    pdf.finish()
}

/// One logo as an image XObject `id` (and, for a PNG with alpha, its soft mask `mask`).
fn image(pdf: &mut Pdf, logo: &Logo, id: Ref, mask: Ref) {
    let (width, height) = (logo.width as i32, logo.height as i32);
    match logo.format {
        LogoFormat::Jpeg => {
            let mut x = pdf.image_xobject(id, &logo.bytes);
            x.filter(Filter::DctDecode);
            x.width(width).height(height).bits_per_component(8);
            if logo.components == 1 {
                x.color_space().device_gray();
            } else {
                x.color_space().device_rgb();
            }
        }
        LogoFormat::Png => {
            let Ok(pixels) = logo.pixels() else {
                // Checked when the profile was read; an empty image rather than no PDF.
                let mut x = pdf.image_xobject(id, &[255, 255, 255]);
                x.width(1).height(1).bits_per_component(8);
                x.color_space().device_rgb();
                return;
            };
            let rgb = miniz_oxide::deflate::compress_to_vec_zlib(&pixels.rgb, 6);
            let mut x = pdf.image_xobject(id, &rgb);
            x.filter(Filter::FlateDecode);
            x.width(width).height(height).bits_per_component(8);
            x.color_space().device_rgb();
            if pixels.alpha.is_some() {
                x.s_mask(mask);
            }
            x.finish();
            if let Some(alpha) = pixels.alpha {
                let alpha = miniz_oxide::deflate::compress_to_vec_zlib(&alpha, 6);
                let mut m = pdf.image_xobject(mask, &alpha);
                m.filter(Filter::FlateDecode);
                m.width(width).height(height).bits_per_component(8);
                m.color_space().device_gray();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use microcred_model::Lang;

    fn logo(file: &str, media: &str) -> String {
        use base64::Engine;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../model/tests/fixtures/logo")
            .join(file);
        let bytes = std::fs::read(&path).unwrap();
        format!(
            "data:{media};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    /// Page 1 of every example's certificate fits one A4 page in every language, with
    /// and without a logo (PNG or JPEG), and the logo is an image XObject.
    #[test]
    fn page_one_fits_for_every_example_in_every_language() {
        let logos = [
            None,
            Some(logo("logo.png", "image/png")),
            Some(logo("logo.jpg", "image/jpeg")),
        ];
        let (profile, _) = microcred_model::validate::load_issuer_profile(
            microcred_issuer::demo::DEMO_PROFILE.as_bytes(),
        )
        .unwrap();
        for text in microcred_issuer::demo::EXAMPLE_SPECS {
            let (spec, _) =
                microcred_model::validate::load_specification(text.as_bytes(), &Default::default())
                    .unwrap();
            let award: microcred_model::Award = serde_json::from_value(serde_json::json!({
                "specification": spec.id,
                "learner": { "name": "Maija-Liisa Meikäläinen-Virtanen", "dateOfBirth": "2003-04-17" },
                "issued": "2026-05-29",
                "validUntil": "2031-05-29",
            }))
            .unwrap();
            for (lang, logo) in Lang::ALL
                .into_iter()
                .flat_map(|l| logos.iter().map(move |g| (l, g)))
            {
                let view = microcred_model::render::view(&spec, Some(&profile), Some(&award), lang);
                let results = vec![serde_json::json!({
                    "issuer": profile.name.text(lang),
                    "logo": logo,
                    "title": view.title,
                    "headline": super::super::i18n::t(lang, "verdict_valid"),
                    "sections": serde_json::to_value(&view.sections).unwrap(),
                })];
                let texts = |k: &str| super::super::i18n::t(lang, k);
                let (pdf, fits) = certificate_fitting(
                    &results,
                    "https://opisto.example.fi/s/AbCdEfGhIjKlMnOpQrStUv",
                    &texts,
                );
                assert!(fits, "{} in {lang}: page 1 spills over", spec.id);
                assert!(pdf.starts_with(b"%PDF-"));
                let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
                assert_eq!(has(b"/Subtype /Image"), logo.is_some());
                if let Some(l) = logo {
                    let filter: &[u8] = if l.contains("png") {
                        b"/FlateDecode"
                    } else {
                        b"/DCTDecode"
                    };
                    assert!(has(filter));
                }
                if let Some(dir) = std::env::var_os("MICROCRED_PDF_DIR") {
                    std::fs::write(
                        std::path::Path::new(&dir).join(format!(
                            "{}-{lang}{}.pdf",
                            spec.id,
                            if logo.is_some() { "-logo" } else { "" }
                        )),
                        &pdf,
                    )
                    .unwrap();
                }
                assert!(pdf.len() < 200_000, "{} bytes", pdf.len());
            }
        }
    }

    #[test]
    fn text_is_wrapped_and_encoded() {
        assert_eq!(win_ansi('ä'), 0xe4);
        assert_eq!(win_ansi('Å'), 0xc5);
        assert_eq!(win_ansi('—'), 0x97);
        assert_eq!(win_ansi('Ł'), b'?');
        let lines = wrap(
            "Tapahtumatekniikan osaajaksi did:key:z6MksgDi9u5QJE94F6NMKjRU3VEwvW4h6YTQ2ZZq4oJyAa2d",
            10.0,
            false,
            120.0,
        );
        assert!(lines.len() > 2);
        assert!(
            lines.iter().all(|l| text_width(l, 10.0, false) <= 120.0),
            "{lines:?}"
        );
    }
}
