//! What one published bundle holds: the reports of at least `k` submissions, shuffled
//! together so neither the order nor the grouping of reports tells whose they are. When fewer
//! than `k` real submissions are approved, the server adds decoy submissions of its own, made
//! like real ones; they are never stored, so nobody holding the server's state later can tell
//! them from citizens' reports.

use healthpass_core::exposure::{MAX_BUNDLE_REPORTS, ProtectedReport};

/// Submissions a bundle holds at least unless configured otherwise.
pub const DEFAULT_MIN_SUBMISSIONS: u16 = 3;

/// Reports in a decoy submission when no real one gives a size to imitate.
const DECOY_SUBMISSION_REPORTS: usize = 8;

/// The reports of one bundle and how many real submissions went into it.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Every report, real and decoy, shuffled.
    pub reports: Vec<ProtectedReport>,
    /// How many of `submissions` (from the front) fitted into this bundle.
    pub taken: usize,
}

/// Takes whole submissions from the front of `submissions` while they fit one bundle, adds
/// decoy submissions up to `min_submissions`, and shuffles all reports together. Each decoy
/// submission has the size of a real one drawn at random from the batch (or
/// [`DECOY_SUBMISSION_REPORTS`] if the batch is empty), so sizes do not stand out.
pub fn assemble(submissions: &[Vec<ProtectedReport>], min_submissions: usize) -> Batch {
    let limit = MAX_BUNDLE_REPORTS as usize;
    let mut reports: Vec<ProtectedReport> = Vec::new();
    let mut taken = 0;
    for submission in submissions {
        if reports.len() + submission.len() > limit {
            break;
        }
        reports.extend_from_slice(submission);
        taken += 1;
    }
    for _ in taken..min_submissions {
        let size = match taken {
            0 => DECOY_SUBMISSION_REPORTS,
            _ => submissions[random_below(taken)].len(),
        };
        let room = limit.saturating_sub(reports.len());
        reports.extend((0..size.min(room)).map(|_| ProtectedReport::decoy()));
    }
    healthpass_core::random::shuffle(&mut reports);
    Batch { reports, taken }
}

/// A uniformly drawn index below `n` (n > 0).
fn random_below(n: usize) -> usize {
    (u64::from_le_bytes(healthpass_core::random::bytes()) % n as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission(size: usize) -> Vec<ProtectedReport> {
        (0..size).map(|_| ProtectedReport::decoy()).collect()
    }

    #[test]
    fn a_lone_submission_is_padded_to_k_and_shuffled_among_the_decoys() {
        let real = submission(10);
        let batch = assemble(std::slice::from_ref(&real), 3);
        assert_eq!((batch.taken, batch.reports.len()), (1, 30), "two decoy submissions of the real one's size");
        let positions: Vec<usize> =
            real.iter().map(|r| batch.reports.iter().position(|p| p == r).expect("every real report is published")).collect();
        // In submission order the real reports would sit at 0..10; shuffled, they almost surely
        // (all but 1 in 30!/(10!·20!) ≈ 3·10^7) do not all sit together at the front.
        assert_ne!(positions.iter().copied().max(), Some(9), "{positions:?}");
    }

    #[test]
    fn enough_real_submissions_need_no_decoys_and_are_mixed() {
        let subs: Vec<Vec<ProtectedReport>> = (0..4).map(|_| submission(10)).collect();
        let batch = assemble(&subs, 3);
        assert_eq!((batch.taken, batch.reports.len()), (4, 40));
        let first_ten: Vec<&ProtectedReport> = batch.reports[..10].iter().collect();
        let from_one_submission = subs.iter().any(|s| first_ten.iter().all(|r| s.contains(r)));
        assert!(!from_one_submission, "reports are not grouped by submission");
        assert!(subs.iter().flatten().all(|r| batch.reports.contains(r)));
    }

    #[test]
    fn an_empty_batch_of_decoys_still_has_k_submissions() {
        let batch = assemble(&[], usize::from(DEFAULT_MIN_SUBMISSIONS));
        assert_eq!((batch.taken, batch.reports.len()), (0, 3 * DECOY_SUBMISSION_REPORTS));
    }
}
