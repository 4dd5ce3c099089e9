//! The exposure notification: one for all alerts not notified yet, never one alert twice.

use super::text::{Language, NotificationText, exposure_text};
use crate::exposure::{Advice, ExposureAlert};

/// One notification summing up the alerts found since the last one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposureNotice {
    /// How many alerts it stands for (at least one).
    pub new_alerts: usize,
    /// The strictest advice among them.
    pub advice: Advice,
    /// What it says.
    pub text: NotificationText,
}

/// The notification for `new` alerts (none shown before); `None` when there are none.
pub fn exposure_notice(new: &[ExposureAlert], language: Language) -> Option<ExposureNotice> {
    let advice = new.iter().map(|alert| alert.advice).max_by_key(|advice| strictness(*advice))?;
    Some(ExposureNotice { new_alerts: new.len(), advice, text: exposure_text(language, new.len(), advice) })
}

/// The place of `advice` in [`Advice::ALL`], which lists the mildest first.
fn strictness(advice: Advice) -> usize {
    Advice::ALL.iter().position(|a| *a == advice).unwrap_or_default()
}
