//! HTML building blocks: escaping, the page frame every page shares, and the zone times are
//! shown in. Every value that came from a user or the database goes through [`escape`].

use std::fmt::Write;

use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;

use super::i18n::{Lang, Text};
use super::session::SessionView;

/// A data table: an optional caption, one header row of column headings (`scope="col"`, for
/// screen readers), each in `lang`, and a body row per item written by `row` (a `<tr>…</tr>`,
/// or nothing to leave the item out); the `empty` message instead when there are no items.
pub fn data_table<T>(
    lang: Lang,
    caption: Option<Text>,
    columns: &[Text],
    empty: Text,
    items: impl IntoIterator<Item = T>,
    mut row: impl FnMut(&mut String, T),
) -> String {
    let mut items = items.into_iter().peekable();
    if items.peek().is_none() {
        return format!("<p>{}</p>", lang.t(empty));
    }
    let mut out = String::from("<table>");
    if let Some(caption) = caption {
        let _ = write!(out, "<caption>{}</caption>", lang.t(caption));
    }
    out.push_str("<thead><tr>");
    for column in columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", lang.t(*column));
    }
    out.push_str("</tr></thead><tbody>");
    for item in items {
        row(&mut out, item);
    }
    out.push_str("</tbody></table>");
    out
}

/// Text made safe for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The time zone the portal shows times in: a name and a fixed offset (Indonesia's three zones
/// WIB, WITA and WIT have no daylight saving, so a fixed offset is exact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayZone {
    name: String,
    offset: FixedOffset,
}

/// UTC+7, Western Indonesian Time. Checked when compiling, so nothing can fail at run time.
const WIB_OFFSET: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is an offset"),
};

impl DisplayZone {
    /// Western Indonesian Time, UTC+7 (Jakarta, Bekasi): the default.
    pub fn wib() -> Self {
        DisplayZone { name: "WIB".to_owned(), offset: WIB_OFFSET }
    }

    /// `WIB`, `WITA`, `WIT`, `UTC` or an offset `+HH:MM` / `-HH:MM`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let hours = match text {
            "WIB" => Some(7),
            "WITA" => Some(8),
            "WIT" => Some(9),
            "UTC" => Some(0),
            _ => None,
        };
        if let Some(hours) = hours {
            return Some(DisplayZone { name: text.to_owned(), offset: FixedOffset::east_opt(hours * 3600)? });
        }
        let (sign, rest) = match text.as_bytes().first()? {
            b'+' => (1, &text[1..]),
            b'-' => (-1, &text[1..]),
            _ => return None,
        };
        let (h, m) = rest.split_once(':')?;
        if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
        if h > 14 || m > 59 {
            return None;
        }
        let offset = FixedOffset::east_opt(sign * (h * 3600 + m * 60))?;
        Some(DisplayZone { name: format!("UTC{text}"), offset })
    }

    /// The zone's name as shown next to times.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The offset from UTC.
    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    /// `instant` as `YYYY-MM-DD HH:MM ZONE`.
    pub fn show(&self, instant: DateTime<Utc>) -> String {
        format!("{} {}", instant.with_timezone(&self.offset).format("%Y-%m-%d %H:%M"), self.name)
    }
}

/// The `?done=…` query of a page reached by a redirect after a form: which notice to show.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

impl Done {
    /// The status notice for the first `(value, text)` of `notices` whose value the query
    /// names; empty when none does.
    pub fn notice(&self, lang: Lang, notices: &[(&str, Text)]) -> String {
        notices
            .iter()
            .find(|(value, _)| self.done.as_deref() == Some(*value))
            .map(|(_, text)| format!("<p role=\"status\" class=\"notice\">{}</p>", lang.t(*text)))
            .unwrap_or_default()
    }
}

/// A whole page: the frame (language switch, navigation for the signed-in role, sign-out form)
/// around `body`, titled `title`.
pub fn page(lang: Lang, session: Option<&SessionView>, title: &str, body: &str) -> String {
    let mut html = String::with_capacity(body.len() + 2048);
    let _ = write!(
        html,
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — {portal}</title><link rel=\"stylesheet\" href=\"/portal/assets/portal.css\"></head><body>\
         <a class=\"skip\" href=\"#main\">{skip}</a><header><p class=\"brand\">{portal}</p>",
        lang = lang.tag(),
        title = escape(title),
        portal = lang.t(Text::Portal),
        skip = lang.t(Text::SkipToContent),
    );
    let other = lang.other();
    let _ = write!(
        html,
        "<p class=\"lang\"><a href=\"/portal/language/{}\" lang=\"{}\" hreflang=\"{}\">{}</a></p>",
        other.tag(),
        other.tag(),
        other.tag(),
        lang.t(Text::SwitchLanguage)
    );
    if let Some(session) = session {
        let _ = write!(html, "<nav aria-label=\"{}\"><ul>", lang.t(Text::Navigation));
        for (href, text) in session.role_links() {
            let _ = write!(html, "<li><a href=\"{href}\">{}</a></li>", lang.t(*text));
        }
        let _ = write!(
            html,
            "</ul></nav><form method=\"post\" action=\"/portal/logout\" class=\"signout\">{}<button type=\"submit\">{}</button></form>",
            session.csrf_field(),
            lang.t(Text::SignOut)
        );
    }
    let _ = write!(html, "</header><main id=\"main\"><h1>{}</h1>{body}</main></body></html>", escape(title));
    html
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(escape("<script>\"a\" & 'b'</script>"), "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
    }

    #[test]
    fn times_show_in_wib_unless_configured() {
        let instant = Utc.with_ymd_and_hms(2026, 12, 1, 17, 30, 0).unwrap();
        assert_eq!(DisplayZone::wib().show(instant), "2026-12-02 00:30 WIB");
        assert_eq!(DisplayZone::parse("WIT").unwrap().show(instant), "2026-12-02 02:30 WIT");
        assert_eq!(DisplayZone::parse("-03:30").unwrap().show(instant), "2026-12-01 14:00 UTC-03:30");
        for bad in ["", "CET", "+7", "+07:60", "+15:00", "07:00"] {
            assert_eq!(DisplayZone::parse(bad), None, "{bad}");
        }
    }
}
