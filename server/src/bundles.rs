//! The published warnings directory `DATA/warnings/`: per hour slot one immutable signed
//! summary (`DATA/warnings/{hour}`, format v2) and its buckets (`DATA/warnings/{hour}.{i}`,
//! served at `/v1/warnings/{hour}/{i}`), and the signed index (`DATA/warnings/index`) listing
//! the last 14 days. Plain files, so nginx or a CDN can serve the directory unchanged.
//!
//! Every file is written to a hidden temporary name, fsynced and renamed into place, and the
//! directory is fsynced: a reader never sees half a file, and a published bundle survives a
//! crash. A bundle's slot is `max(current Unix hour, last slot + 1)`, so no file is ever
//! rewritten. A crash between a bundle and the index is repaired at the next start, which
//! rescans the directory and re-signs the index (also picking up a rotated publisher key).

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use chrono::{DateTime, Utc};
use healthpass_core::exposure::{HourBundleError, IndexEntry, PublisherSigningKey, ReportGroup, WarningIndex, seal_hour};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::static_file::StaticFile;

/// Hours a bundle stays listed and on disk: 14 days.
pub const RETENTION_HOURS: u64 = 14 * 24;
/// File name of the signed index inside the directory.
pub const INDEX_FILE: &str = "index";
/// Published bytes (summaries and buckets) kept in memory for serving; the rest is read from
/// disk per request.
const CACHE_BUDGET_BYTES: usize = 256 * 1024 * 1024;

/// One published file of an hour slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// The signed summary, `DATA/warnings/{hour}`.
    Summary,
    /// Bucket `i`, `DATA/warnings/{hour}.{i}`.
    Bucket(u16),
}

impl Part {
    /// The file name of this part of slot `hour`.
    fn file_name(self, hour: u64) -> String {
        match self {
            Part::Summary => hour.to_string(),
            Part::Bucket(index) => format!("{hour}.{index}"),
        }
    }

    /// The slot and part a file name in the directory stands for.
    fn of_file_name(name: &str) -> Option<(u64, Part)> {
        let (hour, part) = match name.split_once('.') {
            None => (name, Part::Summary),
            Some((hour, index)) => (hour, Part::Bucket(index.parse().ok().filter(|i: &u16| i.to_string() == index)?)),
        };
        hour.parse().ok().filter(|h: &u64| h.to_string() == hour).map(|hour| (hour, part))
    }
}

/// Why the warnings directory could not be read or written.
#[derive(Debug, Error)]
pub enum BundleDirError {
    /// A file could not be read, written, renamed or removed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The reports do not fit one hour bundle.
    #[error(transparent)]
    Bundle(#[from] HourBundleError),
}

/// What [`BundleDirectory::publish`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedBundle {
    /// The bundle's hour slot (its file name).
    pub hour: u64,
    /// How many reports it carries.
    pub reports: u32,
}

/// What is published now: the listed bundles, the signed index and the cached files.
struct Published {
    entries: BTreeMap<u64, IndexEntry>,
    index: StaticFile,
    cached: BTreeMap<(u64, Part), StaticFile>,
    cached_bytes: usize,
}

/// The warnings directory; publishing is serialised, serving reads shared in-memory state.
pub struct BundleDirectory {
    dir: PathBuf,
    publishing: Mutex<()>,
    published: RwLock<Published>,
}

impl BundleDirectory {
    /// Opens (or creates) `data_dir/warnings`, drops bundles older than 14 days, and re-signs
    /// the index with `key` listing every bundle on disk.
    pub fn open(data_dir: &Path, key: &PublisherSigningKey, now: DateTime<Utc>) -> Result<Self, BundleDirError> {
        let dir = data_dir.join("warnings");
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let mut published =
            Published { entries: BTreeMap::new(), index: StaticFile::new(Vec::new()), cached: BTreeMap::new(), cached_bytes: 0 };
        let mut buckets = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') && name.ends_with(".tmp") {
                // A write interrupted by a crash; it was never renamed into place.
                remove(&entry.path())?;
            } else if let Some((hour, part)) = Part::of_file_name(name) {
                let bytes = std::fs::read(entry.path()).map_err(io(&entry.path()))?;
                match part {
                    Part::Summary => published.list(hour, bytes),
                    Part::Bucket(_) => buckets.push((hour, part, bytes)),
                }
            }
        }
        // Buckets are served through the summary that lists them.
        for (hour, part, bytes) in buckets {
            if published.entries.contains_key(&hour) {
                published.cache(hour, part, bytes);
            }
        }
        let directory = BundleDirectory { dir, publishing: Mutex::new(()), published: RwLock::new(published) };
        directory.write_index(key, now)?;
        Ok(directory)
    }

    /// Publishes `groups` as the hour bundle of the next free hour slot, signed with `key`
    /// (core's [`seal_hour`] shuffles all reports together), and rewrites the index. Returns
    /// once the buckets, the summary and the index are on disk.
    pub fn publish(
        &self,
        groups: &[ReportGroup],
        key: &PublisherSigningKey,
        now: DateTime<Utc>,
    ) -> Result<PublishedBundle, BundleDirError> {
        let _one_publisher = self.publishing.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let last = self.read_state(|published| published.entries.last_key_value().map(|(hour, _)| *hour));
        let hour = last.map_or(unix_hour(now), |last| unix_hour(now).max(last + 1));
        let sealed = seal_hour(hour, groups, key)?;
        let path = self.dir.join(hour.to_string());
        if path.exists() {
            return Err(BundleDirError::Io { path, source: std::io::ErrorKind::AlreadyExists.into() });
        }
        // Buckets first: once the summary is in place, everything it lists can be fetched.
        for (index, bucket) in sealed.buckets.iter().enumerate() {
            write_atomically(&self.dir, &format!("{hour}.{index}"), bucket)?;
        }
        write_atomically(&self.dir, &hour.to_string(), &sealed.summary)?;
        let reports = summary_reports(&sealed.summary);
        self.write_state(|published| {
            published.list(hour, sealed.summary);
            for (index, bucket) in (0..=u16::MAX).zip(sealed.buckets) {
                published.cache(hour, Part::Bucket(index), bucket);
            }
        });
        self.write_index(key, now)?;
        Ok(PublishedBundle { hour, reports })
    }

    /// The signed index, as served.
    pub fn index(&self) -> StaticFile {
        self.read_state(|published| published.index.clone())
    }

    /// `part` of the listed hour slot `hour` when it is held in memory: no I/O, so a request
    /// can be answered on the async thread. `None` when it is not listed or beyond the cache
    /// budget ([`BundleDirectory::file`] tells which, reading the disk).
    pub fn cached(&self, hour: u64, part: Part) -> Option<StaticFile> {
        self.read_state(|published| published.cached.get(&(hour, part)).cloned())
    }

    /// `part` of hour slot `hour`, if the slot is listed and has that part.
    pub fn file(&self, hour: u64, part: Part) -> Result<Option<StaticFile>, BundleDirError> {
        let (listed, cached) =
            self.read_state(|published| (published.entries.contains_key(&hour), published.cached.get(&(hour, part)).cloned()));
        match (listed, cached) {
            (false, _) => Ok(None),
            (true, Some(file)) => Ok(Some(file)),
            (true, None) => {
                let path = self.dir.join(part.file_name(hour));
                match std::fs::read(&path) {
                    Ok(bytes) => Ok(Some(StaticFile::new(bytes))),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(source) => Err(BundleDirError::Io { path, source }),
                }
            }
        }
    }

    /// Drops bundles older than 14 days, then signs and writes the index of what is left and
    /// removes the dropped files (after the new index no longer lists them).
    fn write_index(&self, key: &PublisherSigningKey, now: DateTime<Utc>) -> Result<(), BundleDirError> {
        let oldest_kept = unix_hour(now).saturating_sub(RETENTION_HOURS - 1);
        let (bundles, expired) = self.write_state(|published| {
            let kept = published.entries.split_off(&oldest_kept);
            let expired: Vec<u64> = std::mem::replace(&mut published.entries, kept).into_keys().collect();
            let kept_files = published.cached.split_off(&(oldest_kept, Part::Summary));
            let dropped = std::mem::replace(&mut published.cached, kept_files);
            published.cached_bytes -= dropped.values().map(|file| file.bytes.len()).sum::<usize>();
            (published.entries.values().copied().collect(), expired)
        });
        let index = WarningIndex { generated_at: now, bundles }.seal(key);
        write_atomically(&self.dir, INDEX_FILE, &index)?;
        self.write_state(|published| published.index = StaticFile::new(index));
        for hour in expired {
            remove(&self.dir.join(hour.to_string()))?;
            let bucket_prefix = format!("{hour}.");
            for entry in std::fs::read_dir(&self.dir).map_err(io(&self.dir))? {
                let entry = entry.map_err(io(&self.dir))?;
                if entry.file_name().to_str().is_some_and(|name| name.starts_with(&bucket_prefix)) {
                    remove(&entry.path())?;
                }
            }
        }
        Ok(())
    }

    fn read_state<T>(&self, read: impl FnOnce(&Published) -> T) -> T {
        read(&self.published.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    fn write_state<T>(&self, write: impl FnOnce(&mut Published) -> T) -> T {
        write(&mut self.published.write().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

impl Published {
    /// Lists the summary file `bytes` of slot `hour`, caching it while the budget allows.
    fn list(&mut self, hour: u64, bytes: Vec<u8>) {
        let sha256 = Sha256::digest(&bytes).into();
        self.entries.insert(hour, IndexEntry { hour, reports: summary_reports(&bytes), sha256 });
        self.cache(hour, Part::Summary, bytes);
    }

    /// Keeps `part` of slot `hour` in memory while the budget allows.
    fn cache(&mut self, hour: u64, part: Part, bytes: Vec<u8>) {
        if self.cached_bytes + bytes.len() <= CACHE_BUDGET_BYTES {
            self.cached_bytes += bytes.len();
            self.cached.insert((hour, part), StaticFile::new(bytes));
        }
    }
}

/// The report count in an hour summary's header (`"HPWS" | version | key id (8) | hour (8) |
/// reports u32`); 0 for bytes too short to hold one. The summary was signed by this server.
fn summary_reports(summary: &[u8]) -> u32 {
    summary.get(21..25).and_then(|b| b.try_into().ok()).map_or(0, u32::from_be_bytes)
}

/// The Unix hour slot of `now` (0 before 1970).
pub fn unix_hour(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0) / 3600
}

/// Writes `dir/name` whole or not at all: hidden temporary file, fsync, rename, fsync of the
/// directory. Files are world-readable (0644) so a web server can serve them.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), BundleDirError> {
    let temporary = dir.join(format!(".{name}.tmp"));
    let mut file =
        OpenOptions::new().write(true).create(true).truncate(true).mode(0o644).open(&temporary).map_err(io(&temporary))?;
    file.write_all(bytes).map_err(io(&temporary))?;
    file.sync_all().map_err(io(&temporary))?;
    let target = dir.join(name);
    std::fs::rename(&temporary, &target).map_err(io(&target))?;
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
}

/// Removes a file; one already gone is fine.
fn remove(path: &Path) -> Result<(), BundleDirError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(BundleDirError::Io { path: path.to_owned(), source: e }),
        _ => Ok(()),
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BundleDirError + '_ {
    move |source| BundleDirError::Io { path: path.to_owned(), source }
}

#[cfg(test)]
mod tests;
