//! licensespring: a LicenseSpring License API v4 client with a C ABI.
//!
//! Rust users call [`Client`] directly:
//! ```no_run
//! use licensespring::{Client, Config, Request};
//! let mut config = Config::new("api-key", "shared-key")?;
//! config.set_base_url("http://127.0.0.1:8080")?;
//! let client = Client::new(&config)?;
//! let request = Request::new("product", "hardware-id").license_key("KEY");
//! let license = client.activate(&request)?;
//! println!("{} activated {} times", license.id, license.times_activated);
//! client.deactivate(&request)?;
//! # Ok::<(), licensespring::Error>(())
//! ```
//! Every other language goes through the C ABI in [`ffi`], declared in `include/licensespring.h`.

pub mod auth;
pub mod client;
pub mod config;
pub mod error;
pub mod ffi;
pub mod fuzz_targets;
pub mod hardware_id;
pub mod license;
pub mod request;
mod runtime;
mod sigpipe;
pub mod status;
mod tls;
pub mod verify;

pub use client::Client;
pub use config::{Config, Proxy};
pub use error::{Error, Result};
pub use license::{CustomField, Feature, License};
pub use request::{Request, RequestField};
pub use status::{Category, Status};
pub use verify::PublicKey;
