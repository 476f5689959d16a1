//! Per-file time budget. Parsing pathological input (deeply nested or
//! malformed HTML, a page of ten thousand sums) must end in a `timeout` error
//! record, never a hang: the stages check a [`Budget`] between steps and
//! inside their long loops. The same checks honour Ctrl-C and SIGTERM, so
//! that an interrupted run stops within a moment even inside a huge page.

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::error::{ErrorKind, FileError};

/// Default time budget per file. A real decision page takes milliseconds; a
/// page that needs seconds is pathological.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(10);

/// How long the current file may take, from when it started.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    start: Instant,
    limit: Duration,
}

thread_local! {
    /// The budget of the file this thread is reading (see [`Budget::enter`]).
    static CURRENT: Cell<Option<Budget>> = const { Cell::new(None) };
}

/// Sentences or lines a loop may go through between two looks at
/// [`spent`].
pub const LOOK_EVERY: usize = 64;

/// True once the budget of the file this thread is reading is spent, or the
/// run was interrupted: for loops that cannot return an error. Such a loop
/// stops early; the stage's next [`Budget::check`] then fails the file, so
/// its partial result is never used. Once true it stays true.
pub fn spent() -> bool {
    crate::stage::interrupted() || CURRENT.get().is_some_and(|b| b.start.elapsed() > b.limit)
}

/// Leaves the thread without a current budget when dropped.
pub struct Entered(Option<Budget>);

impl Drop for Entered {
    fn drop(&mut self) {
        CURRENT.set(self.0);
    }
}

impl Budget {
    /// Makes this the budget [`spent`] looks at on this thread, until the
    /// returned guard is dropped.
    pub fn enter(&self) -> Entered {
        Entered(CURRENT.replace(Some(*self)))
    }

    pub fn start(limit: Duration) -> Budget {
        Budget {
            start: Instant::now(),
            limit,
        }
    }

    /// A budget that never runs out (for library callers and tests).
    pub fn none() -> Budget {
        Budget::start(Duration::MAX)
    }

    /// `Err(timeout)` once the budget is spent, or once the run was
    /// interrupted (that record is never published: the run stops); `stage`
    /// names where.
    pub fn check(&self, stage: &str) -> Result<(), FileError> {
        if crate::stage::interrupted() {
            return Err(FileError::new(
                ErrorKind::Timeout,
                format!("interrupted during {stage}"),
            ));
        }
        let spent = self.start.elapsed();
        if spent > self.limit {
            return Err(FileError::new(
                ErrorKind::Timeout,
                format!(
                    "gave up during {stage} after {:.1} s (budget {:.1} s per file, --file-timeout)",
                    spent.as_secs_f64(),
                    self.limit.as_secs_f64()
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_budget_times_out_and_none_never_does() {
        let d = Budget::start(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        let e = d.check("html").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout);
        assert!(e.message.contains("during html"), "{}", e.message);
        assert!(Budget::none().check("x").is_ok());
    }

    #[test]
    fn spent_follows_the_entered_budget_of_this_thread() {
        assert!(!spent());
        let over = Budget::start(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        {
            let _in = over.enter();
            assert!(spent());
            {
                let _none = Budget::none().enter();
                assert!(!spent());
            }
            assert!(spent());
            // Another thread has a budget of its own.
            assert!(!std::thread::spawn(spent).join().unwrap());
        }
        assert!(!spent());
    }
}
