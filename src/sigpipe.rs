//! Keeps SIGPIPE from killing the host process.
//!
//! Writing to a socket the server has closed raises SIGPIPE, whose default action terminates the
//! process. Rust programs ignore it at start-up, but a C, C++ or Python host linking this library
//! usually does not, and the async runtime writes with `writev`, which has no `MSG_NOSIGNAL`.
//! All socket I/O of a client happens on the runtime thread `reqwest` spawns when the client is
//! built, and a new thread inherits its creator's signal mask. So the client is built with SIGPIPE
//! blocked on the calling thread, then the caller's mask is restored: the runtime thread (and any
//! thread it spawns) gets `EPIPE` as an error instead of a signal, and the process-wide signal
//! disposition is never touched.

/// Runs `f` with SIGPIPE blocked on the current thread, then restores the previous mask.
#[cfg(unix)]
pub fn with_sigpipe_blocked<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: sigset_t is plain data initialised by sigemptyset/sigaddset; pthread_sigmask only
    // changes the calling thread's mask and the previous mask is restored below.
    unsafe {
        let mut block: libc::sigset_t = std::mem::zeroed();
        let mut previous: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut block);
        libc::sigaddset(&mut block, libc::SIGPIPE);
        let blocked = libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut previous) == 0;
        let result = f();
        if blocked {
            libc::pthread_sigmask(libc::SIG_SETMASK, &previous, std::ptr::null_mut());
        }
        result
    }
}

/// Windows has no SIGPIPE.
#[cfg(not(unix))]
pub fn with_sigpipe_blocked<T>(f: impl FnOnce() -> T) -> T {
    f()
}
