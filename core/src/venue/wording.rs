//! The words printed on a venue poster, in Bahasa Indonesia and English: the category names,
//! the instruction under the code and the steps. Shared by the rendered posters (PNG, SVG,
//! PDF) and the web portal's print view, and needed without the rendering feature.

use super::VenueCategory;

/// The instruction in Bahasa Indonesia.
pub const INSTRUCTION_ID: &str = "Pindai kode ini untuk check-in";
/// The instruction in English.
pub const INSTRUCTION_EN: &str = "Scan this code to check in";
/// The steps printed under the code in Bahasa Indonesia.
pub const STEPS_ID: &str = "Buka aplikasi healthpass, pindai kode saat masuk, dan check-out saat keluar.";
/// The steps printed under the code in English.
pub const STEPS_EN: &str = "Open the healthpass app, scan the code when you arrive, and check out when you leave.";

/// `(Bahasa Indonesia, English)` names of `category`.
pub fn category_label(category: VenueCategory) -> (&'static str, &'static str) {
    match category {
        VenueCategory::Mall => ("Mal", "Mall"),
        VenueCategory::Shop => ("Toko / minimarket", "Shop"),
        VenueCategory::GovernmentOffice => ("Kantor pemerintah", "Government office"),
        VenueCategory::Restaurant => ("Restoran / kafe", "Restaurant"),
        VenueCategory::PlaceOfWorship => ("Tempat ibadah", "Place of worship"),
        VenueCategory::Workplace => ("Tempat kerja", "Workplace"),
        VenueCategory::School => ("Sekolah / kampus", "School"),
        VenueCategory::Healthcare => ("Fasilitas kesehatan", "Healthcare"),
        VenueCategory::Transport => ("Transportasi", "Transport"),
        VenueCategory::Lodging => ("Penginapan", "Lodging"),
        VenueCategory::Other => ("Lainnya", "Other"),
    }
}
