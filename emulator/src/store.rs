//! Mutable state in SQLite (in memory without `--db`): devices and per-license counters.
//! The seed (configuration) is not stored here; it is read from the seed file at every start.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    license_id     INTEGER NOT NULL,
    user_id        INTEGER,
    hardware_id    TEXT NOT NULL,
    active         INTEGER NOT NULL,
    info           TEXT NOT NULL,
    variables      TEXT NOT NULL,
    activated_at   TEXT NOT NULL,
    deactivated_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS devices_license_hw ON devices (license_id, hardware_id);
-- Activation limits count active devices on every request; without this index the count scans
-- every device the license ever had, so a long-lived license slows down quadratically.
CREATE INDEX IF NOT EXISTS devices_active ON devices (license_id, user_id) WHERE active = 1;
CREATE TABLE IF NOT EXISTS license_state (
    license_id         INTEGER PRIMARY KEY,
    transfer_count     INTEGER NOT NULL DEFAULT 0,
    deactivation_count INTEGER NOT NULL DEFAULT 0,
    total_consumptions INTEGER NOT NULL DEFAULT 0
);
-- Schema 2: license models. Times are unix milliseconds of the emulator clock.
CREATE TABLE IF NOT EXISTS license_consumption (
    license_id     INTEGER PRIMARY KEY,
    period_start   INTEGER,  -- start of the period license_state.total_consumptions counts
    allow_overages INTEGER,  -- as last set by add_consumption; NULL = the seed's value
    max_overages   INTEGER
);
CREATE TABLE IF NOT EXISTS feature_consumption (
    license_id   INTEGER NOT NULL,
    feature_code TEXT NOT NULL,
    total        INTEGER NOT NULL DEFAULT 0,
    period_start INTEGER,
    PRIMARY KEY (license_id, feature_code)
);
CREATE TABLE IF NOT EXISTS floating_seats (
    license_id     INTEGER NOT NULL,
    feature_code   TEXT NOT NULL,  -- '' = the license's own pool
    hardware_id    TEXT NOT NULL,
    expires_at     INTEGER NOT NULL,
    borrowed_until INTEGER,        -- set while the seat is borrowed
    PRIMARY KEY (license_id, feature_code, hardware_id)
);
CREATE TABLE IF NOT EXISTS trials (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id      INTEGER NOT NULL,
    hardware_id     TEXT NOT NULL,
    email           TEXT NOT NULL,  -- lower-cased license user (user products); '' otherwise
    license_key     TEXT,           -- license-key products
    password        TEXT,           -- user products
    customer        TEXT NOT NULL,  -- JSON object
    created_at      INTEGER NOT NULL,
    validity_period INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS trials_device ON trials (product_id, hardware_id, email);
CREATE INDEX IF NOT EXISTS trials_key ON trials (product_id, license_key);
-- Schema 3: accounts, device variables, OAuth.
CREATE TABLE IF NOT EXISTS device_variables (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id  INTEGER NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    created_at INTEGER NOT NULL,  -- unix ms, emulator clock; kept when the value changes
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS device_variables_name ON device_variables (device_id, name);
CREATE TABLE IF NOT EXISTS user_passwords (
    user_id  INTEGER PRIMARY KEY,  -- a seed license user whose password change_password replaced
    password TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS oauth_tokens (
    token      TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    expires_at INTEGER NOT NULL  -- unix ms, emulator clock
);
";

/// Version 1 files (devices and counters only) and version 2 files (license models) are upgraded
/// in place: later versions only add tables, and version 3 copies the variables stored with each
/// device into `device_variables`.
pub const SCHEMA_VERSION: &str = "3";

pub fn open(path: Option<&std::path::Path>) -> Result<Connection, String> {
    let conn = match path {
        Some(p) => Connection::open(p).map_err(|e| format!("cannot open {}: {e}", p.display()))?,
        None => Connection::open_in_memory().map_err(|e| e.to_string())?,
    };
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    conn.execute_batch(SCHEMA)
        .map_err(|e| format!("cannot create schema: {e}"))?;
    let version: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| e.to_string())?;
    match version {
        None => {
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)",
                [SCHEMA_VERSION],
            )
            .map_err(|e| e.to_string())?;
        }
        Some(v) if v == SCHEMA_VERSION => {}
        Some(v) if v == "1" || v == "2" => {
            migrate_variables(&conn).map_err(|e| format!("cannot upgrade the database: {e}"))?;
            conn.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
                [SCHEMA_VERSION],
            )
            .map_err(|e| e.to_string())?;
        }
        Some(v) => return Err(format!("database schema version {v} is not supported")),
    }
    Ok(conn)
}

/// Schema 3: the variables each device kept in `devices.variables` get their own rows.
fn migrate_variables(conn: &Connection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("SELECT id, variables FROM devices")?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (device_id, vars) in rows {
        let vars: BTreeMap<String, String> = serde_json::from_str(&vars).unwrap_or_default();
        for (name, value) in vars {
            conn.execute(
                "INSERT OR IGNORE INTO device_variables (device_id, name, value, created_at,
                     updated_at) VALUES (?1, ?2, ?3, 0, 0)",
                params![device_id, name, value],
            )?;
        }
    }
    Ok(())
}

#[derive(Debug, Default, Clone, Copy)]
pub struct LicenseState {
    pub transfer_count: i64,
    pub deactivation_count: i64,
    pub total_consumptions: i64,
}

pub fn license_state(tx: &Transaction, license_id: i64) -> rusqlite::Result<LicenseState> {
    Ok(tx
        .query_row(
            "SELECT transfer_count, deactivation_count, total_consumptions
             FROM license_state WHERE license_id = ?1",
            [license_id],
            |r| {
                Ok(LicenseState {
                    transfer_count: r.get(0)?,
                    deactivation_count: r.get(1)?,
                    total_consumptions: r.get(2)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn save_license_state(
    tx: &Transaction,
    license_id: i64,
    s: &LicenseState,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO license_state (license_id, transfer_count, deactivation_count, total_consumptions)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (license_id) DO UPDATE SET transfer_count = ?2, deactivation_count = ?3,
             total_consumptions = ?4",
        params![
            license_id,
            s.transfer_count,
            s.deactivation_count,
            s.total_consumptions
        ],
    )?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Device {
    pub id: i64,
    pub user_id: Option<i64>,
    pub active: bool,
    pub variables: BTreeMap<String, String>,
}

/// The device row for this hardware id on this license, active or not.
pub fn device(
    tx: &Transaction,
    license_id: i64,
    hardware_id: &str,
) -> rusqlite::Result<Option<Device>> {
    tx.query_row(
        "SELECT id, user_id, active, variables FROM devices
         WHERE license_id = ?1 AND hardware_id = ?2",
        params![license_id, hardware_id],
        |r| {
            let vars: String = r.get(3)?;
            Ok(Device {
                id: r.get(0)?,
                user_id: r.get(1)?,
                active: r.get::<_, i64>(2)? != 0,
                variables: serde_json::from_str(&vars).unwrap_or_default(),
            })
        },
    )
    .optional()
}

pub fn active_count(tx: &Transaction, license_id: i64) -> rusqlite::Result<i64> {
    tx.query_row(
        "SELECT COUNT(*) FROM devices WHERE license_id = ?1 AND active = 1",
        [license_id],
        |r| r.get(0),
    )
}

pub fn active_count_for_user(
    tx: &Transaction,
    license_id: i64,
    user_id: i64,
) -> rusqlite::Result<i64> {
    tx.query_row(
        "SELECT COUNT(*) FROM devices WHERE license_id = ?1 AND user_id = ?2 AND active = 1",
        params![license_id, user_id],
        |r| r.get(0),
    )
}

/// Activate: insert a new device row, or re-activate the existing row of this hardware id.
/// Returns the device id.
pub fn activate(
    tx: &Transaction,
    license_id: i64,
    user_id: Option<i64>,
    hardware_id: &str,
    info: &str,
    variables: &BTreeMap<String, String>,
    now: &str,
) -> rusqlite::Result<i64> {
    let vars = serde_json::to_string(variables).unwrap_or_else(|_| "{}".into());
    match device(tx, license_id, hardware_id)? {
        Some(d) => {
            tx.execute(
                "UPDATE devices SET active = 1, user_id = ?2, info = ?3, variables = ?4,
                     activated_at = ?5, deactivated_at = NULL WHERE id = ?1",
                params![d.id, user_id, info, vars, now],
            )?;
            Ok(d.id)
        }
        None => {
            tx.execute(
                "INSERT INTO devices (license_id, user_id, hardware_id, active, info, variables,
                     activated_at) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6)",
                params![license_id, user_id, hardware_id, info, vars, now],
            )?;
            Ok(tx.last_insert_rowid())
        }
    }
}

pub fn deactivate(tx: &Transaction, device_id: i64, now: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE devices SET active = 0, deactivated_at = ?2 WHERE id = ?1",
        params![device_id, now],
    )?;
    Ok(())
}

/// Whether this hardware id is active on the license (for this user, on user products).
pub fn device_active_for(
    conn: &Connection,
    license_id: i64,
    hardware_id: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM devices WHERE license_id = ?1 AND hardware_id = ?2 AND active = 1
             AND (?3 IS NULL OR user_id = ?3)",
        params![license_id, hardware_id, user_id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

// ---------------------------------------------------------------------------------------------
// Consumption counters.

/// The license's consumption period and the overage settings add_consumption last asked for.
#[derive(Debug, Default, Clone, Copy)]
pub struct LicenseConsumption {
    pub period_start: Option<i64>,
    pub allow_overages: Option<bool>,
    pub max_overages: Option<i64>,
}

pub fn license_consumption(
    tx: &Transaction,
    license_id: i64,
) -> rusqlite::Result<LicenseConsumption> {
    Ok(tx
        .query_row(
            "SELECT period_start, allow_overages, max_overages FROM license_consumption
             WHERE license_id = ?1",
            [license_id],
            |r| {
                Ok(LicenseConsumption {
                    period_start: r.get(0)?,
                    allow_overages: r.get::<_, Option<i64>>(1)?.map(|v| v != 0),
                    max_overages: r.get(2)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn save_license_consumption(
    tx: &Transaction,
    license_id: i64,
    c: &LicenseConsumption,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO license_consumption (license_id, period_start, allow_overages, max_overages)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (license_id) DO UPDATE SET period_start = ?2, allow_overages = ?3,
             max_overages = ?4",
        params![
            license_id,
            c.period_start,
            c.allow_overages.map(i64::from),
            c.max_overages
        ],
    )?;
    Ok(())
}

#[derive(Debug, Default, Clone, Copy)]
pub struct FeatureCounter {
    pub total: i64,
    pub period_start: Option<i64>,
}

pub fn feature_counter(
    conn: &Connection,
    license_id: i64,
    code: &str,
) -> rusqlite::Result<FeatureCounter> {
    Ok(conn
        .query_row(
            "SELECT total, period_start FROM feature_consumption
             WHERE license_id = ?1 AND feature_code = ?2",
            params![license_id, code],
            |r| {
                Ok(FeatureCounter {
                    total: r.get(0)?,
                    period_start: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn save_feature_counter(
    tx: &Transaction,
    license_id: i64,
    code: &str,
    c: &FeatureCounter,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO feature_consumption (license_id, feature_code, total, period_start)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (license_id, feature_code) DO UPDATE SET total = ?3, period_start = ?4",
        params![license_id, code, c.total, c.period_start],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Floating seats. A seat is live while `expires_at` is after now; dead rows are ignored and
// overwritten.

#[derive(Debug, Clone, Copy)]
pub struct Seat {
    pub expires_at: i64,
    pub borrowed_until: Option<i64>,
}

/// Live seats in the pool (`feature` '' = the license's own).
pub fn seats_in_use(
    conn: &Connection,
    license_id: i64,
    feature: &str,
    now: i64,
) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM floating_seats
         WHERE license_id = ?1 AND feature_code = ?2 AND expires_at > ?3",
        params![license_id, feature, now],
        |r| r.get(0),
    )
}

/// This device's live seat in the pool, if it holds one.
pub fn seat(
    conn: &Connection,
    license_id: i64,
    feature: &str,
    hardware_id: &str,
    now: i64,
) -> rusqlite::Result<Option<Seat>> {
    conn.query_row(
        "SELECT expires_at, borrowed_until FROM floating_seats
         WHERE license_id = ?1 AND feature_code = ?2 AND hardware_id = ?3 AND expires_at > ?4",
        params![license_id, feature, hardware_id, now],
        |r| {
            Ok(Seat {
                expires_at: r.get(0)?,
                borrowed_until: r.get(1)?,
            })
        },
    )
    .optional()
}

pub fn put_seat(
    tx: &Transaction,
    license_id: i64,
    feature: &str,
    hardware_id: &str,
    seat: Seat,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO floating_seats (license_id, feature_code, hardware_id, expires_at,
             borrowed_until) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (license_id, feature_code, hardware_id)
             DO UPDATE SET expires_at = ?4, borrowed_until = ?5",
        params![
            license_id,
            feature,
            hardware_id,
            seat.expires_at,
            seat.borrowed_until
        ],
    )?;
    Ok(())
}

/// Free the device's seat in one pool.
pub fn drop_seat(
    tx: &Transaction,
    license_id: i64,
    feature: &str,
    hardware_id: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM floating_seats WHERE license_id = ?1 AND feature_code = ?2
             AND hardware_id = ?3",
        params![license_id, feature, hardware_id],
    )?;
    Ok(())
}

/// Free every seat (license and features) the device holds on the license.
pub fn drop_device_seats(
    tx: &Transaction,
    license_id: i64,
    hardware_id: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM floating_seats WHERE license_id = ?1 AND hardware_id = ?2",
        params![license_id, hardware_id],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Trial licenses.

#[derive(Debug, Clone)]
pub struct Trial {
    pub seq: i64,
    pub email: String,
    pub license_key: Option<String>,
    pub password: Option<String>,
    pub customer: String,
    pub created_at: i64,
    pub validity_period: i64,
}

const TRIAL_COLUMNS: &str =
    "seq, email, license_key, password, customer, created_at, validity_period";

fn trial_row(r: &rusqlite::Row) -> rusqlite::Result<Trial> {
    Ok(Trial {
        seq: r.get(0)?,
        email: r.get(1)?,
        license_key: r.get(2)?,
        password: r.get(3)?,
        customer: r.get(4)?,
        created_at: r.get(5)?,
        validity_period: r.get(6)?,
    })
}

/// The trial this device already has for the product (`email` '' on license-key products).
pub fn trial_for_device(
    conn: &Connection,
    product_id: i64,
    hardware_id: &str,
    email: &str,
) -> rusqlite::Result<Option<Trial>> {
    conn.query_row(
        &format!(
            "SELECT {TRIAL_COLUMNS} FROM trials
             WHERE product_id = ?1 AND hardware_id = ?2 AND email = ?3"
        ),
        params![product_id, hardware_id, email],
        trial_row,
    )
    .optional()
}

pub fn trial_by_key(
    conn: &Connection,
    product_id: i64,
    license_key: &str,
) -> rusqlite::Result<Option<Trial>> {
    conn.query_row(
        &format!("SELECT {TRIAL_COLUMNS} FROM trials WHERE product_id = ?1 AND license_key = ?2"),
        params![product_id, license_key],
        trial_row,
    )
    .optional()
}

/// Trials of a user product whose license user is `email` (lower-cased), oldest first.
pub fn trials_by_email(
    conn: &Connection,
    product_id: i64,
    email: &str,
) -> rusqlite::Result<Vec<Trial>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {TRIAL_COLUMNS} FROM trials WHERE product_id = ?1 AND email = ?2 ORDER BY seq"
    ))?;
    let rows = stmt.query_map(params![product_id, email], trial_row)?;
    rows.collect()
}

/// Store a new trial; returns its sequence number (the license id is derived from it).
#[allow(clippy::too_many_arguments)]
pub fn insert_trial(
    tx: &Transaction,
    product_id: i64,
    hardware_id: &str,
    email: &str,
    license_key: Option<&str>,
    password: Option<&str>,
    customer: &str,
    created_at: i64,
    validity_period: i64,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO trials (product_id, hardware_id, email, license_key, password, customer,
             created_at, validity_period) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            product_id,
            hardware_id,
            email,
            license_key,
            password,
            customer,
            created_at,
            validity_period
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

// ---------------------------------------------------------------------------------------------
// Device variables: one row per device and name (also mirrored, as a map, in devices.variables,
// which activate and check report).

#[derive(Debug, Clone)]
pub struct DeviceVariable {
    pub id: i64,
    pub name: String,
    pub value: String,
    pub created_at: i64,
}

/// Store `vars` for the device (new names are added, known names get the new value) and keep
/// the device's map in step. Returns the stored rows of the names given.
pub fn set_variables(
    tx: &Transaction,
    device_id: i64,
    vars: &BTreeMap<String, String>,
    now_ms: i64,
) -> rusqlite::Result<Vec<DeviceVariable>> {
    for (name, value) in vars {
        tx.execute(
            "INSERT INTO device_variables (device_id, name, value, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (device_id, name) DO UPDATE SET value = ?3, updated_at = ?4",
            params![device_id, name, value, now_ms],
        )?;
    }
    let all = variables(tx, device_id)?;
    let map: BTreeMap<&str, &str> = all
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    tx.execute(
        "UPDATE devices SET variables = ?2 WHERE id = ?1",
        params![
            device_id,
            serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
        ],
    )?;
    Ok(all
        .into_iter()
        .filter(|v| vars.contains_key(&v.name))
        .collect())
}

/// Every variable of the device, oldest first.
pub fn variables(conn: &Connection, device_id: i64) -> rusqlite::Result<Vec<DeviceVariable>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, value, created_at FROM device_variables WHERE device_id = ?1
         ORDER BY id",
    )?;
    let rows = stmt.query_map([device_id], |r| {
        Ok(DeviceVariable {
            id: r.get(0)?,
            name: r.get(1)?,
            value: r.get(2)?,
            created_at: r.get(3)?,
        })
    })?;
    rows.collect()
}

// ---------------------------------------------------------------------------------------------
// Passwords changed with change_password.

/// Seed users whose password was changed: user id → password.
pub fn password_overrides(
    conn: &Connection,
) -> rusqlite::Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare("SELECT user_id, password FROM user_passwords")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

pub fn set_user_password(tx: &Transaction, user_id: i64, password: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO user_passwords (user_id, password) VALUES (?1, ?2)
         ON CONFLICT (user_id) DO UPDATE SET password = ?2",
        params![user_id, password],
    )?;
    Ok(())
}

pub fn set_trial_password(tx: &Transaction, seq: i64, password: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE trials SET password = ?2 WHERE seq = ?1",
        params![seq, password],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// OAuth access tokens.

pub fn insert_token(
    conn: &Connection,
    token: &str,
    client_id: &str,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO oauth_tokens (token, client_id, expires_at) VALUES (?1, ?2, ?3)",
        params![token, client_id, expires_at],
    )?;
    Ok(())
}

/// (client id, expiry) of a token the token endpoint issued.
pub fn token(conn: &Connection, token: &str) -> rusqlite::Result<Option<(String, i64)>> {
    conn.query_row(
        "SELECT client_id, expires_at FROM oauth_tokens WHERE token = ?1",
        [token],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}
