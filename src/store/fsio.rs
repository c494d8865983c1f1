//! File system work of the store: atomic replacement, the cross-process lock, bounded reads, and
//! the mapping of I/O failures to statuses.

use crate::error::{Error, Result};
use crate::status::Status;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The status an I/O failure maps to, for people and for programs: a missing folder, a
/// permission problem, a read-only file system, a full disk, or anything else.
pub fn io_status(e: &io::Error) -> Status {
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error() {
        match code {
            libc::EROFS => return Status::LS_ERR_STORE_READ_ONLY,
            libc::ENOSPC | libc::EDQUOT | libc::EFBIG => return Status::LS_ERR_STORE_DISK_FULL,
            libc::ENOTDIR | libc::ENOENT => return Status::LS_ERR_STORE_FOLDER_MISSING,
            libc::EACCES | libc::EPERM => return Status::LS_ERR_STORE_PERMISSION_DENIED,
            _ => {}
        }
    }
    #[cfg(windows)]
    if let Some(code) = e.raw_os_error() {
        // ERROR_WRITE_PROTECT, ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL, ERROR_PATH_NOT_FOUND,
        // ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION.
        match code {
            19 => return Status::LS_ERR_STORE_READ_ONLY,
            39 | 112 => return Status::LS_ERR_STORE_DISK_FULL,
            3 => return Status::LS_ERR_STORE_FOLDER_MISSING,
            5 | 32 => return Status::LS_ERR_STORE_PERMISSION_DENIED,
            _ => {}
        }
    }
    match e.kind() {
        io::ErrorKind::PermissionDenied => Status::LS_ERR_STORE_PERMISSION_DENIED,
        io::ErrorKind::NotFound => Status::LS_ERR_STORE_FOLDER_MISSING,
        _ => Status::LS_ERR_STORE_IO,
    }
}

/// An error for a failed file operation: `what` says which, the path and the system's words
/// follow.
pub fn io_error(e: &io::Error, what: &str, path: &Path) -> Error {
    Error::new(io_status(e), format!("{what} {}: {e}", path.display()))
}

/// Reads a whole file of at most `max` bytes; a longer file is refused with
/// `LS_ERR_LICENSE_FILE_TAMPERED` without reading further. `Ok(None)` when it does not exist.
pub fn read_bounded(path: &Path, max: u64, what: &str) -> Result<Option<Vec<u8>>> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(&e, &format!("cannot read the {what}"), path)),
    };
    let mut bytes = Vec::with_capacity(8192);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&e, &format!("cannot read the {what}"), path))?;
    if bytes.len() as u64 > max {
        return Err(Error::new(
            Status::LS_ERR_LICENSE_FILE_TAMPERED,
            format!(
                "the {what} {} is larger than any such file can be ({max} bytes); it was not read",
                path.display()
            ),
        ));
    }
    Ok(Some(bytes))
}

/// Creates the folder (and its parents) when it is missing.
pub fn ensure_folder(folder: &Path) -> Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(folder).map_err(|e| {
        // A path through something that is not a folder fails with "already exists".
        let status = if e.kind() == io::ErrorKind::AlreadyExists {
            Status::LS_ERR_STORE_FOLDER_MISSING
        } else {
            io_status(&e)
        };
        Error::new(
            status,
            format!("cannot create the store folder {}: {e}", folder.display()),
        )
    })
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same folder is written,
/// flushed to the disk, and renamed over `path` (then, on POSIX, the folder is flushed too). A
/// crash at any instant leaves either the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let folder = path.parent().unwrap_or(Path::new("."));
    ensure_folder(folder)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("store");
    let tmp: PathBuf = folder.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let write = || -> io::Result<()> {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        rename_over(&tmp, path)?;
        #[cfg(unix)]
        if let Ok(dir) = File::open(folder) {
            // Makes the rename itself durable; a folder that cannot be flushed is no error.
            let _ = dir.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_error(&e, "cannot write", path)
    })?;
    sweep_stale_temporaries(folder, name);
    Ok(())
}

/// Renames `from` over `to`. On Windows a reader or an antivirus scanner that holds `to` open
/// without delete sharing makes the rename fail for a moment (access denied, sharing
/// violation); it is retried a few times (about a second in all) before that counts as an error.
fn rename_over(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(windows)]
    {
        const ERROR_SHARING_VIOLATION: i32 = 32;
        for attempt in 0..7 {
            match std::fs::rename(from, to) {
                Err(e)
                    if e.kind() == io::ErrorKind::PermissionDenied
                        || e.raw_os_error() == Some(ERROR_SHARING_VIOLATION) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(10 << attempt));
                }
                other => return other,
            }
        }
    }
    std::fs::rename(from, to)
}

/// Removes temporary files that writers killed mid-write left behind (their process is gone);
/// best effort.
fn sweep_stale_temporaries(folder: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some(pid) = rest.split('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if process_is_gone(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether no process `pid` runs any more. Unsure answers (no permission to ask) are "no".
#[cfg(unix)]
fn process_is_gone(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: kill with signal 0 only asks whether the process exists.
    pid > 0
        && unsafe { libc::kill(pid, 0) } != 0
        && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

#[cfg(windows)]
fn process_is_gone(pid: u32) -> bool {
    use windows::Win32::Foundation::{CloseHandle, ERROR_INVALID_PARAMETER};
    use windows::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };
    const STILL_ACTIVE: u32 = 259;
    // SAFETY: the handle OpenProcess returns is used and closed here only.
    unsafe {
        match OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid) {
            // No such process (any more): Windows refuses the ID itself.
            Err(e) => e.code() == ERROR_INVALID_PARAMETER.to_hresult(),
            // A process that ended but whose handle someone still holds can be opened.
            Ok(handle) => {
                let mut code = 0u32;
                let ended = GetExitCodeProcess(handle, &mut code).is_ok() && code != STILL_ACTIVE;
                let _ = CloseHandle(handle);
                ended
            }
        }
    }
}

#[cfg(not(any(unix, windows)))]
fn process_is_gone(_pid: u32) -> bool {
    false
}

/// Removes a file; one that is already gone is no error.
pub fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(&e, "cannot remove", path)),
    }
}

/// An exclusive lock on a lock file beside the store, held until dropped. It excludes other
/// processes and, since each lock opens its own file description, other threads too.
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Blocks until the lock on `path` (created if missing) is held.
    pub fn acquire(path: &Path) -> Result<FileLock> {
        if let Some(folder) = path.parent() {
            ensure_folder(folder)?;
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| io_error(&e, "cannot open the lock file", path))?;
        lock_exclusive(&file).map_err(|e| io_error(&e, "cannot lock", path))?;
        Ok(FileLock { _file: file })
    }
}

#[cfg(unix)]
fn lock_exclusive(file: &File) -> io::Result<()> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: flock on a descriptor this function borrows; it is released with the file.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

#[cfg(windows)]
fn lock_exclusive(file: &File) -> io::Result<()> {
    use std::os::windows::io::AsRawHandle;
    use windows::Win32::Foundation::HANDLE;
    use windows::Win32::Storage::FileSystem::{LockFileEx, LOCKFILE_EXCLUSIVE_LOCK};
    use windows::Win32::System::IO::OVERLAPPED;
    let mut overlapped = OVERLAPPED::default();
    // SAFETY: the handle is the file's, valid while it is borrowed; the lock ends when it closes.
    unsafe {
        LockFileEx(
            HANDLE(file.as_raw_handle()),
            LOCKFILE_EXCLUSIVE_LOCK,
            None,
            u32::MAX,
            u32::MAX,
            &mut overlapped,
        )
    }
    .map_err(|e| io::Error::from_raw_os_error(e.code().0 & 0xFFFF))
}

#[cfg(not(any(unix, windows)))]
fn lock_exclusive(_file: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_sweeps_the_temporaries_of_dead_writers_only() {
        let folder = std::env::temp_dir().join(format!("ls-fsio-sweep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        // No process has this ID: above Linux's pid_max and not one Windows hands out.
        let dead = folder.join(".x.lsstore.2147483644.0.tmp");
        let alive = folder.join(format!(".x.lsstore.{}.99.tmp", std::process::id()));
        let other = folder.join(".y.lsstore.2147483644.0.tmp");
        for path in [&dead, &alive, &other] {
            std::fs::write(path, b"partial").unwrap();
        }
        write_atomic(&folder.join("x.lsstore"), b"new").unwrap();
        assert!(!dead.exists(), "a dead writer's temporary is removed");
        assert!(alive.exists(), "a live writer's temporary is kept");
        assert!(other.exists(), "another store's temporary is left alone");
        assert_eq!(std::fs::read(folder.join("x.lsstore")).unwrap(), b"new");
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
