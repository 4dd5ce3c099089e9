//! The words of each notification, in Bahasa Indonesia and English. A lock screen shows them
//! to anyone holding the phone, so an exposure notification never names the venue; the visit
//! notification names the venue the citizen is at, as the app's own check-in screen does.

use crate::exposure::Advice;

/// The language of the notifications: the phone's language when it is Indonesian, else English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English.
    English,
    /// Bahasa Indonesia.
    Indonesian,
}

impl Language {
    /// The language of an ISO 639-1 code, `en` or `id`; `None` for any other text.
    pub fn from_code(code: &str) -> Option<Self> {
        [Language::English, Language::Indonesian].into_iter().find(|language| language.code() == code)
    }

    /// The language's ISO 639-1 code: `en` or `id`.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Indonesian => "id",
        }
    }

    /// The language for a BCP 47 or POSIX locale tag (`id`, `id-ID`, `in_ID`: Android's old
    /// code for Indonesian); English for every other tag.
    pub fn from_locale(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("id") || primary.eq_ignore_ascii_case("in") {
            Language::Indonesian
        } else {
            Language::English
        }
    }
}

/// The title and the body of one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationText {
    /// The first line, in bold.
    pub title: String,
    /// The text under it.
    pub body: String,
}

/// The exposure notification for `count` new alerts (at least one), with the strictest `advice` among them.
pub(crate) fn exposure_text(language: Language, count: usize, advice: Advice) -> NotificationText {
    let title = match (language, count) {
        (Language::English, 1) => "Possible exposure".to_owned(),
        (Language::English, n) => format!("{n} possible exposures"),
        (Language::Indonesian, 1) => "Kemungkinan terpapar".to_owned(),
        (Language::Indonesian, n) => format!("{n} kemungkinan paparan"),
    };
    let what = match (language, count) {
        (Language::English, 1) => "A confirmed case was at a place you visited, at the same time as you.",
        (Language::English, _) => "Confirmed cases were at places you visited, at the same time as you.",
        (Language::Indonesian, 1) => "Kasus terkonfirmasi berada di tempat yang Anda kunjungi, pada waktu yang sama.",
        (Language::Indonesian, _) => "Kasus terkonfirmasi berada di tempat-tempat yang Anda kunjungi, pada waktu yang sama.",
    };
    NotificationText { title, body: format!("{what} {}", advice_text(language, advice)) }
}

/// What to do, as one sentence.
fn advice_text(language: Language, advice: Advice) -> &'static str {
    match (language, advice) {
        (Language::English, Advice::MonitorSymptoms) => "Watch for symptoms for 14 days.",
        (Language::English, Advice::GetTested) => "Get tested.",
        (Language::English, Advice::Isolate) => "Isolate and get tested.",
        (Language::Indonesian, Advice::MonitorSymptoms) => "Pantau gejala selama 14 hari.",
        (Language::Indonesian, Advice::GetTested) => "Lakukan tes.",
        (Language::Indonesian, Advice::Isolate) => "Lakukan isolasi mandiri dan tes.",
    }
}

/// The ongoing notification of an open visit at `venue`; `reminding` once the check-out
/// reminder is due, `lead_minutes` before the automatic check-out.
pub(crate) fn visit_text(language: Language, venue: &str, reminding: bool, lead_minutes: i64) -> NotificationText {
    match (language, reminding) {
        (Language::English, false) => NotificationText {
            title: format!("Checked in at {venue}"),
            body: "Check out when you leave. Otherwise you are checked out after the venue's usual stay.".to_owned(),
        },
        (Language::English, true) => NotificationText {
            title: format!("Still at {venue}?"),
            body: format!("Check out if you have left. Otherwise you are checked out automatically in {lead_minutes} minutes."),
        },
        (Language::Indonesian, false) => NotificationText {
            title: format!("Check-in di {venue}"),
            body: "Check-out saat Anda pergi. Jika tidak, Anda di-check-out setelah lama kunjungan biasa di tempat ini."
                .to_owned(),
        },
        (Language::Indonesian, true) => NotificationText {
            title: format!("Masih di {venue}?"),
            body: format!("Check-out jika Anda sudah pergi. Jika tidak, Anda di-check-out otomatis dalam {lead_minutes} menit."),
        },
    }
}

/// The label of the visit notification's "Check out" action.
pub(crate) fn check_out_label(language: Language) -> &'static str {
    match language {
        Language::English => "Check out",
        Language::Indonesian => "Check-out",
    }
}

/// The label of the visit notification's "Snooze" action, which puts the reminder off by `minutes`.
pub(crate) fn snooze_label(language: Language, minutes: i64) -> String {
    match language {
        Language::English => format!("Still here (+{minutes} min)"),
        Language::Indonesian => format!("Masih di sini (+{minutes} mnt)"),
    }
}
