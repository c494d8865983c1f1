//! macOS: every algorithm is the host UUID, as in the vendor's generator (its macOS provider
//! ignores the algorithm number): `gethostuuid()` with a 5-second wait, unparsed in upper case
//! like `uuid_unparse_upper()`. This is the IOPlatformUUID that `ioreg` shows.

use super::{unavailable, uuid_upper, HardwareIdAlgorithm, Source};
use crate::error::Result;

/// How long `gethostuuid` may wait for the answer, as in the vendor's generator.
const WAIT: libc::timespec = libc::timespec {
    tv_sec: 5,
    tv_nsec: 0,
};

pub(super) fn source(algorithm: HardwareIdAlgorithm) -> Result<Source> {
    let mut id = [0u8; 16];
    // SAFETY: `id` is the 16-byte uuid_t gethostuuid writes; WAIT outlives the call.
    if unsafe { libc::gethostuuid(id.as_mut_ptr(), &WAIT) } != 0 {
        let err = std::io::Error::last_os_error();
        let why = if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
            "gethostuuid did not answer within 5 s".to_owned()
        } else {
            format!("gethostuuid failed: {err}")
        };
        return Err(unavailable(algorithm, &why));
    }
    Ok(Source::utf8(uuid_upper(&id)))
}
