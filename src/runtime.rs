//! Runs a client's HTTP I/O on the thread that makes the call.
//!
//! Each client owns a single-threaded Tokio runtime and no thread of its own. A call enters the
//! runtime with `block_on`, so the request is written, the response read and the connection
//! task polled by the calling thread itself: no hand-off to another thread and back, which
//! measured as the largest part of a call's cost on a fast network (BENCHMARKS.md). Several
//! threads may call at once: Tokio lets one of them drive the connections while the others
//! wait for their own responses, and the pool of keep-alive connections stays shared.
//!
//! Between calls nothing polls the connections. So each call first lets the runtime look at
//! the sockets once, without waiting: a pooled connection that the server closed while it was
//! idle is then seen as closed, and the HTTP client retries on a new connection instead of
//! sending the request into a dead one (`pooled_connection_closed_while_idle_is_replaced` in
//! `tests/hostile_server.rs`).

use crate::sigpipe::SigpipeBlocked;
use std::future::Future;
use std::mem::ManuallyDrop;

pub(crate) struct CallerRuntime {
    runtime: ManuallyDrop<tokio::runtime::Runtime>,
}

impl CallerRuntime {
    pub(crate) fn new() -> std::io::Result<CallerRuntime> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        Ok(CallerRuntime {
            runtime: ManuallyDrop::new(runtime),
        })
    }

    /// Runs `call` to completion on the calling thread, with SIGPIPE blocked (see sigpipe.rs).
    pub(crate) fn run<F: Future>(&self, call: F) -> F::Output {
        let _sigpipe = SigpipeBlocked::new();
        self.runtime.block_on(async {
            // Yielding once makes the runtime poll its I/O driver without blocking before the
            // request picks a pooled connection (see the module comment).
            tokio::task::yield_now().await;
            call.await
        })
    }
}

impl Drop for CallerRuntime {
    fn drop(&mut self) {
        // SAFETY: `runtime` is taken exactly once, here, and never used again.
        let runtime = unsafe { ManuallyDrop::take(&mut self.runtime) };
        // Do not wait for work still running on the blocking pool (a DNS lookup that outlived
        // its call's timeout): freeing a client must not block on the network.
        runtime.shutdown_background();
    }
}
