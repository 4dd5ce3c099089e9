//! Files the commands read and write: keys, inputs that may be a picture, posters, and the
//! citizen's passport database.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use healthpass_core::passport::HealthPassport;
use healthpass_core::poster::{PosterLayout, PrintedDetails, render_pdf, render_png, render_svg};
use healthpass_core::scan;
use healthpass_core::venue::{RegistrySigningKey, VenuePoster};

use crate::failure::Failure;

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::io(path, e))
}

/// Reads a whole text file.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::io(path, e))
}

/// Writes a new file with `mode`; an existing file is never overwritten (it may be a live key).
pub fn write_new_file(path: &Path, text: &str, mode: u32) -> Result<(), Failure> {
    let mut file = OpenOptions::new().write(true).create_new(true).mode(mode).open(path).map_err(|e| Failure::io(path, e))?;
    writeln!(file, "{text}").and_then(|()| file.sync_all()).map_err(|e| Failure::io(path, e))
}

/// Reads a secret registry key file.
pub fn read_signing_key(path: &Path) -> Result<RegistrySigningKey, Failure> {
    Ok(RegistrySigningKey::from_text(&read_text(path)?)?)
}

/// Reads INPUT: an existing image file is scanned, anything else is QR text.
pub fn read_input(input: &str) -> Result<String, Failure> {
    let path = Path::new(input);
    if input.len() < 4096 && path.is_file() {
        let codes = scan::decode_image_file(path)?;
        return codes.into_iter().next().ok_or_else(|| Failure::refused("no_qr_code", "no QR code found in the image"));
    }
    Ok(input.to_owned())
}

/// Writes the poster in the format its file name asks for: `.png`, `.svg` or an A4 `.pdf`
/// (which also prints the category and validity of `poster`).
pub fn write_poster(path: &Path, layout: &PosterLayout, poster: &VenuePoster) -> Result<(), Failure> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let bytes = match extension.as_deref() {
        Some("png") => render_png(layout).map_err(|e| Failure::environment("render", e))?,
        Some("svg") => render_svg(layout).into_bytes(),
        Some("pdf") => {
            let printed = PrintedDetails {
                category: poster.category(),
                valid_from: poster.valid_from(),
                valid_until: poster.valid_until(),
            };
            render_pdf(layout, &printed)
        }
        _ => return Err(Failure::refused("unsupported_output", "the poster file must end in .png, .svg or .pdf")),
    };
    std::fs::write(path, bytes).map_err(|e| Failure::io(path, e))
}

/// The passport database: `db`, else healthpass/healthpass.db in the user's data directory.
pub fn passport_path(db: Option<PathBuf>) -> Result<PathBuf, Failure> {
    match db {
        Some(path) => Ok(path),
        None => Ok(default_passport_dir()?.join("healthpass.db")),
    }
}

/// The existing passport database: `db`, else the default file when it exists.
pub fn existing_passport_path(db: Option<PathBuf>) -> Option<PathBuf> {
    match db {
        Some(path) => Some(path),
        None => dirs::data_dir().map(|d| d.join("healthpass").join("healthpass.db")).filter(|path| path.is_file()),
    }
}

/// Opens (or creates) the citizen's passport at `db` or the default place.
pub fn open_passport(db: Option<PathBuf>) -> Result<HealthPassport, Failure> {
    let path = passport_path(db)?;
    Ok(HealthPassport::open(&path, crate::account_args::transport())?)
}

/// healthpass/ in the user's data directory, created if missing.
fn default_passport_dir() -> Result<PathBuf, Failure> {
    let dir = dirs::data_dir()
        .ok_or_else(|| Failure::environment("no_data_dir", "no data directory; pass --db PATH"))?
        .join("healthpass");
    std::fs::create_dir_all(&dir).map_err(|e| Failure::io(&dir, e))?;
    Ok(dir)
}
