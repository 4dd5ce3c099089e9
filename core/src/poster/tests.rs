use super::*;
use crate::scan;

const URL: &str = "https://healthpass.example/c#AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5";

#[test]
fn png_poster_reads_back_to_its_url() {
    let layout = PosterLayout::new(URL, "Mal Bekasi Raya").unwrap();
    let png = render_png(&layout).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert_eq!(scan::decode_image_bytes(&png).unwrap(), vec![URL.to_owned()]);
}

#[test]
fn png_poster_has_text_under_the_code() {
    let layout = PosterLayout::new(URL, "Mal Bekasi Raya").unwrap();
    let image = image::load_from_memory(&render_png(&layout).unwrap()).unwrap().into_luma8();
    let (width, height) = image.dimensions();
    assert!(height > width, "room for text below the square code");
    let ink_below_code =
        (width..height).flat_map(|y| (0..width).map(move |x| (x, y))).filter(|&(x, y)| image.get_pixel(x, y).0[0] < 128).count();
    assert!(ink_below_code > 1000, "only {ink_below_code} dark pixels under the code");
}

#[test]
fn svg_poster_escapes_the_name_and_carries_both_instructions() {
    let svg = render_svg(&PosterLayout::new(URL, "Kopi & Teh <Pak Budi>").unwrap());
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(">Kopi &amp; Teh &lt;Pak Budi&gt;</text>"));
    assert!(svg.contains(INSTRUCTION_ID) && svg.contains(INSTRUCTION_EN));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn text_too_long_for_any_qr_code_is_refused() {
    assert!(matches!(PosterLayout::new(&"x".repeat(4000), "A"), Err(RenderError::TooLong)));
}

fn printed() -> PrintedDetails {
    use chrono::TimeZone;
    PrintedDetails {
        category: crate::venue::VenueCategory::Mall,
        valid_from: chrono::Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        valid_until: chrono::Utc.with_ymd_and_hms(2027, 12, 1, 0, 0, 0).unwrap(),
    }
}

/// The filled rectangles (`x y w h re`) of a PDF's content, in points.
fn rectangles(pdf: &str) -> Vec<[f32; 4]> {
    pdf.lines()
        .filter_map(|line| line.strip_suffix(" re"))
        .map(|numbers| {
            let v: Vec<f32> = numbers.split(' ').map(|n| n.parse().unwrap()).collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect()
}

#[test]
fn pdf_poster_is_a4_with_a_code_of_at_least_8_cm_that_reads_back() {
    let pdf = String::from_utf8(render_pdf(&PosterLayout::new(URL, "Mal Bekasi Raya").unwrap(), &printed())).unwrap();
    assert!(pdf.starts_with("%PDF-1.4\n") && pdf.ends_with("%%EOF\n"));
    assert!(pdf.contains(&format!("/MediaBox [0 0 {A4_WIDTH_PT} {A4_HEIGHT_PT}]")));
    let boxes = rectangles(&pdf);
    let left = boxes.iter().map(|b| b[0]).fold(f32::MAX, f32::min);
    let right = boxes.iter().map(|b| b[0] + b[2]).fold(0.0, f32::max);
    let (bottom, top) =
        (boxes.iter().map(|b| b[1]).fold(f32::MAX, f32::min), boxes.iter().map(|b| b[1] + b[3]).fold(0.0, f32::max));
    let cm = |points: f32| points / 72.0 * 2.54;
    assert!(cm(right - left) >= 8.0 && cm(top - bottom) >= 8.0, "code is {} cm wide", cm(right - left));
    assert!(right < A4_WIDTH_PT && bottom > 0.0 && top < A4_HEIGHT_PT);
    // Rasterise the rectangles at 2 px per point and read the code with our scanner.
    let scale = 2.0;
    let (width, height) = ((A4_WIDTH_PT * scale) as u32, (A4_HEIGHT_PT * scale) as u32);
    let mut page = image::GrayImage::from_pixel(width, height, image::Luma([255]));
    for [x, y, w, h] in boxes {
        let (x0, x1) = ((x * scale).round() as u32, ((x + w) * scale).round() as u32);
        let (y0, y1) = (((A4_HEIGHT_PT - y - h) * scale).round() as u32, ((A4_HEIGHT_PT - y) * scale).round() as u32);
        for py in y0..y1 {
            for px in x0..x1 {
                page.put_pixel(px, py, image::Luma([0]));
            }
        }
    }
    let mut png = Vec::new();
    page.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    assert_eq!(scan::decode_image_bytes(&png).unwrap(), vec![URL.to_owned()]);
}

#[test]
fn pdf_poster_carries_name_category_both_languages_and_validity() {
    let layout = PosterLayout::new(URL, "Kopi (Pak Budi) \\ Café 東").unwrap();
    let pdf = String::from_utf8(render_pdf(&layout, &printed())).unwrap();
    assert!(pdf.contains("(Kopi \\(Pak Budi\\) \\\\ Caf\\351 ?) Tj"), "escaped, Latin-1 kept, the rest replaced");
    for text in
        [INSTRUCTION_ID, INSTRUCTION_EN, "Kategori / Category: Mal / Mall", "2026-12-01 00:00 - 2027-12-01 00:00 \\(UTC\\)"]
    {
        assert!(pdf.contains(text), "{text}");
    }
    assert!(pdf.contains("Buka aplikasi healthpass") && pdf.contains("Open the healthpass app"));
}

#[test]
fn pdf_cross_reference_points_at_every_object() {
    let pdf = render_pdf(&PosterLayout::new(URL, "A").unwrap(), &printed());
    let text = String::from_utf8(pdf).unwrap();
    let xref_at: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
    assert!(text[xref_at..].starts_with("xref\n0 7\n"));
    for (index, line) in text[xref_at..].lines().skip(3).take(6).enumerate() {
        let offset: usize = line[..10].parse().unwrap();
        assert!(text[offset..].starts_with(&format!("{} 0 obj\n", index + 1)), "object {}", index + 1);
    }
}

#[test]
fn a_100_character_name_is_printed_whole_above_the_code() {
    let name = "Pusat Perbelanjaan dan Rekreasi Keluarga Bekasi Raya Blok A Lantai Dasar Sampai Lantai Tiga Timur";
    assert!(name.chars().count() <= 100);
    let pdf = String::from_utf8(render_pdf(&PosterLayout::new(URL, name).unwrap(), &printed())).unwrap();
    let printed_words: Vec<&str> = pdf
        .lines()
        .filter(|l| l.starts_with("BT /F2 18.0"))
        .filter_map(|l| l.split_once('(').and_then(|(_, rest)| rest.rsplit_once(") Tj")).map(|(t, _)| t))
        .flat_map(str::split_whitespace)
        .collect();
    assert_eq!(printed_words.join(" "), name);
    let code_top = rectangles(&pdf).iter().map(|b| b[1] + b[3]).fold(0.0, f32::max);
    let last_title_y: f32 = pdf
        .lines()
        .filter(|l| l.starts_with("BT /F2 18.0"))
        .filter_map(|l| l.split(' ').nth(5).and_then(|y| y.parse().ok()))
        .fold(f32::MAX, f32::min);
    assert!(last_title_y > code_top, "the name stays above the code");
}
