//! licensespring: a LicenseSpring License API v4 client with a C ABI.
//!
//! Rust users call [`Client`] directly:
//! ```no_run
//! use licensespring::{Client, Config, Field, Request};
//! let mut config = Config::new("api-key", "shared-key")?;
//! config.set_base_url("http://127.0.0.1:8080")?;
//! let client = Client::new(&config)?;
//! let request = Request::new("product", "hardware-id").license_key("KEY");
//! let license = client.activate(&request)?;
//! println!(
//!     "{:?} activated {:?} times",
//!     license.int(Field::LS_LICENSE_ID),
//!     license.int(Field::LS_LICENSE_TIMES_ACTIVATED)
//! );
//! client.deactivate(&request)?;
//! # Ok::<(), licensespring::Error>(())
//! ```
//! Every other language goes through the C ABI in [`ffi`], declared in `include/licensespring.h`.

pub mod auth;
pub mod cancel;
pub mod client;
pub mod config;
pub mod error;
pub mod ffi;
pub mod fields;
pub mod hardware_id;
mod json;
mod oauth;
pub mod operation;
pub mod request;
pub mod result;
mod runtime;
mod sigpipe;
pub mod status;
pub mod store;
mod tls;
pub mod verify;

pub use cancel::Cancel;
pub use client::Client;
pub use config::{Config, Proxy};
pub use error::{Error, Result};
pub use hardware_id::HardwareIdAlgorithm;
pub use operation::Operation;
pub use request::{Param, ParamValue, Request};
pub use result::{Field, FieldSpec, FieldType, Kind, License, Record, Value};
pub use status::{Category, Status};
pub use store::{Store, StoreState};
pub use verify::PublicKey;
