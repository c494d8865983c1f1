//! The local license store: an activated license kept on the device, checked without the
//! network, refreshed online with a grace window, and air-gapped activation through files.
//!
//! A [`Store`] is one product's license in one folder (by default the per-user folder the
//! vendor SDKs use). It works with a [`Client`], whose keys seal the store file and whose public
//! key re-verifies the server's answer at every load. The file format is in `format.rs`; every
//! write replaces the file atomically under a cross-process lock (`fsio.rs`).
//!
//! Time comes from one source: the system clock, or a fixed time set with
//! [`Store::set_time`] (tests move time with it; an application may feed it a trusted clock).

pub mod dates;
mod format;
mod fsio;
pub mod json;
mod offline;

pub use format::{Guard, State};
pub use offline::{
    build_offline_license, parse_offline_license, verify_offline_license, OfflineLicense,
};

use crate::cancel::Cancel;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::fields::Field;
use crate::operation::Operation;
use crate::request::{Param, ParamValue, Request};
use crate::result::{Kind, License, Record};
use crate::status::{Category, Status};
use format::{SealKey, GUARD_MAGIC, STORE_MAGIC};
use fsio::FileLock;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The grace window's length when none is set: 24 hours, as in the vendor SDKs.
pub const DEFAULT_GRACE_HOURS: u32 = 24;
/// The longest grace window accepted: a year.
pub const MAX_GRACE_HOURS: u32 = 24 * 366;
/// How far the clock may fall behind the last recorded use before it counts as set back (small
/// steps of time synchronisation are not tampering).
pub const CLOCK_TOLERANCE_MS: i64 = 60_000;
/// How stale the stored last-use time may get: a local check writes the store only when the
/// recorded time is older than this, so repeated checks cost no disk write.
pub const LAST_USE_WRITE_INTERVAL_MS: i64 = 60_000;
/// The floating timeout assumed when a floating license does not say (minutes).
const DEFAULT_FLOATING_TIMEOUT_MIN: i64 = 120;
/// The longest product code accepted (it names the store's file).
const MAX_PRODUCT_LEN: usize = 128;

/// The server error codes that revoke a stored license: recorded, and reported by later local
/// checks until an online check succeeds again.
const REVOKING_CODES: &[&str] = &[
    "license_not_enabled",
    "license_not_active",
    "license_expired",
    "device_not_found",
    "blacklisted",
    "trial_expired",
];

/// What a store call reports besides the license.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreState {
    /// This call reached the server and stored its answer.
    pub online: bool,
    /// The server could not be reached and the license passes within the grace window.
    pub in_grace: bool,
    /// The license came from an offline `.lic` file.
    pub offline_activated: bool,
    /// `LS_OK` when the store file was written (or nothing needed writing); otherwise why it
    /// could not be, and the license is kept in this handle's memory.
    pub save_status: Status,
    /// Milliseconds since the Unix epoch (UTC) of the last successful activation or online check.
    pub last_check_ms: i64,
    /// Milliseconds since the epoch of the latest recorded use.
    pub last_use_ms: i64,
    /// When the grace window opened (the first failure to reach the server since the last success).
    pub grace_start_ms: Option<i64>,
    /// When the grace window closes.
    pub grace_end_ms: Option<i64>,
    /// When the floating seat ends unless an online check renews it (floating licenses).
    pub floating_end_ms: Option<i64>,
    /// When the license expires, the subscription grace period included (`None`: never).
    pub valid_until_ms: Option<i64>,
    /// Consumptions recorded locally and not yet sent to the server.
    pub local_consumptions: i64,
}

/// A stored license, verified.
#[derive(Debug)]
struct Entry {
    body: Vec<u8>,
    signature: String,
    state: State,
    license: License,
}

struct Cached {
    bytes: Vec<u8>,
    key: SealKey,
    entry: Arc<Entry>,
}

#[derive(Default)]
struct Inner {
    /// The file contents last verified, and what they were verified with.
    cache: Option<Cached>,
    /// A license (or state) that could not be written; newer than the file, used until a write
    /// succeeds.
    unsaved: Option<(SealKey, Arc<Entry>)>,
}

/// One product's stored license in one folder. Safe to share between threads; several
/// processes may use the same folder at once.
pub struct Store {
    product: String,
    folder: PathBuf,
    path: PathBuf,
    lock_path: PathBuf,
    guard_path: PathBuf,
    /// The path as a C string, lent out by `ls_store_path`.
    path_c: std::ffi::CString,
    grace_hours: AtomicU32,
    /// Milliseconds since the epoch the store reads as now; 0 for the system clock.
    fixed_time_ms: AtomicI64,
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("product", &self.product)
            .field("path", &self.path)
            .finish()
    }
}

/// The part of a product code that names files: letters, digits, `-`, `_` and inner `.` kept,
/// every other byte as `%XX`.
fn file_stem(product: &str) -> String {
    let mut out = String::new();
    for (i, b) in product.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The vendor SDKs' per-user folder for `product`: `$HOME/.LicenseSpring/LicenseSpring/<product>`
/// on POSIX systems, `%LOCALAPPDATA%\LicenseSpring\<product>` on Windows.
pub fn default_folder(product: &str) -> Result<PathBuf> {
    let stem = file_stem(product);
    #[cfg(windows)]
    {
        let base = std::env::var_os("LOCALAPPDATA")
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                Error::new(
                    Status::LS_ERR_STORE_FOLDER_MISSING,
                    "LOCALAPPDATA is not set, so there is no default store folder; pass a folder",
                )
            })?;
        Ok(PathBuf::from(base).join("LicenseSpring").join(stem))
    }
    #[cfg(not(windows))]
    {
        let home = std::env::var_os("HOME")
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                Error::new(
                    Status::LS_ERR_STORE_FOLDER_MISSING,
                    "HOME is not set, so there is no default store folder; pass a folder",
                )
            })?;
        Ok(PathBuf::from(home)
            .join(".LicenseSpring")
            .join("LicenseSpring")
            .join(stem))
    }
}

fn system_now_ms() -> i64 {
    let now = std::time::SystemTime::now();
    match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// What binds a call to a file: the seal key for this client, product and device.
struct Context<'a> {
    client: &'a Client,
    hardware_id: String,
    key: SealKey,
    is_vm: bool,
}

fn str_field(license: &License, field: Field) -> Option<&str> {
    license.str(field)
}

/// The end of the license's validity, the subscription grace period included.
fn valid_until(license: &License) -> Result<Option<i64>> {
    let Some(text) = license.str(Field::LS_LICENSE_VALIDITY_PERIOD) else {
        return Ok(None);
    };
    let end = dates::parse_iso(text).ok_or_else(|| {
        Error::new(
            Status::LS_ERR_UNEXPECTED_RESPONSE,
            format!("the license's validity_period {text:?} is not an ISO 8601 date"),
        )
    })?;
    let grace_hours = if license.bool(Field::LS_LICENSE_ALLOW_GRACE_PERIOD) == Some(true) {
        license
            .int(Field::LS_LICENSE_GRACE_PERIOD)
            .unwrap_or(0)
            .max(0)
    } else {
        0
    };
    Ok(Some(
        end.saturating_add(grace_hours.saturating_mul(3_600_000)),
    ))
}

fn is_floating(license: &License) -> bool {
    license.bool(Field::LS_LICENSE_IS_FLOATING) == Some(true)
        || license.bool(Field::LS_LICENSE_IS_FLOATING_CLOUD) == Some(true)
}

/// When a floating seat taken now ends: the borrow's end, or now plus the floating timeout.
fn floating_end(license: &License, now: i64) -> Option<i64> {
    if !is_floating(license) {
        return None;
    }
    if license.bool(Field::LS_LICENSE_IS_BORROWED) == Some(true) {
        if let Some(until) = license
            .str(Field::LS_LICENSE_BORROWED_UNTIL)
            .and_then(dates::parse_iso)
        {
            return Some(until);
        }
    }
    let minutes = license
        .int(Field::LS_LICENSE_FLOATING_TIMEOUT)
        .filter(|m| *m > 0)
        .unwrap_or(DEFAULT_FLOATING_TIMEOUT_MIN);
    Some(now.saturating_add(minutes.saturating_mul(60_000)))
}

fn date_text(ms: i64) -> String {
    dates::format_iso(ms)
}

/// Whether a failed call is the server being unreachable or unusable (a grace window applies)
/// rather than an answer about the license.
fn is_unreachable(e: &Error) -> bool {
    matches!(
        e.status().category(),
        Category::LS_CATEGORY_NETWORK
            | Category::LS_CATEGORY_SERVER
            | Category::LS_CATEGORY_VERIFICATION
    ) && e.status() != Status::LS_ERR_SERVER_OTHER
}

impl Store {
    /// A store for `product` in `folder`, or in the vendor SDKs' per-user folder when `None`.
    /// Nothing is read or written yet; the folder is created at the first write.
    pub fn new(folder: Option<&Path>, product: &str) -> Result<Store> {
        if product.is_empty() {
            return Err(Error::invalid_argument("product must not be empty"));
        }
        if product.len() > MAX_PRODUCT_LEN {
            return Err(Error::invalid_argument(format!(
                "product must be at most {MAX_PRODUCT_LEN} bytes"
            )));
        }
        let folder = match folder {
            Some(f) if f.as_os_str().is_empty() => {
                return Err(Error::invalid_argument("folder must not be empty"))
            }
            Some(f) => f.to_path_buf(),
            None => default_folder(product)?,
        };
        let stem = file_stem(product);
        let path = folder.join(format!("{stem}.lsstore"));
        Ok(Store {
            product: product.to_owned(),
            path_c: crate::ffi::to_cstring(path.to_string_lossy().as_ref()),
            path,
            lock_path: folder.join(format!("{stem}.lsstore.lock")),
            guard_path: folder.join(format!("{stem}.lsguard")),
            folder,
            grace_hours: AtomicU32::new(DEFAULT_GRACE_HOURS),
            fixed_time_ms: AtomicI64::new(0),
            inner: Mutex::new(Inner::default()),
        })
    }

    /// The product this store keeps the license of.
    pub fn product(&self) -> &str {
        &self.product
    }

    /// The folder the store's files are in.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The store file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn path_c(&self) -> &std::ffi::CString {
        &self.path_c
    }

    /// Sets the grace window: how long an online check still passes, from the first failure to
    /// reach the server, in hours (0 to 8784; 0 turns the grace window off). Default 24.
    pub fn set_grace_hours(&self, hours: u32) -> Result<()> {
        if hours > MAX_GRACE_HOURS {
            return Err(Error::invalid_argument(format!(
                "grace hours must be at most {MAX_GRACE_HOURS}"
            )));
        }
        self.grace_hours.store(hours, Ordering::Relaxed);
        Ok(())
    }

    /// The grace window in hours.
    pub fn grace_hours(&self) -> u32 {
        self.grace_hours.load(Ordering::Relaxed)
    }

    /// Makes the store read `unix_ms` (milliseconds since the epoch, UTC) as the current time
    /// instead of the system clock; 0 goes back to the system clock. Negative values are refused.
    pub fn set_time(&self, unix_ms: i64) -> Result<()> {
        if unix_ms < 0 {
            return Err(Error::invalid_argument(
                "the time must be 0 (the system clock) or after 1970",
            ));
        }
        self.fixed_time_ms.store(unix_ms, Ordering::Relaxed);
        Ok(())
    }

    /// The time the store reads as now, in milliseconds since the epoch.
    pub fn now_ms(&self) -> i64 {
        match self.fixed_time_ms.load(Ordering::Relaxed) {
            0 => system_now_ms(),
            t => t,
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn context<'a>(&self, client: &'a Client, request: &Request) -> Result<Context<'a>> {
        match request.get_str(Param::LS_PARAM_PRODUCT) {
            Some(p) if p == self.product => {}
            Some(p) => {
                return Err(Error::invalid_argument(format!(
                    "the request's product {p:?} is not the store's product {:?}",
                    self.product
                )))
            }
            None => return Err(Error::invalid_argument("product is missing")),
        }
        let hardware_id = request
            .get_str(Param::LS_PARAM_HARDWARE_ID)
            .ok_or_else(|| Error::invalid_argument("hardware_id is missing"))?
            .to_owned();
        let key = self.seal_key(client, &self.product, &hardware_id);
        let is_vm = matches!(
            request.get(Param::LS_PARAM_IS_VM),
            Some(ParamValue::Bool(true))
        );
        Ok(Context {
            client,
            hardware_id,
            key,
            is_vm,
        })
    }

    fn seal_key(&self, client: &Client, product: &str, hardware_id: &str) -> SealKey {
        let (api_key, shared_key, public_key) = client.keys();
        SealKey::derive(
            shared_key,
            api_key,
            product,
            hardware_id,
            public_key.map_or([0; 32], |k| k.fingerprint()),
        )
    }

    /// Takes the cross-process lock. When the lock file cannot even be opened (a read-only
    /// folder), the store goes on without it: writes stay atomic, and will report the folder's
    /// problem themselves.
    fn lock(&self) -> Option<FileLock> {
        FileLock::acquire(&self.lock_path).ok()
    }

    /// The stored license for this context: the unsaved one in memory, else the file's (verified
    /// once per distinct content). `Ok(None)` when nothing is stored.
    fn load(&self, ctx: &Context) -> Result<Option<Arc<Entry>>> {
        let mut inner = self.inner();
        if let Some((key, entry)) = &inner.unsaved {
            if *key == ctx.key {
                return Ok(Some(entry.clone()));
            }
        }
        let Some(bytes) = fsio::read_bounded(&self.path, format::MAX_FILE as u64, "store file")?
        else {
            return Ok(None);
        };
        if let Some(cached) = &inner.cache {
            if cached.key == ctx.key && cached.bytes == bytes {
                return Ok(Some(cached.entry.clone()));
            }
        }
        let entry = Arc::new(self.verify(ctx, &bytes)?);
        inner.cache = Some(Cached {
            bytes,
            key: ctx.key.clone(),
            entry: entry.clone(),
        });
        Ok(Some(entry))
    }

    /// Verifies a store file: structure, seal, binding, the server's signature, the license.
    fn verify(&self, ctx: &Context, bytes: &[u8]) -> Result<Entry> {
        let where_ = self.path.display();
        let tampered = |why: String| {
            Error::new(
                Status::LS_ERR_LICENSE_FILE_TAMPERED,
                format!("the store file {where_} {why}"),
            )
        };
        let parts = format::split(STORE_MAGIC, "store file", bytes)
            .map_err(|e| tampered(format!("is not intact: {}", e.message())))?;
        if parts.version != format::VERSION {
            if parts.version != 0 && parts.sealed_by(&ctx.key) {
                return Err(Error::new(
                    Status::LS_ERR_STORE_VERSION_UNSUPPORTED,
                    format!(
                        "the store file {where_} has format version {}, newer than this library's {}",
                        parts.version,
                        format::VERSION
                    ),
                ));
            }
            return Err(tampered(
                "is not intact (its header or lengths were changed)".into(),
            ));
        }
        let state: Option<State> = serde_json::from_slice(parts.state).ok();
        if !parts.sealed_by(&ctx.key) {
            // Sealed for another device or product with the same keys: a copied file.
            if let Some(s) = &state {
                if s.hardware_id != ctx.hardware_id || s.product != self.product {
                    let other = self.seal_key(ctx.client, &s.product, &s.hardware_id);
                    if parts.sealed_by(&other) {
                        return Err(if s.product != self.product {
                            Error::new(
                                Status::LS_ERR_PRODUCT_MISMATCH,
                                format!(
                                    "the store file {where_} holds a license of product {:?}, not {:?}",
                                    s.product, self.product
                                ),
                            )
                        } else {
                            Error::new(
                                Status::LS_ERR_HARDWARE_ID_MISMATCH,
                                format!(
                                    "the store file {where_} was made on another device (hardware ID {:?}, not {:?})",
                                    s.hardware_id, ctx.hardware_id
                                ),
                            )
                        });
                    }
                }
            }
            return Err(tampered(
                "does not match its seal: it was changed, or sealed with other keys".into(),
            ));
        }
        let state = state.ok_or_else(|| tampered("holds an unreadable state".into()))?;
        if state.product != self.product || state.hardware_id != ctx.hardware_id {
            return Err(tampered(
                "holds a state for another product or device".into(),
            ));
        }
        let signature = std::str::from_utf8(parts.signature)
            .map_err(|_| tampered("holds a signature that is not text".into()))?
            .to_owned();
        if let Some(public_key) = ctx.client.keys().2 {
            if signature.is_empty() {
                return Err(tampered("holds no server signature".into()));
            }
            public_key.verify(parts.body, &signature).map_err(|_| {
                tampered("holds a server answer whose signature does not verify".into())
            })?;
        }
        let license = Record::from_body(Kind::LS_KIND_LICENSE, parts.body).map_err(|e| {
            tampered(format!(
                "holds a server answer that is not a license ({})",
                e.message()
            ))
        })?;
        self.check_binding(ctx, &license)?;
        Ok(Entry {
            body: parts.body.to_vec(),
            signature,
            state,
            license,
        })
    }

    /// The license names this device and product (when it names them at all).
    fn check_binding(&self, ctx: &Context, license: &License) -> Result<()> {
        if let Some(hw) = str_field(license, Field::LS_LICENSE_HARDWARE_ID) {
            if hw != ctx.hardware_id {
                return Err(Error::new(
                    Status::LS_ERR_HARDWARE_ID_MISMATCH,
                    format!(
                        "the license is for hardware ID {hw:?}, not this device's {:?}",
                        ctx.hardware_id
                    ),
                ));
            }
        }
        if let Some(code) = str_field(license, Field::LS_LICENSE_PRODUCT_SHORT_CODE) {
            if code != self.product {
                return Err(Error::new(
                    Status::LS_ERR_PRODUCT_MISMATCH,
                    format!(
                        "the license is for product {code:?}, not {:?}",
                        self.product
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Writes an entry. On failure the entry is kept in memory (and used by this handle) and the
    /// I/O error is returned.
    fn save(&self, ctx: &Context, entry: Entry) -> (Arc<Entry>, Result<()>) {
        let mut state = entry.state.clone();
        state.saved_at = self.now_ms();
        let state_json = serde_json::to_vec(&state).expect("the state serialises");
        let bytes = format::encode(
            STORE_MAGIC,
            &ctx.key,
            &entry.body,
            &entry.signature,
            &state_json,
        );
        let entry = Arc::new(Entry { state, ..entry });
        let result = fsio::write_atomic(&self.path, &bytes);
        let mut inner = self.inner();
        match &result {
            Ok(()) => {
                inner.unsaved = None;
                inner.cache = Some(Cached {
                    bytes,
                    key: ctx.key.clone(),
                    entry: entry.clone(),
                });
            }
            Err(_) => inner.unsaved = Some((ctx.key.clone(), entry.clone())),
        }
        (entry, result)
    }

    fn report(&self, entry: &Entry, online: bool, save: &Result<()>) -> StoreState {
        let s = &entry.state;
        let grace_end = s
            .grace_start
            .map(|start| start.saturating_add(i64::from(self.grace_hours()) * 3_600_000));
        StoreState {
            online,
            in_grace: false,
            offline_activated: s.offline_activated,
            save_status: save.as_ref().err().map_or(Status::LS_OK, Error::status),
            last_check_ms: s.last_check,
            last_use_ms: s.last_use,
            grace_start_ms: s.grace_start,
            grace_end_ms: grace_end,
            floating_end_ms: s.floating_end,
            valid_until_ms: valid_until(&entry.license).ok().flatten(),
            local_consumptions: s.local_consumptions,
        }
    }

    /// The checks that need no network, in order: the clock, a recorded revocation, enabled,
    /// active, not expired, VM allowed, floating seat current.
    fn verdict(&self, ctx: &Context, entry: &Entry, now: i64) -> Result<()> {
        let s = &entry.state;
        let l = &entry.license;
        if now.saturating_add(CLOCK_TOLERANCE_MS) < s.last_use {
            return Err(Error::new(
                Status::LS_ERR_CLOCK_TAMPERED,
                format!(
                    "the clock reads {}, before the license's last use at {}: it was set back",
                    date_text(now),
                    date_text(s.last_use)
                ),
            ));
        }
        if let Some(code) = &s.revoked {
            let status =
                Status::from_server_code(code).unwrap_or(Status::LS_ERR_LICENSE_NOT_ACTIVE);
            return Err(Error::new(
                status,
                format!(
                    "decided locally: the server answered `{code}` at {}; an online check that succeeds clears it",
                    date_text(s.revoked_at.unwrap_or(0))
                ),
            )
            .with_server_code(Some(code.clone())));
        }
        if l.bool(Field::LS_LICENSE_ENABLED) == Some(false) {
            return Err(Error::new(
                Status::LS_ERR_LICENSE_NOT_ENABLED,
                "decided locally: the stored license is disabled",
            ));
        }
        if l.bool(Field::LS_LICENSE_ACTIVE) == Some(false) {
            return Err(Error::new(
                Status::LS_ERR_LICENSE_NOT_ACTIVE,
                "decided locally: the stored license is not active",
            ));
        }
        let until = valid_until(l)?;
        if l.bool(Field::LS_LICENSE_EXPIRED) == Some(true) || until.is_some_and(|u| now >= u) {
            return Err(Error::new(
                Status::LS_ERR_LICENSE_EXPIRED,
                match until {
                    Some(u) => format!(
                        "decided locally: the license expired at {} (subscription grace period included)",
                        date_text(u)
                    ),
                    None => "decided locally: the server reported the license expired".to_owned(),
                },
            ));
        }
        if ctx.is_vm && l.bool(Field::LS_LICENSE_PREVENT_VM) == Some(true) {
            return Err(Error::new(
                Status::LS_ERR_VM_NOT_ALLOWED,
                "decided locally: the license may not run in a virtual machine",
            ));
        }
        if is_floating(l) {
            if let Some(end) = s.floating_end.filter(|end| now >= *end) {
                return Err(Error::new(
                    Status::LS_ERR_FLOATING_TIMEOUT,
                    format!(
                        "the floating seat ended at {} without an online check renewing it",
                        date_text(end)
                    ),
                ));
            }
        }
        Ok(())
    }

    fn no_license(&self) -> Error {
        Error::new(
            Status::LS_ERR_NO_STORED_LICENSE,
            format!(
                "no license of product {:?} is stored for this device in {}",
                self.product,
                self.folder.display()
            ),
        )
    }

    /// Records a fresh, verified answer of the server (activation or check) and returns it with
    /// the report. After a check, `sent_consumptions` (what it sent) is taken off the local
    /// consumptions, keeping any recorded meanwhile by other processes.
    fn store_answer(
        &self,
        ctx: &Context,
        license: License,
        signature: Option<String>,
        offline: bool,
        sent_consumptions: Option<i64>,
    ) -> Result<(License, StoreState, Result<()>)> {
        self.check_binding(ctx, &license)?;
        let now = self.now_ms();
        let _lock = self.lock();
        let previous = self.load(ctx).ok().flatten();
        let state = State {
            product: self.product.clone(),
            hardware_id: ctx.hardware_id.clone(),
            saved_at: now,
            last_check: now,
            // The server accepted this call's Date header, so the clock is right now.
            last_use: now,
            grace_start: None,
            floating_end: floating_end(&license, now),
            local_consumptions: match sent_consumptions {
                None => 0,
                Some(sent) => previous
                    .as_ref()
                    .map_or(0, |p| p.state.local_consumptions.saturating_sub(sent)),
            },
            offline_activated: offline,
            revoked: None,
            revoked_at: None,
        };
        let entry = Entry {
            body: license.json().as_bytes().to_vec(),
            signature: signature.unwrap_or_default(),
            state,
            license: license.clone(),
        };
        let (entry, saved) = self.save(ctx, entry);
        let report = self.report(&entry, !offline, &saved);
        Ok((license, report, saved))
    }

    /// Activates the license online (`activate_license`) and stores the verified answer. Blocks
    /// on the network. When the answer cannot be written the license stays in this handle's
    /// memory (local checks on it pass) and the storage status is returned.
    pub fn activate(
        &self,
        client: &Client,
        request: &Request,
        cancel: Option<&Cancel>,
    ) -> Result<(License, StoreState)> {
        let ctx = self.context(client, request)?;
        let (license, signature) = client
            .call_signed(Operation::LS_OP_ACTIVATE, request, cancel)?
            .expect("activate gives a result");
        let (license, report, saved) = self.store_answer(&ctx, license, signature, false, None)?;
        saved.map_err(|e| {
            Error::new(
                e.status(),
                format!(
                    "the license was activated on the server but could not be stored ({}); this handle keeps it in memory",
                    e.message()
                ),
            )
        })?;
        Ok((license, report))
    }

    /// The request with the stored license's identity when it names none.
    fn with_identity(&self, request: &Request, entry: Option<&Entry>) -> Result<Request> {
        let has_identity = [
            Param::LS_PARAM_LICENSE_KEY,
            Param::LS_PARAM_USERNAME,
            Param::LS_PARAM_ID_TOKEN,
            Param::LS_PARAM_CODE,
        ]
        .iter()
        .any(|p| request.get(*p).is_some());
        if has_identity {
            return Ok(request.clone());
        }
        let entry = entry.ok_or_else(|| self.no_license())?;
        let mut r = request.clone();
        if let Some(key) = entry.license.str(Field::LS_LICENSE_KEY) {
            r.set(
                Param::LS_PARAM_LICENSE_KEY,
                ParamValue::String(key.to_owned()),
            )?;
        } else if let Some(user) = entry.license.str(Field::LS_LICENSE_USER_EMAIL) {
            r.set(
                Param::LS_PARAM_USERNAME,
                ParamValue::String(user.to_owned()),
            )?;
        }
        if r.get(Param::LS_PARAM_LICENSE_ID).is_none() {
            if let Some(id) = entry.license.int(Field::LS_LICENSE_ID) {
                r.set(Param::LS_PARAM_LICENSE_ID, ParamValue::Int(id))?;
            }
        }
        Ok(r)
    }

    /// Checks the license with the server (`check_license`), sending consumptions recorded
    /// locally first. On success the store is refreshed. On an answer that revokes the license
    /// (disabled, inactive, expired, device removed) the revocation is recorded and returned. When
    /// the server cannot be reached (or answers unusably) the stored license passes, after its
    /// local checks, within the grace window that opens at the first such failure; afterwards
    /// the check fails with `LS_ERR_GRACE_PERIOD_EXPIRED`. Blocks on the network.
    pub fn check(
        &self,
        client: &Client,
        request: &Request,
        cancel: Option<&Cancel>,
    ) -> Result<(License, StoreState)> {
        let ctx = self.context(client, request)?;
        let (existing, load_error) = match self.load(&ctx) {
            Ok(e) => (e, None),
            Err(e) => (None, Some(e)),
        };
        let request = match self.with_identity(request, existing.as_deref()) {
            Ok(r) => r,
            Err(e) => return Err(load_error.unwrap_or(e)),
        };
        let pending = existing.as_ref().map_or(0, |e| e.state.local_consumptions);
        let answer = (|| {
            if pending != 0 {
                let mut sync = request.clone();
                sync.set(Param::LS_PARAM_CONSUMPTIONS, ParamValue::Int(pending))?;
                client.call(Operation::LS_OP_ADD_CONSUMPTION, &sync, cancel)?;
            }
            client
                .call_signed(Operation::LS_OP_CHECK, &request, cancel)
                .map(|a| a.expect("check gives a result"))
        })();
        match answer {
            Ok((license, signature)) => {
                let (license, report, _) =
                    self.store_answer(&ctx, license, signature, false, Some(pending))?;
                Ok((license, report))
            }
            Err(e) => {
                let Some(existing) = existing else {
                    return Err(load_error.unwrap_or(e));
                };
                if let Some(code) = e.server_code().filter(|c| REVOKING_CODES.contains(c)) {
                    let now = self.now_ms();
                    let _lock = self.lock();
                    let current = self.load(&ctx).ok().flatten().unwrap_or(existing);
                    let mut state = current.state.clone();
                    state.revoked = Some(code.to_owned());
                    state.revoked_at = Some(now);
                    let _ = self.save(
                        &ctx,
                        Entry {
                            state,
                            ..clone_entry(&current)
                        },
                    );
                    return Err(e);
                }
                if !is_unreachable(&e) || self.grace_hours() == 0 {
                    return Err(e);
                }
                self.in_grace(&ctx, existing, e)
            }
        }
    }

    /// The server could not be reached: open the grace window if needed, and pass within it.
    fn in_grace(
        &self,
        ctx: &Context,
        existing: Arc<Entry>,
        cause: Error,
    ) -> Result<(License, StoreState)> {
        let now = self.now_ms();
        let (entry, saved) = {
            let _lock = self.lock();
            let current = self.load(ctx).ok().flatten().unwrap_or(existing);
            if current.state.grace_start.is_some() {
                (current, Ok(()))
            } else {
                let mut state = current.state.clone();
                state.grace_start = Some(now);
                state.last_use = state.last_use.max(now);
                self.save(
                    ctx,
                    Entry {
                        state,
                        ..clone_entry(&current)
                    },
                )
            }
        };
        self.verdict(ctx, &entry, now)?;
        let mut report = self.report(&entry, false, &saved);
        let end = report.grace_end_ms.unwrap_or(now);
        if now >= end {
            return Err(Error::new(
                Status::LS_ERR_GRACE_PERIOD_EXPIRED,
                format!(
                    "the server has not been reachable since {}; the grace window of {} hours ended at {} (last failure: {}: {})",
                    date_text(entry.state.grace_start.unwrap_or(now)),
                    self.grace_hours(),
                    date_text(end),
                    cause.status().name(),
                    cause.message()
                ),
            ));
        }
        report.in_grace = true;
        Ok((entry.license.clone(), report))
    }

    /// Checks the stored license without the network: intact and verified, this device and
    /// product, the clock not set back, not revoked, enabled, active, not expired (the
    /// subscription grace period included), allowed in a VM (`LS_PARAM_IS_VM` of the request),
    /// and a floating seat not timed out. Records the use (written at most once a minute).
    pub fn check_local(&self, client: &Client, request: &Request) -> Result<(License, StoreState)> {
        let ctx = self.context(client, request)?;
        let entry = self.load(&ctx)?.ok_or_else(|| self.no_license())?;
        let now = self.now_ms();
        self.verdict(&ctx, &entry, now)?;
        let mut saved = Ok(());
        let mut entry = entry;
        if now
            >= entry
                .state
                .last_use
                .saturating_add(LAST_USE_WRITE_INTERVAL_MS)
        {
            let _lock = self.lock();
            let current = self.load(&ctx)?.ok_or_else(|| self.no_license())?;
            let mut state = current.state.clone();
            state.last_use = state.last_use.max(now);
            (entry, saved) = self.save(
                &ctx,
                Entry {
                    state,
                    ..clone_entry(&current)
                },
            );
        }
        Ok((entry.license.clone(), self.report(&entry, false, &saved)))
    }

    /// Records `consumptions` used on this device, to be sent at the next online check (or
    /// deactivation). The license must pass its local checks and be a consumption license with
    /// room for them (`max_consumptions + max_overages >= total + local + n`, unless unlimited).
    pub fn add_local_consumption(
        &self,
        client: &Client,
        request: &Request,
        consumptions: i64,
    ) -> Result<StoreState> {
        let ctx = self.context(client, request)?;
        let _lock = self.lock();
        let entry = self.load(&ctx)?.ok_or_else(|| self.no_license())?;
        let now = self.now_ms();
        self.verdict(&ctx, &entry, now)?;
        let l = &entry.license;
        if l.str(Field::LS_LICENSE_TYPE) != Some("consumption") {
            return Err(Error::new(
                Status::LS_ERR_LICENSE_NOT_CONSUMPTION,
                "decided locally: the stored license is not a consumption license",
            ));
        }
        if consumptions < 0 && l.bool(Field::LS_LICENSE_ALLOW_NEGATIVE_CONSUMPTIONS) != Some(true) {
            return Err(Error::new(
                Status::LS_ERR_NEGATIVE_CONSUMPTIONS_NOT_ALLOWED,
                "decided locally: the license does not allow negative consumptions",
            ));
        }
        let local = entry.state.local_consumptions.saturating_add(consumptions);
        if l.bool(Field::LS_LICENSE_ALLOW_UNLIMITED_CONSUMPTIONS) != Some(true) {
            let max = l.int(Field::LS_LICENSE_MAX_CONSUMPTIONS).unwrap_or(0);
            let overages = if l.bool(Field::LS_LICENSE_ALLOW_OVERAGES) == Some(true) {
                l.int(Field::LS_LICENSE_MAX_OVERAGES).unwrap_or(0)
            } else {
                0
            };
            let total = l.int(Field::LS_LICENSE_TOTAL_CONSUMPTIONS).unwrap_or(0);
            if max.saturating_add(overages) < total.saturating_add(local) {
                return Err(Error::new(
                    Status::LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS,
                    format!(
                        "decided locally: {total} used and {local} recorded here would pass the limit of {}",
                        max.saturating_add(overages)
                    ),
                ));
            }
        }
        let mut state = entry.state.clone();
        state.local_consumptions = local;
        state.last_use = state.last_use.max(now);
        let (entry, saved) = self.save(
            &ctx,
            Entry {
                state,
                ..clone_entry(&entry)
            },
        );
        Ok(self.report(&entry, false, &saved))
    }

    /// Deactivates the device online (`deactivate_license`, sending local consumptions) and
    /// removes the stored license. The identity may come from the stored license. Blocks.
    pub fn deactivate(
        &self,
        client: &Client,
        request: &Request,
        cancel: Option<&Cancel>,
    ) -> Result<()> {
        let ctx = self.context(client, request)?;
        let existing = self.load(&ctx).ok().flatten();
        let mut request = self.with_identity(request, existing.as_deref())?;
        if let Some(e) = &existing {
            if e.state.local_consumptions != 0
                && request.get(Param::LS_PARAM_CONSUMPTIONS).is_none()
            {
                request.set(
                    Param::LS_PARAM_CONSUMPTIONS,
                    ParamValue::Int(e.state.local_consumptions),
                )?;
            }
        }
        client.call(Operation::LS_OP_DEACTIVATE, &request, cancel)?;
        self.remove().map_err(|e| {
            Error::new(
                e.status(),
                format!(
                    "the device was deactivated on the server, but the stored license could not be removed: {}",
                    e.message()
                ),
            )
        })
    }

    /// Removes the stored license (and any pending offline activation) without the network.
    pub fn remove(&self) -> Result<()> {
        let _lock = self.lock();
        {
            let mut inner = self.inner();
            inner.cache = None;
            inner.unsaved = None;
        }
        fsio::remove(&self.guard_path)?;
        fsio::remove(&self.path)
    }

    /// The stored license, verified, without any check of its state (for reading it).
    pub fn license(&self, client: &Client, request: &Request) -> Result<(License, StoreState)> {
        let ctx = self.context(client, request)?;
        let entry = self.load(&ctx)?.ok_or_else(|| self.no_license())?;
        Ok((entry.license.clone(), self.report(&entry, false, &Ok(()))))
    }

    fn write_guard(&self, ctx: &Context, guard: &Guard) -> Result<()> {
        let state = serde_json::to_vec(guard).expect("the guard serialises");
        let bytes = format::encode(GUARD_MAGIC, &ctx.key, &[], "", &state);
        fsio::write_atomic(&self.guard_path, &bytes)
    }

    fn read_guard(&self, ctx: &Context) -> Result<Option<Guard>> {
        let Some(bytes) =
            fsio::read_bounded(&self.guard_path, 64 * 1024, "offline activation guard")?
        else {
            return Ok(None);
        };
        let mismatch = |why: &str| {
            Error::new(
                Status::LS_ERR_OFFLINE_REQUEST_MISMATCH,
                format!(
                    "the pending offline request {} {why}",
                    self.guard_path.display()
                ),
            )
        };
        let parts = format::split(GUARD_MAGIC, "guard file", &bytes)
            .map_err(|e| mismatch(&format!("is not intact ({})", e.message())))?;
        if parts.version != format::VERSION || !parts.sealed_by(&ctx.key) {
            return Err(mismatch(
                "was not made on this device with these keys, or was changed",
            ));
        }
        serde_json::from_slice(parts.state)
            .map(Some)
            .map_err(|_| mismatch("is unreadable"))
    }

    /// Creates an offline activation request file's content (base64 text, as the vendor SDKs
    /// write it) for the request's license, and records it as the pending request that a `.lic`
    /// must answer. The request needs a license key, or a username with its password.
    pub fn offline_activation_request(&self, client: &Client, request: &Request) -> Result<String> {
        let ctx = self.context(client, request)?;
        let now = self.now_ms();
        let (text, request_id) = offline::request_file(client, request, true, now)?;
        let _lock = self.lock();
        self.write_guard(
            &ctx,
            &Guard {
                request_id,
                product: self.product.clone(),
                hardware_id: ctx.hardware_id.clone(),
                created: now,
            },
        )?;
        Ok(text)
    }

    /// Creates an offline deactivation request file's content for the stored license (or the
    /// request's identity), sending local consumptions, and removes the stored license: the
    /// device gives it up now; the file tells the server so.
    pub fn offline_deactivation_request(
        &self,
        client: &Client,
        request: &Request,
    ) -> Result<String> {
        let ctx = self.context(client, request)?;
        let existing = self.load(&ctx).ok().flatten();
        let mut request = self.with_identity(request, existing.as_deref())?;
        if let Some(e) = &existing {
            if e.state.local_consumptions != 0
                && request.get(Param::LS_PARAM_CONSUMPTIONS).is_none()
            {
                request.set(
                    Param::LS_PARAM_CONSUMPTIONS,
                    ParamValue::Int(e.state.local_consumptions),
                )?;
            }
        }
        let (text, _) = offline::request_file(client, &request, false, self.now_ms())?;
        self.remove()?;
        Ok(text)
    }

    /// Loads an offline license (`.lic` content: base64 of the license JSON, or the JSON itself),
    /// verifies it (RSA signatures v1 and v2, the HMAC `offline_signature` with the client's
    /// keys, this device and product, and that it answers the pending request made here), and
    /// stores it.
    pub fn load_offline_license(
        &self,
        client: &Client,
        request: &Request,
        lic: &str,
    ) -> Result<(License, StoreState)> {
        let ctx = self.context(client, request)?;
        let lic = offline::verify_offline_license(client, lic)?;
        if lic.hardware_id != ctx.hardware_id {
            return Err(Error::new(
                Status::LS_ERR_HARDWARE_ID_MISMATCH,
                format!(
                    "the offline license is for hardware ID {:?}, not this device's {:?}",
                    lic.hardware_id, ctx.hardware_id
                ),
            ));
        }
        let guard = self.read_guard(&ctx)?.ok_or_else(|| {
            Error::new(
                Status::LS_ERR_OFFLINE_REQUEST_MISMATCH,
                "no offline activation request is pending on this device (create one first)",
            )
        })?;
        if lic.request_id.as_deref() != Some(guard.request_id.as_str())
            || guard.hardware_id != ctx.hardware_id
            || guard.created > self.now_ms().saturating_add(CLOCK_TOLERANCE_MS)
        {
            return Err(Error::new(
                Status::LS_ERR_OFFLINE_REQUEST_MISMATCH,
                format!(
                    "the offline license answers request {:?}, but the request pending on this device is {:?}",
                    lic.request_id.as_deref().unwrap_or(""),
                    guard.request_id
                ),
            ));
        }
        let (license, report, saved) =
            self.store_answer(&ctx, lic.license, lic.signature, true, None)?;
        saved.map_err(|e| {
            Error::new(
                e.status(),
                format!(
                    "the offline license is valid but could not be stored ({}); this handle keeps it in memory",
                    e.message()
                ),
            )
        })?;
        let _ = fsio::remove(&self.guard_path);
        Ok((license, report))
    }
}

/// Writes an offline request file: the text and a final newline (as the vendor SDKs' `print`),
/// replacing the file atomically.
pub fn write_text_file(path: &Path, text: &str) -> Result<()> {
    fsio::write_atomic(path, format!("{text}\n").as_bytes())
}

/// Reads an offline license file as text.
pub fn read_text_file(path: &Path) -> Result<String> {
    let bytes = fsio::read_bounded(path, offline::MAX_LIC_BYTES as u64, "offline license file")
        .map_err(|e| {
            if e.status() == Status::LS_ERR_LICENSE_FILE_TAMPERED {
                Error::new(
                    Status::LS_ERR_OFFLINE_LICENSE_INVALID,
                    e.message().to_owned(),
                )
            } else {
                e
            }
        })?
        .ok_or_else(|| {
            Error::invalid_argument(format!("there is no file at {}", path.display()))
        })?;
    String::from_utf8(bytes).map_err(|_| {
        Error::new(
            Status::LS_ERR_OFFLINE_LICENSE_INVALID,
            format!("the offline license file {} is not text", path.display()),
        )
    })
}

fn clone_entry(e: &Entry) -> Entry {
    Entry {
        body: e.body.clone(),
        signature: e.signature.clone(),
        state: e.state.clone(),
        license: e.license.clone(),
    }
}

impl Store {
    /// Verifies `bytes` as this store's file and runs the local checks on it, without touching
    /// the disk: the parser the fuzz targets exercise. Not part of the stable API.
    #[doc(hidden)]
    pub fn check_file_bytes(
        &self,
        client: &Client,
        request: &Request,
        bytes: &[u8],
    ) -> Result<(License, State)> {
        let ctx = self.context(client, request)?;
        let entry = self.verify(&ctx, bytes)?;
        self.verdict(&ctx, &entry, self.now_ms())?;
        Ok((entry.license, entry.state))
    }

    /// Replaces the seal (the last 32 bytes) of `bytes` with the one this store would write, so
    /// that fuzzing reaches the parts behind the seal. Not part of the stable API.
    #[doc(hidden)]
    pub fn reseal_file_bytes(
        &self,
        client: &Client,
        request: &Request,
        bytes: &mut Vec<u8>,
    ) -> Result<()> {
        let ctx = self.context(client, request)?;
        if bytes.len() >= 32 {
            let body = bytes.len() - 32;
            bytes.truncate(body);
            let sealed = format::encode_raw_seal(&ctx.key, bytes);
            bytes.extend_from_slice(&sealed);
        }
        Ok(())
    }
}
