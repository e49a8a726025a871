//! Control over long work from outside it: a deadline, a cancel flag another thread (a Ctrl-C
//! handler) may set, and a progress callback. Libraries check a [`Control`] in their long loops
//! (a solver's steps, a Monte Carlo's runs) and stop with what they reached; they never draw
//! progress themselves — front-ends turn [`Progress`] into a bar or a log.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Why work stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stop {
    /// The deadline passed (`--timeout`).
    Timeout,
    /// Someone cancelled the work (Ctrl-C).
    Cancelled,
}

impl Stop {
    /// The name front-ends print and the JSON carries (`"stopped": "timeout"`).
    pub fn name(self) -> &'static str {
        match self {
            Stop::Timeout => "timeout",
            Stop::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What long work reports as it goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Progress<'a> {
    /// This many more units (runs, steps) are finished, out of `total` when known.
    Done { units: u64, total: Option<u64> },
    /// Where the work stands, in words (a logit path's λ and regret).
    Status(&'a str),
}

type Callback = Box<dyn Fn(Progress<'_>) + Send + Sync>;

/// A deadline, a cancel flag and a progress callback, shared by reference with the work.
///
/// ```
/// use brink_core::control::{Control, Stop};
/// use std::time::Duration;
/// let c = Control::new();
/// assert_eq!(c.check(), Ok(()));
/// c.cancel();
/// assert_eq!(c.check(), Err(Stop::Cancelled));
/// let late = Control::new().with_timeout(Duration::ZERO);
/// assert_eq!(late.check(), Err(Stop::Timeout));
/// ```
#[derive(Default)]
pub struct Control {
    deadline: Option<Instant>,
    cancelled: AtomicBool,
    on_progress: Option<Callback>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("deadline", &self.deadline)
            .field("cancelled", &self.cancelled)
            .field("on_progress", &self.on_progress.is_some())
            .finish()
    }
}

impl Control {
    /// No deadline, not cancelled, no progress callback.
    pub fn new() -> Self {
        Control::default()
    }

    /// Stops the work once `timeout` has passed from now.
    pub fn with_timeout(self, timeout: Duration) -> Self {
        let deadline = Instant::now().checked_add(timeout);
        Control { deadline, ..self }
    }

    /// Calls `f` with the work's progress (from any thread).
    pub fn on_progress(self, f: impl Fn(Progress<'_>) + Send + Sync + 'static) -> Self {
        Control {
            on_progress: Some(Box::new(f)),
            ..self
        }
    }

    /// Asks the work to stop at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// `Err` once the work should stop: cancelled, or past its deadline.
    pub fn check(&self) -> Result<(), Stop> {
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(Stop::Cancelled);
        }
        match self.deadline {
            Some(d) if Instant::now() >= d => Err(Stop::Timeout),
            _ => Ok(()),
        }
    }

    /// Reports `units` more finished, out of `total` when known.
    pub fn done(&self, units: u64, total: Option<u64>) {
        if let Some(f) = &self.on_progress {
            f(Progress::Done { units, total });
        }
    }

    /// Reports where the work stands; `status` is only called when someone listens.
    pub fn status(&self, status: impl FnOnce() -> String) {
        if let Some(f) = &self.on_progress {
            f(Progress::Status(&status()));
        }
    }
}

/// [`Control::check`] on an optional control (no control: never stops).
pub fn check(control: Option<&Control>) -> Result<(), Stop> {
    control.map_or(Ok(()), Control::check)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;

    #[test]
    fn progress_reaches_the_callback_and_a_far_deadline_does_not_stop() {
        let seen = Arc::new(AtomicU64::new(0));
        let s = seen.clone();
        let c = Control::new()
            .with_timeout(Duration::from_secs(3600))
            .on_progress(move |p| {
                if let Progress::Done { units, .. } = p {
                    s.fetch_add(units, Ordering::Relaxed);
                }
            });
        c.done(3, Some(10));
        c.done(4, Some(10));
        assert_eq!(seen.load(Ordering::Relaxed), 7);
        assert_eq!(c.check(), Ok(()));
        assert_eq!(check(None), Ok(()));
        assert_eq!(Stop::Timeout.to_string(), "timeout");
    }
}
