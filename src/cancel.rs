//! Cancelling a call from another thread.
//!
//! A [`Cancel`] is shared by the caller (who may trigger it from any thread) and by every call it
//! is given to. Triggering is permanent, like a .NET `CancellationToken` or a Go context: a call
//! that starts with a triggered handle fails at once with `LS_ERR_CANCELLED`, and a call waiting
//! on the network stops waiting, drops its connection and returns `LS_ERR_CANCELLED`. The client
//! stays usable.

use crate::error::Error;
use crate::status::Status;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Default)]
struct Shared {
    triggered: AtomicBool,
    notify: Notify,
}

/// A cancellation handle. Cloning shares the same state.
#[derive(Clone, Default)]
pub struct Cancel {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancel")
            .field("triggered", &self.is_triggered())
            .finish()
    }
}

impl Cancel {
    /// A handle that has not been triggered.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Cancels every call using this handle, now and later. Safe from any thread, any number of
    /// times.
    pub fn trigger(&self) {
        self.shared.triggered.store(true, Ordering::SeqCst);
        self.shared.notify.notify_waiters();
    }

    /// Whether [`Cancel::trigger`] has been called.
    pub fn is_triggered(&self) -> bool {
        self.shared.triggered.load(Ordering::SeqCst)
    }

    /// Runs `work` until it completes or this handle is triggered, whichever comes first.
    pub(crate) async fn guard<T>(
        &self,
        work: impl Future<Output = crate::Result<T>>,
    ) -> crate::Result<T> {
        let notified = self.shared.notify.notified();
        tokio::pin!(notified);
        // Register for the wake-up before looking at the flag, so a trigger between the two is
        // never missed.
        notified.as_mut().enable();
        if self.is_triggered() {
            return Err(cancelled());
        }
        tokio::select! {
            biased;
            () = &mut notified => Err(cancelled()),
            result = work => result,
        }
    }
}

pub(crate) fn cancelled() -> Error {
    Error::new(
        Status::LS_ERR_CANCELLED,
        "the call was cancelled through its cancel handle",
    )
}
