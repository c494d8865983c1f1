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
";

pub const SCHEMA_VERSION: &str = "1";

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
        Some(v) => return Err(format!("database schema version {v} is not supported")),
    }
    Ok(conn)
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
