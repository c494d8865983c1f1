//! Keeps SIGPIPE from killing the host process.
//!
//! Writing to a socket the server has closed raises SIGPIPE, whose default action terminates the
//! process. Rust programs ignore it at start-up, but a C, C++ or Python host linking this library
//! may not, and the HTTP stack writes with `writev`, which has no `MSG_NOSIGNAL`. All socket I/O
//! of a client happens inside a call, on the calling thread (see `runtime.rs`), so each call
//! blocks SIGPIPE on its own thread for its duration: a write to a closed socket then fails with
//! `EPIPE` and leaves a pending SIGPIPE, which the guard takes before it restores the caller's
//! mask. The process-wide signal disposition is never touched.
//!
//! Apple platforms need none of this: mio sets `SO_NOSIGPIPE` on every socket it creates.

/// SIGPIPE blocked on the current thread from `new()` until drop.
pub(crate) struct SigpipeBlocked {
    #[cfg(all(unix, not(target_vendor = "apple")))]
    restore: Option<libc::sigset_t>,
}

#[cfg(all(unix, not(target_vendor = "apple")))]
impl SigpipeBlocked {
    pub(crate) fn new() -> SigpipeBlocked {
        // SAFETY: sigset_t is plain data initialised by sigemptyset/sigaddset; pthread_sigmask
        // changes only the calling thread's mask, and drop restores it.
        unsafe {
            let pipe = only_sigpipe();
            let mut previous: libc::sigset_t = std::mem::zeroed();
            let blocked = libc::pthread_sigmask(libc::SIG_BLOCK, &pipe, &mut previous) == 0;
            // A caller that already blocks SIGPIPE keeps whatever is pending: it is theirs.
            let already_blocked = libc::sigismember(&previous, libc::SIGPIPE) == 1;
            SigpipeBlocked {
                restore: (blocked && !already_blocked).then_some(previous),
            }
        }
    }
}

#[cfg(all(unix, not(target_vendor = "apple")))]
impl Drop for SigpipeBlocked {
    fn drop(&mut self) {
        let Some(previous) = self.restore else { return };
        // SAFETY: as in new(); the sigset_t values are initialised before use, and the zero
        // timeout makes sigtimedwait a poll that never blocks.
        unsafe {
            let pipe = only_sigpipe();
            loop {
                let mut pending: libc::sigset_t = std::mem::zeroed();
                if libc::sigpending(&mut pending) != 0
                    || libc::sigismember(&pending, libc::SIGPIPE) != 1
                {
                    break;
                }
                let zero = libc::timespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                if libc::sigtimedwait(&pipe, std::ptr::null_mut(), &zero) != libc::SIGPIPE {
                    break;
                }
            }
            libc::pthread_sigmask(libc::SIG_SETMASK, &previous, std::ptr::null_mut());
        }
    }
}

#[cfg(all(unix, not(target_vendor = "apple")))]
unsafe fn only_sigpipe() -> libc::sigset_t {
    let mut set: libc::sigset_t = std::mem::zeroed();
    libc::sigemptyset(&mut set);
    libc::sigaddset(&mut set, libc::SIGPIPE);
    set
}

/// Windows has no SIGPIPE; Apple sockets carry `SO_NOSIGPIPE`.
#[cfg(not(all(unix, not(target_vendor = "apple"))))]
impl SigpipeBlocked {
    pub(crate) fn new() -> SigpipeBlocked {
        SigpipeBlocked {}
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static DELIVERED: AtomicUsize = AtomicUsize::new(0);

    extern "C" fn count(_: libc::c_int) {
        DELIVERED.fetch_add(1, Ordering::SeqCst);
    }

    fn sigpipe_is_blocked() -> bool {
        // SAFETY: reads the calling thread's mask into an initialised set.
        unsafe {
            let mut current: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, std::ptr::null(), &mut current);
            libc::sigismember(&current, libc::SIGPIPE) == 1
        }
    }

    fn raise_sigpipe_on_this_thread() {
        // SAFETY: signals only the calling thread.
        unsafe { libc::pthread_kill(libc::pthread_self(), libc::SIGPIPE) };
    }

    #[test]
    fn a_sigpipe_raised_inside_the_guard_is_taken_and_the_mask_restored() {
        // The test harness ignores SIGPIPE; count deliveries instead, for this test only.
        // SAFETY: the handler only touches an atomic; the old disposition is put back below.
        let previous =
            unsafe { libc::signal(libc::SIGPIPE, count as *const () as libc::sighandler_t) };
        std::thread::spawn(|| {
            assert!(!sigpipe_is_blocked());
            {
                let _guard = SigpipeBlocked::new();
                assert!(sigpipe_is_blocked());
                raise_sigpipe_on_this_thread();
            }
            assert!(!sigpipe_is_blocked(), "the caller's mask is back");
            assert_eq!(
                DELIVERED.load(Ordering::SeqCst),
                0,
                "taken, never delivered"
            );
            raise_sigpipe_on_this_thread();
            assert_eq!(
                DELIVERED.load(Ordering::SeqCst),
                1,
                "the counter does count"
            );
        })
        .join()
        .unwrap();
        // SAFETY: restores the disposition saved above.
        unsafe { libc::signal(libc::SIGPIPE, previous) };
    }
}
