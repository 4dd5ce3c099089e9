//! What one published hour holds: the reports of at least `k` submissions, in groups of equal
//! terms (advice and period), which core's `seal_hour` shuffles together so neither order nor
//! bucket tells whose a report is. When fewer than `k` real submissions are approved, the
//! server adds decoy submissions of its own, each with the terms and size of a real one of the
//! batch; they are never stored, so nobody holding the server's state later can tell them
//! from citizens' reports.

use std::collections::HashMap;

use healthpass_core::exposure::{MAX_HOUR_REPORTS, ReportGroup, SlotReport, WarningTerms};

/// Submissions a bundle holds at least unless configured otherwise.
pub const DEFAULT_MIN_SUBMISSIONS: u16 = 3;

/// The groups of one hour bundle and how many real submissions went into them.
#[derive(Debug, Clone)]
pub struct Batch {
    /// One group per distinct terms, real and decoy reports together.
    pub groups: Vec<ReportGroup>,
    /// How many of the submissions (from the front) fitted into this bundle.
    pub taken: usize,
}

/// Takes whole submissions (each a group: its terms and reports) from the front while they fit
/// one hour, adds decoy submissions up to `min_submissions`, and merges submissions of equal
/// terms into one group.
pub fn assemble(submissions: &[ReportGroup], min_submissions: usize) -> Batch {
    let limit = MAX_HOUR_REPORTS as usize;
    let mut by_terms: HashMap<WarningTerms, Vec<SlotReport>> = HashMap::new();
    let (mut total, mut taken) = (0, 0);
    for submission in submissions {
        if total + submission.reports.len() > limit {
            break;
        }
        total += submission.reports.len();
        by_terms.entry(submission.terms).or_default().extend_from_slice(&submission.reports);
        taken += 1;
    }
    if taken > 0 {
        for _ in taken..min_submissions {
            let model = &submissions[random_below(taken)];
            let size = model.reports.len().min(limit - total);
            total += size;
            by_terms.entry(model.terms).or_default().extend((0..size).map(|_| SlotReport::decoy()));
        }
    }
    let groups = by_terms.into_iter().map(|(terms, reports)| ReportGroup { terms, reports }).collect();
    Batch { groups, taken }
}

/// A uniformly drawn index below `n` (n > 0).
fn random_below(n: usize) -> usize {
    (u64::from_le_bytes(healthpass_core::random::bytes()) % n as u64) as usize
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use healthpass_core::exposure::{Advice, InfectiousPeriod};

    use super::*;

    fn terms(days: i64) -> WarningTerms {
        let end = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let period = InfectiousPeriod::new(end - chrono::TimeDelta::days(days), end).unwrap();
        WarningTerms { advice: Advice::Isolate, period }
    }

    fn submission(days: i64, size: usize) -> ReportGroup {
        ReportGroup { terms: terms(days), reports: (0..size).map(|_| SlotReport::decoy()).collect() }
    }

    fn count(batch: &Batch) -> usize {
        batch.groups.iter().map(|g| g.reports.len()).sum()
    }

    #[test]
    fn a_lone_submission_is_padded_to_k_with_decoys_under_its_terms() {
        let real = submission(5, 10);
        let batch = assemble(std::slice::from_ref(&real), 3);
        assert_eq!((batch.taken, count(&batch), batch.groups.len()), (1, 30, 1), "two decoy submissions of its size and terms");
        assert!(real.reports.iter().all(|r| batch.groups[0].reports.contains(r)));
    }

    #[test]
    fn enough_submissions_need_no_decoys_and_equal_terms_share_a_group() {
        let subs = vec![submission(5, 4), submission(3, 6), submission(5, 2), submission(3, 1)];
        let batch = assemble(&subs, 3);
        assert_eq!((batch.taken, count(&batch)), (4, 13));
        let mut sizes: Vec<usize> = batch.groups.iter().map(|g| g.reports.len()).collect();
        sizes.sort();
        assert_eq!(sizes, vec![6, 7], "one group per distinct terms");
    }

    #[test]
    fn nothing_approved_publishes_nothing() {
        let batch = assemble(&[], usize::from(DEFAULT_MIN_SUBMISSIONS));
        assert_eq!((batch.taken, batch.groups.len()), (0, 0));
    }
}
