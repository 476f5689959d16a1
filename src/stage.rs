//! The output folder as a whole: every run writes a complete new generation
//! of outputs into a staging folder and publishes it with one atomic rename,
//! so that a run killed at any moment (SIGKILL, power cut, disk full) leaves
//! either the previous complete set of outputs or the new one, never a mix.
//!
//! Layout of `--out DIR` (Unix):
//!
//! ```text
//! DIR/decisions.jsonl -> .ombuds/current/decisions.jsonl   (one link per output)
//! DIR/.ombuds/lock                                         (flock: one run per DIR)
//! DIR/.ombuds/current -> gen-<time>-<pid>                  (the published set)
//! DIR/.ombuds/gen-<time>-<pid>/decisions.jsonl ...         (a generation)
//! ```
//!
//! A run writes into a fresh `gen-*` folder ([`Staging::dir`]); any writer,
//! however late in the run, puts its files there. [`Staging::commit`] syncs
//! the folder, then replaces the `current` symlink with `rename(2)`, which is
//! atomic: before it readers see the old set, after it the new one. Only then
//! are the user-facing links in DIR made (they point through `current`, so
//! they never need to change for existing names) and older generations
//! removed. A generation that `current` does not point to is garbage from a
//! killed run and is deleted by the next run. A reader that wants several
//! files of one set while a run may commit resolves `DIR/.ombuds/current`
//! once and reads through it.
//!
//! Names starting with `.` inside a generation (the incremental cache) are
//! kept with the set but not linked into DIR.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};

/// Hidden folder inside DIR that holds the generations.
pub const STATE_DIR: &str = ".ombuds";
/// Symlink (inside [`STATE_DIR`]) to the published generation.
pub const CURRENT: &str = "current";

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

/// A generation being written. Dropping it without [`Staging::commit`]
/// removes it, so a failed or interrupted run leaves nothing behind.
pub struct Staging {
    out: PathBuf,
    state: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Held for the whole run: a second run on the same DIR fails fast.
    _lock: File,
}

impl Staging {
    /// Checks and prepares `out`, takes its lock, removes the leftovers of
    /// killed runs and creates a fresh generation folder.
    pub fn create(out: &Path) -> Result<Staging> {
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
        let state = out.join(STATE_DIR);
        if !state.is_dir() {
            fs::create_dir(&state)
                .with_context(|| format!("cannot write to output folder {}", out.display()))?;
        }
        let lock = lock(&state.join("lock"))?;
        let current = current_generation(&state);
        remove_generations(&state, current.as_deref());
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = state.join(format!("gen-{stamp}-{}", std::process::id()));
        fs::create_dir(&dir)
            .with_context(|| format!("cannot write to output folder {}", out.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            state,
            dir,
            committed: false,
            _lock: lock,
        })
    }

    /// The folder every output of this run is written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The user-facing output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Creates `name` in the staging folder for writing.
    pub fn create_file(&self, name: &str) -> Result<BufWriter<File>> {
        let path = self.dir.join(name);
        // A carried-over file is a hard link into the published set:
        // unlink it rather than truncate the shared inode.
        let _ = fs::remove_file(&path);
        let file = File::create(&path)
            .with_context(|| format!("cannot create output file {}", path.display()))?;
        Ok(BufWriter::with_capacity(1 << 16, file))
    }

    /// The previous generation, for reading what the last run wrote (the
    /// incremental cache).
    pub fn previous(&self) -> Option<PathBuf> {
        current_generation(&self.state).map(|g| self.state.join(g))
    }

    /// Starts this generation from the published one: every file of it is
    /// hard-linked (copied where links are not possible) into the staging
    /// folder. For a command that replaces some outputs and keeps the others
    /// (e.g. new reports beside an existing dataset): write the new files
    /// with [`Staging::create_file`] or by renaming a temporary file into
    /// [`Staging::dir`], never by truncating a carried-over file in place.
    pub fn carry_over(&self) -> Result<()> {
        let Some(prev) = self.previous() else {
            return Ok(());
        };
        for e in fs::read_dir(&prev).with_context(|| format!("cannot read {}", prev.display()))? {
            let e = e?;
            let to = self.dir.join(e.file_name());
            fs::hard_link(e.path(), &to)
                .or_else(|_| fs::copy(e.path(), &to).map(|_| ()))
                .with_context(|| format!("cannot write {}", to.display()))?;
        }
        Ok(())
    }

    /// Publishes the generation: sync, switch `current`, link, clean up.
    pub fn commit(mut self) -> Result<()> {
        check_interrupted()?;
        let names = sync_folder(&self.dir)?;
        let gen = self
            .dir
            .file_name()
            .expect("generation folder has a name")
            .to_owned();
        migrate_plain_files(&self.out, &self.state, &names)?;
        switch_current(&self.state, Path::new(&gen))?;
        self.committed = true;
        link_outputs(&self.out, &names)?;
        remove_generations(&self.state, Some(&gen.to_string_lossy()));
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(unix)]
fn lock(path: &Path) -> Result<File> {
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
            path.parent()
                .and_then(Path::parent)
                .unwrap_or(path)
                .display(),
            path.display()
        );
    }
    Ok(file)
}

#[cfg(not(unix))]
fn lock(path: &Path) -> Result<File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot write to output folder: {}", path.display()))
}

/// The name of the generation `current` points to.
fn current_generation(state: &Path) -> Option<String> {
    let target = fs::read_link(state.join(CURRENT)).ok()?;
    Some(target.file_name()?.to_string_lossy().into_owned())
}

/// How many generations the output folder `out` holds: one after a completed
/// run, more only while a run is writing or after one was killed.
pub fn generations(out: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    for e in fs::read_dir(out.join(STATE_DIR))? {
        if e?.file_name().to_string_lossy().starts_with("gen-") {
            n += 1;
        }
    }
    Ok(n)
}

/// Removes every generation but `keep` (the published one): the leftovers of
/// killed runs and the previous set after a commit.
fn remove_generations(state: &Path, keep: Option<&str>) {
    let Ok(entries) = fs::read_dir(state) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale_link = name.starts_with("current.");
        if stale_link {
            let _ = fs::remove_file(e.path());
        } else if name.starts_with("gen-") && Some(name.as_str()) != keep {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Flushes every file of the folder and the folder itself to disk, so that
/// the switch never publishes data still in the page cache. Returns the
/// file names.
fn sync_folder(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for e in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let e = e?;
        let path = e.path();
        File::open(&path)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
        names.push(e.file_name().to_string_lossy().into_owned());
    }
    sync_dir(dir)?;
    names.sort();
    Ok(names)
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

/// Points `state/current` at `gen` atomically: a new symlink under a
/// temporary name, then `rename(2)` over the old one.
#[cfg(unix)]
fn switch_current(state: &Path, gen: &Path) -> Result<()> {
    let tmp = state.join(format!("{CURRENT}.{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    std::os::unix::fs::symlink(gen, &tmp)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, state.join(CURRENT))
        .with_context(|| format!("cannot publish outputs in {}", state.display()))?;
    sync_dir(state)
}

/// Without symlinks the files are moved into DIR one by one: each file is
/// atomic, the set is not (documented in the README).
#[cfg(not(unix))]
fn switch_current(state: &Path, gen: &Path) -> Result<()> {
    let out = state.parent().expect("state folder has a parent");
    for e in fs::read_dir(state.join(gen))? {
        let e = e?;
        fs::rename(e.path(), out.join(e.file_name()))?;
    }
    Ok(())
}

/// Outputs of an older ombuds are plain files in DIR. Replacing them one by
/// one with links to the new set would show a mixture if the run died half
/// way, so they first become a generation of their own (hard links, no
/// copy), published as `current`, and are replaced by links to it: at every
/// moment each name shows the old content. The new set is switched in after.
#[cfg(unix)]
fn migrate_plain_files(out: &Path, state: &Path, names: &[String]) -> Result<()> {
    let plain: Vec<String> = names
        .iter()
        .filter(|n| !n.starts_with('.'))
        .filter(|n| fs::symlink_metadata(out.join(n)).is_ok_and(|m| m.file_type().is_file()))
        .cloned()
        .collect();
    if plain.is_empty() {
        return Ok(());
    }
    let legacy_name = format!("gen-0-legacy-{}", std::process::id());
    let legacy = state.join(&legacy_name);
    let _ = fs::remove_dir_all(&legacy);
    fs::create_dir(&legacy).with_context(|| format!("cannot write {}", legacy.display()))?;
    for n in &plain {
        let (from, to) = (out.join(n), legacy.join(n));
        fs::hard_link(&from, &to)
            .or_else(|_| fs::copy(&from, &to).map(|_| ()))
            .with_context(|| format!("cannot keep previous output {}", from.display()))?;
    }
    sync_folder(&legacy)?;
    switch_current(state, Path::new(&legacy_name))?;
    link_outputs(out, &plain)
}

#[cfg(not(unix))]
fn migrate_plain_files(_out: &Path, _state: &Path, _names: &[String]) -> Result<()> {
    Ok(())
}

/// Makes `DIR/name` a link to `.ombuds/current/name` for each output, and
/// removes links to outputs the new set no longer has.
#[cfg(unix)]
fn link_outputs(out: &Path, names: &[String]) -> Result<()> {
    let through = Path::new(STATE_DIR).join(CURRENT);
    for name in names.iter().filter(|n| !n.starts_with('.')) {
        let link = out.join(name);
        let target = through.join(name);
        if fs::read_link(&link).ok().as_deref() == Some(target.as_path()) {
            continue;
        }
        // A plain file from an older ombuds, or a wrong link: replace it
        // atomically with the link.
        let tmp = out.join(format!(".{name}.link"));
        let _ = fs::remove_file(&tmp);
        std::os::unix::fs::symlink(&target, &tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        fs::rename(&tmp, &link).with_context(|| format!("cannot write {}", link.display()))?;
    }
    if let Ok(entries) = fs::read_dir(out) {
        for e in entries.flatten() {
            let Ok(target) = fs::read_link(e.path()) else {
                continue;
            };
            if target.starts_with(&through) && !e.path().exists() {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn link_outputs(_out: &Path, _names: &[String]) -> Result<()> {
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

    fn set(out: &Path, text: &str) {
        let s = Staging::create(out).unwrap();
        write_small(&s, "a.txt", text.as_bytes()).unwrap();
        write_small(&s, "b.txt", text.as_bytes()).unwrap();
        s.commit().unwrap();
    }

    fn generations(out: &Path) -> usize {
        super::generations(out).unwrap()
    }

    #[test]
    fn commit_switches_the_whole_set() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "one");
        set(&out, "two");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        // Only the published generation is kept.
        let gens = generations(&out);
        assert_eq!(gens, 1);
    }

    #[test]
    fn dropped_staging_leaves_previous_set() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        let s = Staging::create(&out).unwrap();
        write_small(&s, "a.txt", b"half").unwrap();
        let staged = s.dir().to_path_buf();
        drop(s);
        assert!(!staged.exists());
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "one");
    }

    #[cfg(unix)]
    #[test]
    fn plain_files_of_an_older_ombuds_become_links() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("a.txt"), "old").unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        set(&out, "new");
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "new");
        assert!(fs::symlink_metadata(out.join("a.txt"))
            .unwrap()
            .file_type()
            .is_symlink());
        // Files that are not outputs are left alone.
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        let gens = generations(&out);
        assert_eq!(gens, 1, "the legacy generation is removed after the commit");
    }

    #[test]
    fn carry_over_keeps_the_other_outputs_and_the_old_set_intact() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        set(&out, "one");
        let old_a = fs::canonicalize(out.join("a.txt")).unwrap();
        let s = Staging::create(&out).unwrap();
        s.carry_over().unwrap();
        write_small(&s, "b.txt", b"two").unwrap();
        // Writing b must not touch the published b (a shared inode).
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "one");
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "one");
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        assert!(!old_a.exists(), "the old generation is gone");
    }

    #[test]
    fn second_run_on_same_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let _first = Staging::create(&out).unwrap();
        let e = Staging::create(&out).err().unwrap();
        assert!(format!("{e:#}").contains("another ombuds run"), "{e:#}");
    }

    #[test]
    fn missing_parent_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no/such/out");
        let e = format!("{:#}", Staging::create(&out).err().unwrap());
        assert!(e.contains("no/such"), "{e}");
        assert!(e.contains("does not exist"), "{e}");
    }
}
