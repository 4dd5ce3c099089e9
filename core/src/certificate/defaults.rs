//! What an Indonesian issuer writes when the officer leaves a field out: one set of defaults
//! for issuing from the command line and from the server.

/// Issuing country (ISO 3166 alpha-2).
pub const DEFAULT_COUNTRY: &str = "ID";
/// Issuing authority named in the certificate.
pub const DEFAULT_AUTHORITY: &str = "Kementerian Kesehatan RI";
/// Days a certificate stays valid.
pub const DEFAULT_VALID_DAYS: u32 = 365;
/// Vaccine product.
pub const DEFAULT_PRODUCT: &str = "CoronaVac";
/// Vaccine type (ATC code of inactivated SARS-CoV-2 vaccines).
pub const DEFAULT_VACCINE_TYPE: &str = "J07BX03";
/// Manufacturer code (Sinovac).
pub const DEFAULT_MANUFACTURER: &str = "ORG-100030215";
