//! The names of venue categories as printed on posters and shown in the portal, in Bahasa
//! Indonesia and English.

use crate::venue::VenueCategory;

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
