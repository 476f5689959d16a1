//! Per-file time budget. Parsing pathological input (deeply nested or
//! malformed HTML) must end in a `timeout` error record, never a hang: the
//! stages check a [`Deadline`] between steps and inside their long loops.

use std::time::{Duration, Instant};

use crate::error::{ErrorKind, FileError};

/// Default time budget per file. A real decision page takes milliseconds; a
/// page that needs seconds is pathological.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(10);

/// When the current file must be finished by.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    start: Instant,
    budget: Duration,
}

impl Deadline {
    pub fn start(budget: Duration) -> Deadline {
        Deadline {
            start: Instant::now(),
            budget,
        }
    }

    /// A deadline that never passes (for library callers and tests).
    pub fn none() -> Deadline {
        Deadline::start(Duration::MAX)
    }

    /// `Err(timeout)` once the budget is spent; `stage` names where.
    pub fn check(&self, stage: &str) -> Result<(), FileError> {
        let spent = self.start.elapsed();
        if spent > self.budget {
            return Err(FileError::new(
                ErrorKind::Timeout,
                format!(
                    "gave up during {stage} after {:.1} s (budget {:.1} s per file, --file-timeout)",
                    spent.as_secs_f64(),
                    self.budget.as_secs_f64()
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
        let d = Deadline::start(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        let e = d.check("html").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout);
        assert!(e.message.contains("during html"), "{}", e.message);
        assert!(Deadline::none().check("x").is_ok());
    }
}
