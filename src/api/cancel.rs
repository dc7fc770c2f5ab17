//! Cancelling a long task from outside it.
//!
//! The desktop app's Cancel button and the CLI's Ctrl-C set a [`Cancel`]; the
//! import or pack export looks at it between steps and, when it is set, stops
//! and rolls back, so a cancelled task leaves nothing behind.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Code, Error, Result};

/// A shared flag: set once by whoever wants the task to stop.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A flag nobody has set yet.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Asks the task to stop at its next step.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether someone asked the task to stop.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// `Err(cancelled)` once the flag is set; `what` names the task ("The
    /// import of 'usage.csv'").
    pub fn check(&self, what: &str) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::new(
                Code::Cancelled,
                format!("{what} was cancelled; nothing was saved"),
            ))
        } else {
            Ok(())
        }
    }
}
