//! The vaccination dashboard: daily counts by dose as a table and as a bar chart drawn on the
//! server in SVG (no script), and the counts as CSV that spreadsheets open without running
//! anything in it.

use std::fmt::Write;

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};

use super::Portal;
use super::error::PortalError;
use super::html::{data_table, escape, page};
use super::i18n::{Lang, Text};
use super::session::SignedIn;
use crate::accounts::Role;
use crate::db::DayCounts;

/// Days the chart shows (the most recent ones); the table and CSV have them all.
const CHART_DAYS: usize = 31;

/// The three series, with the CSS class that colours (and patterns) their bars.
const SERIES: [(Text, &str); 3] =
    [(Text::FirstDoses, "dose-first"), (Text::CompletedSeries, "dose-complete"), (Text::Boosters, "dose-booster")];

fn values(day: &DayCounts) -> [i64; 3] {
    [day.first_doses, day.completed_series, day.boosters]
}

/// `GET /portal/vaccinations`.
pub async fn dashboard(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
) -> Result<Html<String>, PortalError> {
    session.require(Role::HealthOfficer, lang)?;
    let days = portal.app.database.vaccination_counts().await.map_err(|e| PortalError::database(e, lang))?;
    let mut body = format!("<p><a href=\"/portal/vaccinations.csv\" download>{}</a></p>", lang.t(Text::DownloadCsv));
    if !days.is_empty() {
        body.push_str(&chart(&days[days.len().saturating_sub(CHART_DAYS)..], lang));
    }
    let columns: Vec<Text> = std::iter::once(Text::Date).chain(SERIES.map(|(text, _)| text)).collect();
    body.push_str(&data_table(lang, Some(Text::ChartTitle), &columns, Text::NoVaccinations, days.iter().rev(), |body, day| {
        let [a, b, c] = values(day);
        let _ = write!(body, "<tr><th scope=\"row\">{}</th><td>{a}</td><td>{b}</td><td>{c}</td></tr>", escape(&day.date));
    }));
    Ok(Html(page(lang, Some(&session), lang.t(Text::Vaccinations), &body)))
}

/// Grouped bars per day, a value axis with gridlines, and a legend; labelled for screen
/// readers (the table under it carries the same numbers).
pub fn chart(days: &[DayCounts], lang: Lang) -> String {
    let (width, height, left, bottom, top) = (760.0_f64, 320.0_f64, 48.0, 56.0, 36.0);
    let plot_height = height - bottom - top;
    let max = days.iter().flat_map(values).max().unwrap_or(0).max(1);
    let step = nice_step(max);
    let axis_max = (max + step - 1) / step * step;
    let y = |value: i64| top + plot_height * (1.0 - value as f64 / axis_max as f64);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 {width} {height}\" class=\"chart\">\
         <title id=\"chart-title\">{title}</title>",
        title = lang.t(Text::ChartTitle)
    );
    let mut tick = 0;
    while tick <= axis_max {
        let _ = write!(
            svg,
            "<line x1=\"{left}\" x2=\"{width}\" y1=\"{py:.1}\" y2=\"{py:.1}\" class=\"grid\"/><text x=\"{tx}\" y=\"{ty:.1}\" class=\"tick\" text-anchor=\"end\">{tick}</text>",
            py = y(tick),
            tx = left - 6.0,
            ty = y(tick) + 4.0
        );
        tick += step;
    }
    let slot = (width - left) / days.len().max(1) as f64;
    let bar = (slot * 0.8 / 3.0).min(18.0);
    for (index, day) in days.iter().enumerate() {
        let x0 = left + slot * index as f64 + (slot - bar * 3.0) / 2.0;
        for (series, value) in values(day).into_iter().enumerate() {
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" class=\"{class}\"><title>{date}: {label} {value}</title></rect>",
                x = x0 + bar * series as f64,
                top = y(value),
                h = y(0) - y(value),
                class = SERIES[series].1,
                date = escape(&day.date),
                label = lang.t(SERIES[series].0),
            );
        }
        // Label every day when few, else about eight labels.
        if index % days.len().div_ceil(8).max(1) == 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
                left + slot * (index as f64 + 0.5),
                height - bottom + 18.0,
                escape(day.date.get(5..).unwrap_or(&day.date))
            );
        }
    }
    for (series, (text, class)) in SERIES.iter().enumerate() {
        let x = left + 200.0 * series as f64;
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{ly}\" width=\"14\" height=\"14\" class=\"{class}\"/><text x=\"{tx}\" y=\"{ty}\" class=\"tick\">{label}</text>",
            ly = height - 22.0,
            tx = x + 20.0,
            ty = height - 10.0,
            label = lang.t(*text)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A round step (1, 2 or 5 times a power of ten) giving at most about five gridlines up to `max`.
fn nice_step(max: i64) -> i64 {
    let mut power = 1i64;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            if max / step <= 5 {
                return step;
            }
        }
        power = power.saturating_mul(10);
    }
}

/// `GET /portal/vaccinations.csv`: every day's counts.
pub async fn csv(State(portal): State<Portal>, SignedIn(session): SignedIn, lang: Lang) -> Result<Response, PortalError> {
    session.require(Role::HealthOfficer, lang)?;
    let days = portal.app.database.vaccination_counts().await.map_err(|e| PortalError::database(e, lang))?;
    let headers = [(CONTENT_TYPE, "text/csv; charset=utf-8"), (CONTENT_DISPOSITION, "attachment; filename=\"vaccinations.csv\"")];
    Ok((headers, counts_csv(&days)).into_response())
}

/// The counts as CSV (RFC 4180, CRLF line ends), every cell through [`csv_cell`].
pub fn counts_csv(days: &[DayCounts]) -> String {
    let mut csv = String::from("date,first_doses,completed_series,boosters\r\n");
    for day in days {
        let [a, b, c] = values(day);
        let cells = [csv_cell(&day.date), csv_cell(&a.to_string()), csv_cell(&b.to_string()), csv_cell(&c.to_string())];
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    csv
}

/// One CSV cell that a spreadsheet shows as text and never evaluates: a leading `=`, `+`, `-`,
/// `@`, tab or carriage return (which start a formula in Excel, LibreOffice and Sheets) gets a
/// `'` in front, as OWASP advises; cells with a comma, quote or line break are quoted.
pub fn csv_cell(value: &str) -> String {
    let mut cell = String::with_capacity(value.len() + 3);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        cell.push('\'');
    }
    cell.push_str(value);
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, first: i64, complete: i64, booster: i64) -> DayCounts {
        DayCounts { date: date.to_owned(), first_doses: first, completed_series: complete, boosters: booster }
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("2026-12-01"), "2026-12-01");
        let csv = counts_csv(&[day("2026-12-01", 3, 2, 1), day("=cmd|' /C calc'!A0", 0, 0, 0)]);
        assert_eq!(csv, "date,first_doses,completed_series,boosters\r\n2026-12-01,3,2,1\r\n'=cmd|' /C calc'!A0,0,0,0\r\n");
    }

    #[test]
    fn the_chart_has_a_bar_per_day_and_dose_scaled_to_the_largest() {
        let svg = chart(&[day("2026-12-01", 10, 4, 0), day("2026-12-02", 20, 7, 3)], Lang::En);
        assert_eq!(svg.matches("<rect").count(), 6 + 3, "six bars and three legend keys");
        assert!(svg.contains("<title>2026-12-02: First doses 20</title>"));
        assert!(svg.contains("role=\"img\"") && svg.contains("Vaccinations per day by dose"));
        assert_eq!(nice_step(20), 5);
        assert_eq!(nice_step(3), 1);
        assert_eq!(nice_step(12_345), 5000);
    }
}
