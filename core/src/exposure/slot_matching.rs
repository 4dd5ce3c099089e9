//! Matching published slot reports against the phone's visits (format v2): the phone computes
//! the tag of every slot of every visit once, then each published report costs one hash-map
//! lookup; only a report with one of the phone's own tags is decrypted and judged.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::hour_bundle::PublishedReport;
use super::slot::{MAX_WINDOW_MINUTES, Slot, SlotTag};
use super::{ExposureMatch, VisitedLocation, WarningWindow};

/// Why a report carrying one of the phone's tags was ignored (counted, never alerted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IgnoredReason {
    /// It does not decrypt under the slot's key, or its window is malformed.
    Undecryptable,
    /// The window is longer than the longest stay (23 h 45).
    TooLong,
    /// The window does not touch the slot its tag names.
    WrongSlot,
    /// The window ends after the hour of the bundle that published it.
    AfterBundleHour,
    /// The window is outside the infectious period the officer set.
    OutsidePeriod,
}

/// What one published report means for this phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotOutcome {
    /// Not one of the phone's tags (nearly every report), or no overlap long enough.
    NoMatch,
    /// One of the phone's tags, refused by the bounds: counted, never alerted.
    Ignored(IgnoredReason),
    /// Overlaps of at least the minimum with the phone's visits.
    Matched(Vec<ExposureMatch>),
}

/// The phone's visits indexed by the tags of their slots.
pub struct SlotMatcher {
    visits: Vec<VisitedLocation>,
    by_tag: HashMap<SlotTag, (Slot, Vec<usize>)>,
    min_overlap: TimeDelta,
}

impl SlotMatcher {
    /// A matcher over `visits` that reports overlaps of at least `min_overlap`.
    pub fn new(visits: Vec<VisitedLocation>, min_overlap: TimeDelta) -> Self {
        let mut by_tag: HashMap<SlotTag, (Slot, Vec<usize>)> = HashMap::new();
        for (index, visit) in visits.iter().enumerate().filter(|(_, v)| v.end > v.start) {
            let last = Slot::of(visit.end - TimeDelta::seconds(1));
            for slot in (Slot::of(visit.start).0..=last.0).map(Slot) {
                by_tag.entry(visit.location.slot_tag(slot)).or_insert_with(|| (slot, Vec::new())).1.push(index);
            }
        }
        SlotMatcher { visits, by_tag, min_overlap }
    }

    /// The tags of every slot of the phone's visits up to hour `hour` (what the phone tests
    /// against a bundle's filter; a later slot cannot be in that bundle).
    pub fn tags_until(&self, hour: u64) -> Vec<SlotTag> {
        self.by_tag.iter().filter(|(_, (slot, _))| slot.0 <= hour).map(|(tag, _)| *tag).collect()
    }

    /// Judges one report published in the bundle of hour `bundle_hour`.
    pub fn check(&self, published: &PublishedReport, bundle_hour: u64) -> SlotOutcome {
        let Some((slot, visit_indexes)) = self.by_tag.get(&published.report.tag) else {
            return SlotOutcome::NoMatch;
        };
        let Some(first) = visit_indexes.first().and_then(|i| self.visits.get(*i)) else {
            return SlotOutcome::NoMatch;
        };
        let Ok(window) = published.report.open(&first.location, *slot) else {
            return SlotOutcome::Ignored(IgnoredReason::Undecryptable);
        };
        let (start, end) = (window.start(), window.end());
        if let Some(reason) = refusal(start, end, *slot, published, bundle_hour) {
            return SlotOutcome::Ignored(reason);
        }
        let matches: Vec<ExposureMatch> = visit_indexes
            .iter()
            .filter_map(|i| self.visits.get(*i))
            .filter_map(|visit| {
                let overlap = visit.end.min(end) - visit.start.max(start);
                (overlap >= self.min_overlap).then_some(ExposureMatch {
                    visit_id: visit.visit_id,
                    visit_start: visit.start,
                    visit_end: visit.end,
                    window: WarningWindow { start, end, advice: published.terms.advice },
                    overlap,
                })
            })
            .collect();
        if matches.is_empty() { SlotOutcome::NoMatch } else { SlotOutcome::Matched(matches) }
    }
}

/// Why a decrypted window must not alert, if it must not.
fn refusal(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    slot: Slot,
    published: &PublishedReport,
    bundle_hour: u64,
) -> Option<IgnoredReason> {
    if end - start > TimeDelta::minutes(MAX_WINDOW_MINUTES) {
        Some(IgnoredReason::TooLong)
    } else if start >= slot.end() || end <= slot.start() {
        Some(IgnoredReason::WrongSlot)
    } else if end > Slot(bundle_hour).end() {
        Some(IgnoredReason::AfterBundleHour)
    } else if !published.terms.period.contains(start, end) {
        Some(IgnoredReason::OutsidePeriod)
    } else {
        None
    }
}
