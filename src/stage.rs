//! The output folder as a whole: every run writes a complete new set of
//! outputs into a staging folder and publishes it in one atomic step, so
//! that a run killed at any moment (SIGKILL, power cut, disk full) leaves
//! either the previous complete set or the new one, never a mix, and the
//! files a user opens are regular files (issue 11: `tar`, `rsync -a` and
//! backups copy them, not links).
//!
//! Layout (`--out DIR`, whose parent is `P`):
//!
//! ```text
//! P/DIR/decisions.jsonl ...                 the published set: regular files
//! P/DIR/.ombuds/lock                        flock: one run per DIR
//! P/DIR/.ombuds/manifest.json               the outputs ombuds wrote here
//! P/DIR/.ombuds/cache.jsonl                 the --incremental cache
//! P/.DIR.ombuds-<time>-<pid>/               a set being staged (beside DIR,
//!                                           on the same file system)
//! ```
//!
//! [`Staging::commit`] syncs the staged folder, hard-links into it
//! everything of the user's in DIR (their files stay where they are; a link
//! is not a copy) and the lock, then exchanges the two folders with
//! `renameat2(RENAME_EXCHANGE)`, one atomic step: before it, `DIR` is the old
//! folder, after it the new one. The old folder, now at the staging name, is
//! emptied of what ombuds wrote and removed; anything of the user's found
//! there (a folder, a file saved during the exchange) is moved back into
//! DIR first. A reader that opens `DIR/x` gets the old or the new `x`; a
//! reader that wants several files of one set opens the folder once
//! (`cd DIR`, or a directory handle) and reads through it.
//!
//! Nothing of the user's is replaced (issue 11): an output name is written
//! over only when the file there is the one ombuds's manifest lists (same
//! size and modification time), or a link of the earlier symlink layout
//! (`.ombuds/current/...`). Anything else stops the run before a file is
//! touched, naming the file.
//!
//! Where the exchange is not possible (not Linux, a file system without
//! `RENAME_EXCHANGE`, a parent folder that cannot be written, DIR a mount
//! point) the set is published file by file: the staged folder is
//! `DIR/.ombuds/staging-<time>-<pid>/` and each output is renamed into DIR,
//! so each file is whole, but a run killed during those renames (a few
//! milliseconds) can leave a mixture until the next run publishes a full
//! set; a warning says when a run published this way.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::escape::printable;

/// Hidden folder inside DIR that holds the lock, the manifest and the cache.
pub const STATE_DIR: &str = ".ombuds";
/// The manifest, inside [`STATE_DIR`].
pub const MANIFEST: &str = "manifest.json";
const LOCK: &str = "lock";
/// The folder of the earlier symlink layout inside [`STATE_DIR`].
const LEGACY_CURRENT: &str = "current";

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The run was stopped by Ctrl-C (SIGINT) or SIGTERM before it committed.
#[derive(Debug, thiserror::Error)]
#[error("interrupted: outputs not changed")]
pub struct Interrupted;

/// Installs the Ctrl-C / SIGTERM handler once: it only raises a flag that the
/// run checks between chunks, so that it can remove its staging folder and
/// leave the published outputs as they were.
pub fn install_interrupt_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    });
}

/// True once Ctrl-C (or SIGTERM) was received.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// `Err(Interrupted)` once Ctrl-C was pressed.
pub fn check_interrupted() -> Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// What ombuds wrote in a published set: output name → the file's size and
/// modification time when published (`None` while a file-by-file
/// publication is under way: trusted by name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Manifest {
    ombuds_manifest: u32,
    files: BTreeMap<String, Option<FileId>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct FileId {
    size: u64,
    mtime_ns: i128,
}

impl FileId {
    fn of(meta: &fs::Metadata) -> FileId {
        FileId {
            size: meta.len(),
            mtime_ns: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128),
        }
    }
}

/// The outputs ombuds published in `out` (its manifest's names).
pub fn published_outputs(out: &Path) -> Vec<String> {
    read_manifest(out)
        .map(|m| m.files.into_keys().collect())
        .unwrap_or_default()
}

fn read_manifest(out: &Path) -> Option<Manifest> {
    let text = fs::read_to_string(out.join(STATE_DIR).join(MANIFEST)).ok()?;
    serde_json::from_str(&text).ok()
}

/// How a set is published.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// The staged folder is exchanged with DIR in one step.
    Exchange,
    /// Each file is renamed into DIR (see the module documentation).
    FileByFile,
}

/// A set being written. Dropping it without [`Staging::commit`] removes it,
/// so a failed or interrupted run leaves nothing behind.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    mode: Mode,
    /// The names this run may publish in DIR.
    declared: Vec<String>,
    /// DIR's manifest when the run started (less the outputs this run does
    /// not write that the user changed since: theirs now, left in DIR).
    previous: Option<Manifest>,
    /// Published outputs this set keeps where they are, because the file
    /// system could not link them into the staging folder
    /// ([`Staging::carry_over`]); the set is then published file by file.
    kept: BTreeMap<String, FileId>,
    committed: bool,
    /// Held for the whole run: a second run on the same DIR fails fast.
    _lock: File,
}

/// What is at `DIR/name` for a run about to publish `name` there.
#[derive(Debug, PartialEq)]
enum Owner {
    Free,
    Ombuds,
    /// Not written by ombuds, or changed since: never replaced.
    User(&'static str),
}

fn owner(out: &Path, name: &str, manifest: Option<&Manifest>) -> Owner {
    let path = out.join(name);
    let Ok(meta) = fs::symlink_metadata(&path) else {
        return Owner::Free;
    };
    if meta.is_dir() {
        return match manifest {
            Some(m) if m.files.contains_key(name) => folder_owner(&path, name, m),
            _ => Owner::User("a folder not in ombuds's manifest, .ombuds/manifest.json"),
        };
    }
    if meta.file_type().is_symlink() {
        let legacy = Path::new(STATE_DIR).join(LEGACY_CURRENT);
        return match fs::read_link(&path) {
            Ok(t) if t.starts_with(&legacy) => Owner::Ombuds,
            _ => Owner::User("a link ombuds did not make"),
        };
    }
    match manifest.and_then(|m| m.files.get(name)) {
        None => Owner::User("not in ombuds's manifest, .ombuds/manifest.json"),
        Some(None) => Owner::Ombuds,
        Some(Some(id)) if meta.is_file() && FileId::of(&meta) == *id => Owner::Ombuds,
        Some(Some(_)) => Owner::User("changed since ombuds wrote it"),
    }
}

/// An output folder (`councils/`) is ombuds's only when every entry in it is
/// a file the manifest lists as `folder/name`, unchanged: a file the user
/// saved or edited there makes the whole folder theirs, never replaced.
fn folder_owner(path: &Path, name: &str, manifest: &Manifest) -> Owner {
    let Ok(entries) = fs::read_dir(path) else {
        return Owner::User("a folder ombuds cannot read");
    };
    for e in entries {
        let Ok(e) = e else {
            return Owner::User("a folder ombuds cannot read");
        };
        let key = format!("{name}/{}", e.file_name().to_string_lossy());
        let ours = match (fs::symlink_metadata(e.path()), manifest.files.get(&key)) {
            (Ok(meta), Some(None)) => meta.is_file(),
            (Ok(meta), Some(Some(id))) => meta.is_file() && FileId::of(&meta) == *id,
            _ => false,
        };
        if !ours {
            return Owner::User("a folder holding a file ombuds did not write, or changed since");
        }
    }
    Owner::Ombuds
}

/// Names of outputs ombuds writes, for cleaning the folders it staged:
/// anything else found in them is the user's and is put back, never removed.
fn is_ombuds_name(name: &str) -> bool {
    crate::write::OUTPUTS.contains(&name)
        || name == STATE_DIR
        || (name.starts_with('.') && (name.ends_with(".tmp") || name.ends_with(".fix")))
}

impl Staging {
    /// Checks and prepares `out`, takes its lock, refuses to go on if a file
    /// of the user's has one of the `declared` output names, removes the
    /// leftovers of killed runs and creates a fresh staging folder.
    pub fn create(out: &Path, declared: &[&str]) -> Result<Staging> {
        Staging::create_in(out, declared, true)
    }

    /// [`Staging::create`], publishing file by file unless `exchange`
    /// (tests use it to run the fallback wherever they run).
    fn create_in(out: &Path, declared: &[&str], exchange: bool) -> Result<Staging> {
        if !out.exists() {
            let parent = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            if parent.exists() && !parent.is_dir() {
                bail!(
                    "cannot create output folder {}: its parent {} is not a folder",
                    out.display(),
                    parent.display()
                );
            }
            if !parent.is_dir() {
                bail!(
                    "cannot create output folder {}: its parent {} does not exist",
                    out.display(),
                    parent.display()
                );
            }
            fs::create_dir(out)
                .with_context(|| format!("cannot create output folder {}", out.display()))?;
        } else if !out.is_dir() {
            bail!("output folder {} is not a folder", out.display());
        }
        let shown = out.to_path_buf();
        let out = fs::canonicalize(out)
            .with_context(|| format!("cannot open output folder {}", shown.display()))?;
        let state = out.join(STATE_DIR);
        if !state.is_dir() {
            fs::create_dir(&state)
                .with_context(|| format!("cannot write to output folder {}", shown.display()))?;
        }
        let lock = lock(&state.join(LOCK), &shown)?;
        let mut previous = read_manifest(&out);
        // An output ombuds wrote that this run does not write (the database
        // of an earlier run, with --no-db) is dropped from the new set,
        // unless the user changed it since: then it is theirs, and stays.
        if let Some(m) = previous.as_mut() {
            let theirs: Vec<String> = m
                .files
                .keys()
                .filter(|n| !declared.contains(&n.as_str()))
                .filter(|n| matches!(owner(&out, n, Some(&*m)), Owner::User(_)))
                .cloned()
                .collect();
            for n in theirs {
                m.files.remove(&n);
            }
        }
        let refused: Vec<String> = declared
            .iter()
            .filter_map(|n| match owner(&out, n, previous.as_ref()) {
                Owner::User(why) => Some(format!("{} ({why})", shown.join(n).display())),
                _ => None,
            })
            .collect();
        if !refused.is_empty() {
            bail!(
                "{} not written by ombuds, which will not replace it: move it away or \
                 choose another --out (nothing was changed)",
                refused.join(", ")
            );
        }
        remove_leftovers(&out);
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let (mode, dir) = match sibling(&out, &format!("{stamp}-{}", std::process::id())) {
            Some(dir) if exchange && cfg!(target_os = "linux") && fs::create_dir(&dir).is_ok() => {
                (Mode::Exchange, dir)
            }
            _ => {
                let dir = state.join(format!("staging-{stamp}-{}", std::process::id()));
                fs::create_dir(&dir).with_context(|| {
                    format!("cannot write to output folder {}", shown.display())
                })?;
                (Mode::FileByFile, dir)
            }
        };
        let staging = Staging {
            out,
            dir,
            mode,
            declared: declared.iter().map(|s| s.to_string()).collect(),
            previous,
            kept: BTreeMap::new(),
            committed: false,
            _lock: lock,
        };
        fs::create_dir(staging.dir.join(STATE_DIR))
            .with_context(|| format!("cannot write to output folder {}", shown.display()))?;
        Ok(staging)
    }

    /// The folder every output of this run is written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The user-facing output folder (absolute).
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Creates `name` (an output, or `.ombuds/...` state) in the staging
    /// folder for writing.
    pub fn create_file(&self, name: &str) -> Result<BufWriter<File>> {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // A carried-over file is a hard link into the published set:
        // unlink it rather than truncate the shared inode.
        let _ = fs::remove_file(&path);
        let file = File::create(&path)
            .with_context(|| format!("cannot create output file {}", path.display()))?;
        Ok(BufWriter::with_capacity(1 << 16, file))
    }

    /// The published set this run replaces, for reading what the last run
    /// wrote (the incremental cache, the dataset a summary keeps).
    pub fn previous(&self) -> Option<&Path> {
        self.previous.as_ref().map(|_| self.out.as_path())
    }

    /// Starts this set from the published one: every output ombuds wrote
    /// there is hard-linked into the staging folder (the same file, never a
    /// copy: `ombuds.db` can be hundreds of MB). Where the file system has
    /// no hard links, the outputs stay where they are and the set is
    /// published file by file around them. For a command that replaces
    /// some outputs and keeps the others (new reports beside an existing
    /// dataset): write the new files with [`Staging::create_file`] or by
    /// renaming a temporary file into [`Staging::dir`], never by truncating
    /// a carried-over file.
    pub fn carry_over(&mut self) -> Result<()> {
        self.carry_over_with(|from, to| fs::hard_link(from, to))
    }

    fn carry_over_with(
        &mut self,
        link: impl Fn(&Path, &Path) -> std::io::Result<()>,
    ) -> Result<()> {
        let Some(m) = &self.previous else {
            return Ok(());
        };
        // The incremental cache describes the dataset carried over. Output
        // folders (and the files listed inside them) are not carried over:
        // the command that declares a folder writes it whole.
        let names = m
            .files
            .keys()
            .filter(|n| !n.contains('/'))
            .map(String::as_str)
            .chain([crate::cache::CACHE_FILE]);
        let mut kept = BTreeMap::new();
        for name in names {
            let from = self.out.join(name);
            let Ok(meta) = fs::metadata(&from) else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            if name != crate::cache::CACHE_FILE && !self.declared.iter().any(|d| d == name) {
                bail!("internal: carried-over output {name} is not declared");
            }
            let to = self.dir.join(name);
            if link(&from, &to).is_err() {
                kept.insert(name.to_string(), FileId::of(&meta));
            }
        }
        if !kept.is_empty() {
            self.mode = Mode::FileByFile;
            warn(&format!(
                "{}: the file system cannot link files; outputs kept in place and the others \
                 published file by file",
                self.out.display()
            ));
        }
        self.kept = kept;
        Ok(())
    }

    /// Publishes the staged set: sync, then exchange (or rename file by
    /// file), then clean up. An error before the set is published leaves
    /// the old set (exit 2); after it, problems are warnings on stderr: the
    /// new set is live and the run succeeded.
    pub fn commit(mut self) -> Result<()> {
        check_interrupted()?;
        let names = top_level_names(&self.dir)?;
        if let Some(n) = names.iter().find(|n| !self.declared.contains(n)) {
            bail!("internal: output {n} was staged but not declared");
        }
        // A file of the user's may have appeared during the run.
        let refused: Vec<String> = names
            .iter()
            .filter(|n| matches!(owner(&self.out, n, self.previous.as_ref()), Owner::User(_)))
            .map(|n| self.out.join(n).display().to_string())
            .collect();
        if !refused.is_empty() {
            bail!(
                "{} appeared during the run and is not ombuds's: nothing was changed",
                refused.join(", ")
            );
        }
        sync_tree(&self.dir)?;
        let mut manifest = Manifest {
            ombuds_manifest: 1,
            files: BTreeMap::new(),
        };
        for n in &names {
            let path = self.dir.join(n);
            let meta =
                fs::metadata(&path).with_context(|| format!("cannot read {}", path.display()))?;
            if !meta.is_dir() {
                manifest.files.insert(n.clone(), Some(FileId::of(&meta)));
                continue;
            }
            // An output folder: listed by name, and each file in it with
            // its own size and time (see `folder_owner`).
            manifest.files.insert(n.clone(), None);
            for e in
                fs::read_dir(&path).with_context(|| format!("cannot read {}", path.display()))?
            {
                let e = e?;
                let meta = e.metadata()?;
                manifest.files.insert(
                    format!("{n}/{}", e.file_name().to_string_lossy()),
                    Some(FileId::of(&meta)),
                );
            }
        }
        // Kept in place, unless this run wrote them anew.
        for (n, id) in &self.kept {
            if !n.starts_with(STATE_DIR) && !names.contains(n) {
                manifest.files.insert(n.clone(), Some(*id));
            }
        }
        if self.mode == Mode::Exchange {
            match self.commit_exchange(&names, &manifest)? {
                Published::Yes => return Ok(()),
                Published::NotSupported => {}
            }
        }
        self.commit_file_by_file(&names, &manifest)
    }

    fn commit_exchange(&mut self, names: &[String], manifest: &Manifest) -> Result<Published> {
        let out = self.out.clone();
        write_json(&self.dir.join(STATE_DIR).join(MANIFEST), manifest)?;
        // The user's files and the lock go into the new set as hard links:
        // the same files, so the lock stays held and nothing is copied.
        let link = |from: &Path, to: &Path| -> Result<bool> {
            match fs::hard_link(from, to) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(e).with_context(|| format!("cannot link {}", from.display())),
            }
        };
        let mut linked = true;
        for e in fs::read_dir(&out).with_context(|| format!("cannot read {}", out.display()))? {
            let e = e?;
            let name = e.file_name();
            let name_s = name.to_string_lossy();
            if name_s == STATE_DIR || self.is_replaced(&name_s, names) {
                continue;
            }
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                // Moved after the exchange (a folder cannot be linked).
                continue;
            }
            if link(&e.path(), &self.dir.join(&name)).is_err() {
                linked = false;
                break;
            }
        }
        if linked {
            linked = link(
                &out.join(STATE_DIR).join(LOCK),
                &self.dir.join(STATE_DIR).join(LOCK),
            )
            .is_ok();
        }
        if !linked {
            // No hard links here (some network or FAT file systems).
            return self.fall_back(names);
        }
        sync_dir(&self.dir.join(STATE_DIR))?;
        sync_dir(&self.dir)?;
        check_interrupted()?;
        match exchange(&self.dir, &out) {
            Ok(()) => {}
            Err(e) if exchange_unsupported(&e) => return self.fall_back(names),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot publish outputs in {}", out.display()))
            }
        }
        // Published: from here on nothing fails the run.
        self.committed = true;
        if let Some(parent) = out.parent() {
            if let Err(e) = sync_dir(parent) {
                warn(&format!("{e:#}"));
            }
        }
        let old = self.dir.clone();
        if let Err(e) = put_back_and_remove(&old, &out) {
            warn(&format!(
                "the new outputs are in place, but the previous set could not be removed: {e:#} \
                 (the next run retries)"
            ));
        }
        Ok(Published::Yes)
    }

    /// True when `name` in DIR is an output this commit replaces or drops.
    fn is_replaced(&self, name: &str, names: &[String]) -> bool {
        names.iter().any(|n| n == name)
            || self
                .previous
                .as_ref()
                .is_some_and(|m| m.files.contains_key(name))
            || owner(&self.out, name, None) == Owner::Ombuds
    }

    /// Exchange not possible: undo the links, then publish file by file.
    fn fall_back(&mut self, names: &[String]) -> Result<Published> {
        for e in fs::read_dir(&self.dir)?.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if !names.contains(&n) && n != STATE_DIR {
                let _ = fs::remove_file(e.path());
            }
        }
        let _ = fs::remove_file(self.dir.join(STATE_DIR).join(LOCK));
        warn(&format!(
            "{}: the file system cannot exchange folders; outputs published file by file",
            self.out.display()
        ));
        Ok(Published::NotSupported)
    }

    fn commit_file_by_file(mut self, names: &[String], manifest: &Manifest) -> Result<()> {
        let out = self.out.clone();
        let state = out.join(STATE_DIR);
        // First the manifest names every file of both sets, so that a run
        // killed half way leaves only files ombuds knows as its own.
        let mut during = self.previous.clone().unwrap_or_default();
        during.ombuds_manifest = 1;
        for n in names {
            during.files.insert(n.clone(), None);
        }
        for id in during.files.values_mut() {
            *id = None;
        }
        write_json(&state.join(MANIFEST), &during)?;
        check_interrupted()?;
        self.committed = true;
        let mut failed = Vec::new();
        for n in names {
            // A folder cannot be renamed over a folder that is not empty:
            // the published one is moved aside first, then removed.
            let there = out.join(n);
            let aside = state.join(format!("old-{n}-{}", std::process::id()));
            let moved_aside = there.is_dir() && fs::rename(&there, &aside).is_ok();
            if let Err(e) = fs::rename(self.dir.join(n), &there) {
                failed.push(format!("{n}: {e}"));
            }
            if moved_aside {
                let _ = fs::remove_dir_all(&aside);
            }
        }
        if let Some(m) = &self.previous {
            for n in m.files.keys() {
                if !n.contains('/') && !names.contains(n) && !self.kept.contains_key(n) {
                    let _ = fs::remove_file(out.join(n));
                }
            }
        }
        let cache = Path::new(STATE_DIR).join(crate::cache::CACHE_NAME);
        let staged_cache = self.dir.join(&cache);
        if staged_cache.exists() {
            let _ = fs::rename(&staged_cache, out.join(&cache));
        } else if !self.kept.contains_key(crate::cache::CACHE_FILE) {
            let _ = fs::remove_file(out.join(&cache));
        }
        if !failed.is_empty() {
            bail!(
                "outputs partly published in {} (the next run completes the set): {}",
                out.display(),
                failed.join("; ")
            );
        }
        write_json(&state.join(MANIFEST), manifest)?;
        let _ = fs::remove_dir_all(&self.dir);
        remove_legacy(&out);
        Ok(())
    }
}

enum Published {
    Yes,
    NotSupported,
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Only outputs and links of the user's files (still in DIR).
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn warn(msg: &str) {
    eprintln!("ombuds: warning: {}", printable(msg));
}

/// `P/.DIR.ombuds-<suffix>` for `out` = `P/DIR`.
fn sibling(out: &Path, suffix: &str) -> Option<PathBuf> {
    let parent = out.parent()?;
    let name = out.file_name()?.to_string_lossy();
    Some(parent.join(format!(".{name}.ombuds-{suffix}")))
}

/// The staging folders of killed runs, beside DIR and inside it.
fn leftover_folders(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let (Some(parent), Some(prefix)) = (out.parent(), sibling(out, "")) {
        let prefix = prefix.file_name().map(|p| p.to_string_lossy().into_owned());
        if let (Ok(entries), Some(prefix)) = (fs::read_dir(parent), prefix) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) && e.path().is_dir() {
                    found.push(e.path());
                }
            }
        }
    }
    if let Ok(entries) = fs::read_dir(out.join(STATE_DIR)) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            // `old-*`: an output folder a file-by-file publication had
            // moved aside when it was killed.
            if n.starts_with("staging-") || n.starts_with("old-") {
                found.push(e.path());
            }
        }
    }
    found.sort();
    found
}

/// Cleans up after killed runs (their staging folders: unpublished sets, or
/// old sets a run had no time to remove), putting back anything of the
/// user's, and the folders of the earlier symlink layout.
fn remove_leftovers(out: &Path) {
    for dir in leftover_folders(out) {
        if let Err(e) = put_back_and_remove(&dir, out) {
            warn(&format!("cannot clean up {}: {e:#}", dir.display()));
        }
    }
}

/// How many sets the output folder `out` holds: one after a completed run
/// (the published set), more only while a run is writing or after one was
/// killed (its staging folder, removed by the next run).
pub fn generations(out: &Path) -> std::io::Result<usize> {
    let out = fs::canonicalize(out)?;
    let published = usize::from(read_manifest(&out).is_some());
    Ok(published + leftover_folders(&out).len())
}

/// Empties a staged or replaced set folder `dir` and removes it. What
/// ombuds wrote goes (the outputs named in its manifest or DIR's, or by
/// [`is_ombuds_name`]); an entry that is a hard link of the same name in
/// `out` goes (the file stays in `out`); anything else is the user's and is
/// moved into `out` (a folder of theirs after an exchange, a file saved
/// while it happened). Folders staged inside `.ombuds` hold only outputs.
fn put_back_and_remove(dir: &Path, out: &Path) -> Result<()> {
    let beside = dir.parent() != Some(out.join(STATE_DIR).as_path());
    let manifests = [read_manifest(dir), read_manifest(out)];
    let listed = |n: &str| manifests.iter().flatten().any(|m| m.files.contains_key(n));
    for e in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let e = e?;
        let name = e.file_name();
        let name_s = name.to_string_lossy();
        let path = e.path();
        let ours = is_ombuds_name(&name_s)
            || listed(&name_s)
            || owner(dir, &name_s, None) == Owner::Ombuds;
        let meta = fs::symlink_metadata(&path)?;
        if ours || !beside {
            if meta.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            }
            .with_context(|| format!("cannot remove {}", path.display()))?;
            continue;
        }
        let there = out.join(&name);
        match fs::symlink_metadata(&there) {
            Ok(t) if same_file(&t, &meta) => fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?,
            _ => fs::rename(&path, &there).with_context(|| {
                format!("cannot move {} back to {}", path.display(), there.display())
            })?,
        }
    }
    fs::remove_dir(dir).with_context(|| format!("cannot remove {}", dir.display()))
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_a: &fs::Metadata, _b: &fs::Metadata) -> bool {
    false
}

/// Removes what the earlier symlink layout left in `.ombuds` (`current`
/// and its generations) once no published name links there.
fn remove_legacy(out: &Path) {
    let state = out.join(STATE_DIR);
    let _ = fs::remove_file(state.join(LEGACY_CURRENT));
    if let Ok(entries) = fs::read_dir(&state) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with("gen-") || n.starts_with("current.") {
                let _ = fs::remove_dir_all(e.path()).or_else(|_| fs::remove_file(e.path()));
            }
        }
    }
}

/// The names in the staged folder, but its state folder.
fn top_level_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for e in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let n = e?.file_name().to_string_lossy().into_owned();
        if n != STATE_DIR {
            names.push(n);
        }
    }
    names.sort();
    Ok(names)
}

fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    File::create(&tmp)
        .and_then(|mut f| f.write_all(&text).and_then(|_| f.sync_all()))
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

/// Flushes every file of the folder (and of its state folder) and the
/// folders themselves to disk, so that publishing never exposes data still
/// in the page cache.
fn sync_tree(dir: &Path) -> Result<()> {
    for e in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let e = e?;
        let path = e.path();
        if e.file_type()?.is_dir() {
            sync_tree(&path)?;
        } else {
            File::open(&path)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    sync_dir(dir)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<()> {
    Ok(())
}

/// Exchanges two folders atomically (`renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two NUL-terminated paths that outlive the call; no memory is
    // shared with the kernel beyond it.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Errors that mean "this file system cannot exchange": publish file by file.
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error() {
        return [
            libc::EINVAL,
            libc::ENOSYS,
            libc::EOPNOTSUPP,
            libc::EXDEV,
            libc::EBUSY,
        ]
        .contains(&code);
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

#[cfg(unix)]
fn lock(path: &Path, shown: &Path) -> Result<File> {
    use std::os::unix::io::AsRawFd;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot write to output folder: {}", path.display()))?;
    // SAFETY: flock on a file descriptor we own; no memory is involved.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc != 0 {
        bail!(
            "another ombuds run is writing to {} (lock {})",
            shown.display(),
            path.display()
        );
    }
    Ok(file)
}

#[cfg(not(unix))]
fn lock(path: &Path, _shown: &Path) -> Result<File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot write to output folder: {}", path.display()))
}

/// Writes `name` in `dir`, a folder being staged (or one inside it), with
/// `f`. A file there that was carried over is a hard link into the
/// published set: it is unlinked first, never truncated. Nothing is synced
/// here: [`Staging::commit`] syncs the whole set before publishing it. On
/// an error the partial file is removed.
pub fn write_staged(
    dir: &Path,
    name: &str,
    f: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let path = dir.join(name);
    let _ = fs::remove_file(&path);
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    let res = f(&mut w).and_then(|_| w.flush().map_err(Into::into));
    if let Err(e) = res {
        drop(w);
        let _ = fs::remove_file(&path);
        return Err(e.context(format!("cannot write {}", path.display())));
    }
    Ok(())
}

/// Writes `bytes` as `name` in the staging folder (small files).
pub fn write_small(staging: &Staging, name: &str, bytes: &[u8]) -> Result<()> {
    let mut w = staging.create_file(name)?;
    w.write_all(bytes)
        .and_then(|_| w.flush())
        .with_context(|| format!("cannot write {}", staging.dir().join(name).display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["a.txt", "b.txt"];

    fn set(out: &Path, text: &str) {
        let s = Staging::create(out, NAMES).unwrap();
        write_small(&s, "a.txt", text.as_bytes()).unwrap();
        write_small(&s, "b.txt", text.as_bytes()).unwrap();
        s.commit().unwrap();
    }

    fn generations(out: &Path) -> usize {
        super::generations(out).unwrap()
    }

    fn is_regular(p: &Path) -> bool {
        fs::symlink_metadata(p).unwrap().file_type().is_file()
    }

    #[test]
    fn commit_switches_the_whole_set_of_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "one");
        set(&out, "two");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        assert!(is_regular(&out.join("a.txt")) && is_regular(&out.join("b.txt")));
        // Only the published set is kept: no staging folder beside or inside.
        assert_eq!(generations(&out), 1);
        let beside: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1, "{beside:?}");
    }

    #[test]
    fn dropped_staging_leaves_previous_set() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        let s = Staging::create(&out, NAMES).unwrap();
        write_small(&s, "a.txt", b"half").unwrap();
        let staged = s.dir().to_path_buf();
        drop(s);
        assert!(!staged.exists());
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "one");
    }

    #[cfg(unix)]
    #[test]
    fn links_of_the_symlink_layout_become_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let gen = out.join(".ombuds/gen-1-1");
        fs::create_dir_all(&gen).unwrap();
        fs::write(gen.join("a.txt"), "old").unwrap();
        std::os::unix::fs::symlink("gen-1-1", out.join(".ombuds/current")).unwrap();
        std::os::unix::fs::symlink(".ombuds/current/a.txt", out.join("a.txt")).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        set(&out, "new");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "new");
        assert!(is_regular(&out.join("a.txt")));
        // Files that are not outputs are left alone.
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert!(!out.join(".ombuds/gen-1-1").exists());
        assert_eq!(generations(&out), 1);
    }

    #[test]
    fn the_users_files_and_folders_stay() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        fs::write(out.join("notes.txt"), "mine").unwrap();
        fs::create_dir_all(out.join("drafts/deep")).unwrap();
        fs::write(out.join("drafts/deep/x.md"), "draft").unwrap();
        set(&out, "two");
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(
            fs::read_to_string(out.join("drafts/deep/x.md")).unwrap(),
            "draft"
        );
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "two");
    }

    #[test]
    fn a_file_of_the_users_with_an_output_name_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("b.txt"), "my notes").unwrap();
        let e = format!("{:#}", Staging::create(&out, NAMES).err().unwrap());
        assert!(
            e.contains("b.txt") && e.contains("not written by ombuds"),
            "{e}"
        );
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "my notes");
        // An output ombuds wrote and the user then rewrote is theirs too.
        fs::remove_file(out.join("b.txt")).unwrap();
        set(&out, "one");
        std::thread::sleep(std::time::Duration::from_millis(10));
        fs::write(out.join("b.txt"), "edited by hand").unwrap();
        let e = format!("{:#}", Staging::create(&out, NAMES).err().unwrap());
        assert!(e.contains("changed since ombuds wrote it"), "{e}");
        assert_eq!(
            fs::read_to_string(out.join("b.txt")).unwrap(),
            "edited by hand"
        );
    }

    #[test]
    fn carry_over_keeps_the_other_outputs_and_the_old_set_intact() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        let mut s = Staging::create(&out, NAMES).unwrap();
        s.carry_over().unwrap();
        write_small(&s, "b.txt", b"two").unwrap();
        // Writing b must not touch the published b (a shared inode).
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "one");
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "one");
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        assert_eq!(generations(&out), 1);
    }

    #[cfg(unix)]
    #[test]
    fn without_hard_links_carried_outputs_stay_in_place_never_copied() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        let before = fs::metadata(out.join("a.txt")).unwrap();
        let mut s = Staging::create(&out, NAMES).unwrap();
        // As on FAT: no file can be linked.
        s.carry_over_with(|_, _| Err(std::io::ErrorKind::Unsupported.into()))
            .unwrap();
        assert!(!s.dir().join("a.txt").exists(), "not copied");
        write_small(&s, "b.txt", b"two").unwrap();
        s.commit().unwrap();
        let after = fs::metadata(out.join("a.txt")).unwrap();
        assert!(
            same_file(&before, &after),
            "the same file, left where it was"
        );
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        assert_eq!(generations(&out), 1);
        // Still ombuds's: the next run may replace it.
        set(&out, "three");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "three");
    }

    #[test]
    fn an_output_not_written_again_goes_unless_the_user_changed_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        // A run that writes only a.txt (as extract --no-db leaves out
        // ombuds.db): the b.txt of the last set is not part of the new one.
        let only_a = |text: &str| {
            let s = Staging::create(&out, &["a.txt"]).unwrap();
            write_small(&s, "a.txt", text.as_bytes()).unwrap();
            s.commit().unwrap();
        };
        only_a("two");
        assert!(!out.join("b.txt").exists());
        // Once the user has changed it, it is theirs and stays.
        set(&out, "three");
        std::thread::sleep(std::time::Duration::from_millis(10));
        fs::write(out.join("b.txt"), "my edits").unwrap();
        only_a("four");
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "my edits");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "four");
        // No longer in the manifest: a run that writes b.txt refuses it.
        let e = format!("{:#}", Staging::create(&out, NAMES).err().unwrap());
        assert!(
            e.contains("b.txt") && e.contains("not written by ombuds"),
            "{e}"
        );
    }

    #[test]
    fn second_run_on_same_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let _first = Staging::create(&out, NAMES).unwrap();
        let e = Staging::create(&out, NAMES).err().unwrap();
        assert!(format!("{e:#}").contains("another ombuds run"), "{e:#}");
    }

    #[test]
    fn the_lock_outlives_the_exchange() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        let first = Staging::create(&out, NAMES).unwrap();
        write_small(&first, "a.txt", b"two").unwrap();
        write_small(&first, "b.txt", b"two").unwrap();
        // Held across the commit: a run starting now is refused.
        let lock_before = fs::metadata(out.join(".ombuds/lock")).unwrap();
        first.commit().unwrap();
        let lock_after = fs::metadata(out.join(".ombuds/lock")).unwrap();
        assert!(
            same_file(&lock_before, &lock_after),
            "the lock is the same file"
        );
    }

    #[test]
    fn a_killed_runs_folder_is_cleaned_and_the_users_files_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        // As a run killed right after the exchange leaves it: the old set,
        // with a folder of the user's not yet moved back.
        let left = sibling(&fs::canonicalize(&out).unwrap(), "1-1").unwrap();
        fs::create_dir_all(left.join("mine")).unwrap();
        fs::write(left.join("mine/x.txt"), "keep").unwrap();
        fs::write(left.join("a.txt"), "stale").unwrap();
        assert_eq!(generations(&out), 2);
        set(&out, "two");
        assert!(!left.exists());
        assert_eq!(fs::read_to_string(out.join("mine/x.txt")).unwrap(), "keep");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "two");
    }

    const WITH_FOLDER: &[&str] = &["a.txt", "pages"];

    /// Publishes `a.txt` and the folder `pages/` holding `files`.
    fn set_with_folder(out: &Path, files: &[&str], exchange: bool) {
        let s = Staging::create_in(out, WITH_FOLDER, exchange).unwrap();
        write_small(&s, "a.txt", b"a").unwrap();
        fs::create_dir(s.dir().join("pages")).unwrap();
        for f in files {
            write_small(&s, &format!("pages/{f}"), f.as_bytes()).unwrap();
        }
        s.commit().unwrap();
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// Issue 13: the organisation pages are an output folder. It is
    /// replaced whole (a page of the last set that this set has not is
    /// gone), by exchange and file by file alike.
    #[test]
    fn an_output_folder_is_replaced_whole() {
        for exchange in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            set_with_folder(&out, &["x.html", "y.html"], exchange);
            assert_eq!(listing(&out.join("pages")), ["x.html", "y.html"]);
            set_with_folder(&out, &["y.html", "z.html"], exchange);
            assert_eq!(listing(&out.join("pages")), ["y.html", "z.html"]);
            assert_eq!(
                fs::read_to_string(out.join("pages/z.html")).unwrap(),
                "z.html"
            );
            assert!(is_regular(&out.join("pages/y.html")));
            assert_eq!(generations(&out), 1, "exchange {exchange}");
            assert_eq!(listing(&out.join(STATE_DIR)), [LOCK, MANIFEST]);
        }
    }

    /// A file the user saved in, or edited inside, an output folder makes
    /// the folder theirs: the run stops before touching anything.
    #[test]
    fn a_users_file_in_an_output_folder_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set_with_folder(&out, &["x.html"], true);
        fs::write(out.join("pages/notes.txt"), "mine").unwrap();
        let e = format!("{:#}", Staging::create(&out, WITH_FOLDER).err().unwrap());
        assert!(e.contains("pages") && e.contains("did not write"), "{e}");
        fs::remove_file(out.join("pages/notes.txt")).unwrap();
        set_with_folder(&out, &["x.html"], true);
        std::thread::sleep(std::time::Duration::from_millis(10));
        fs::write(out.join("pages/x.html"), "edited").unwrap();
        assert!(Staging::create(&out, WITH_FOLDER).is_err());
        assert_eq!(
            fs::read_to_string(out.join("pages/x.html")).unwrap(),
            "edited"
        );
        // A folder of the user's with the output's name, too.
        let other = dir.path().join("other");
        fs::create_dir_all(other.join("pages")).unwrap();
        let e = format!("{:#}", Staging::create(&other, WITH_FOLDER).err().unwrap());
        assert!(e.contains("not in ombuds's manifest"), "{e}");
    }

    /// `summary` carries a dataset over: never the files of an output folder.
    #[test]
    fn carry_over_leaves_output_folders_to_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set_with_folder(&out, &["x.html"], true);
        let mut s = Staging::create(&out, WITH_FOLDER).unwrap();
        s.carry_over().unwrap();
        assert_eq!(listing(s.dir()), [STATE_DIR, "a.txt"]);
        fs::create_dir(s.dir().join("pages")).unwrap();
        write_small(&s, "pages/w.html", b"w").unwrap();
        s.commit().unwrap();
        assert_eq!(listing(&out.join("pages")), ["w.html"]);
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "a");
    }

    #[test]
    fn missing_parent_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no/such/out");
        let e = format!("{:#}", Staging::create(&out, NAMES).err().unwrap());
        assert!(e.contains("no/such"), "{e}");
        assert!(e.contains("does not exist"), "{e}");
    }
}
