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
