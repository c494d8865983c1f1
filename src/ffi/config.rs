//! `ls_config_*`: building a client configuration.

use super::{guard, mut_arg, out_arg, str_arg, ErrorObject};
use crate::config::{timeout_from_secs, Config, Proxy};
use crate::status::Status;
use std::ffi::c_char;

/// Creates a configuration for the vendor's API (`https://api.licensespring.com`) with the given
/// API key and shared key, default timeouts (connect 10 s, total 30 s), proxies from the
/// environment, the operating system's trusted certificates, and response verification with the
/// vendor's public key.
///
/// Both strings are copied. On success `*out` receives a new config owned by the caller, to be
/// released with `ls_config_free`.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (an empty key). Does not block.
#[no_mangle]
pub unsafe extern "C" fn ls_config_new(
    api_key: *const c_char,
    shared_key: *const c_char,
    out: *mut *mut Config,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let config = Config::new(
            str_arg(api_key, "api_key")?,
            str_arg(shared_key, "shared_key")?,
        )?;
        *out = Box::into_raw(Box::new(config));
        Ok(())
    })
}

/// Creates a configuration for the vendor's API authenticating with OAuth client credentials
/// instead of an API key: each client fetches an access token from the token endpoint (the
/// vendor's, unless `ls_config_set_token_url` names another), shares it between its threads,
/// refreshes it before it expires, and fetches a new one once when the server refuses it. Other
/// defaults as for `ls_config_new`. Both strings are copied; the secret never appears in a
/// message. On success `*out` receives a new config owned by the caller.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (an empty ID or secret). Does not block.
#[no_mangle]
pub unsafe extern "C" fn ls_config_new_oauth(
    client_id: *const c_char,
    client_secret: *const c_char,
    out: *mut *mut Config,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let config = Config::new_oauth(
            str_arg(client_id, "client_id")?,
            str_arg(client_secret, "client_secret")?,
        )?;
        *out = Box::into_raw(Box::new(config));
        Ok(())
    })
}

/// Sets where an OAuth configuration fetches its tokens (an http(s) URL, copied), e.g. an
/// on-premise identity provider or `ls-emulator`'s token endpoint.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (not an http(s) URL, or the configuration uses an API key).
#[no_mangle]
pub unsafe extern "C" fn ls_config_set_token_url(
    config: *mut Config,
    url: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let config = mut_arg(config, "config")?;
        config.set_token_url(str_arg(url, "url")?)?;
        Ok(())
    })
}

/// Releases a configuration. `NULL` is a no-op. Clients created from it are unaffected.
#[no_mangle]
pub unsafe extern "C" fn ls_config_free(config: *mut Config) {
    if !config.is_null() {
        super::guard_infallible((), || drop(Box::from_raw(config)));
    }
}

/// Replaces the scheme, host and port requests go to, e.g. `"http://127.0.0.1:8080"` for a local
/// `ls-emulator` (paths `/api/v4/...` are appended). Copied.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (not an http(s) URL with a host).
#[no_mangle]
pub unsafe extern "C" fn ls_config_set_base_url(
    config: *mut Config,
    url: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let config = mut_arg(config, "config")?;
        config.set_base_url(str_arg(url, "url")?)?;
        Ok(())
    })
}

/// Sets the time allowed to connect (TCP and TLS), in seconds (fractions allowed). The default is
/// 10 s.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or `LS_ERR_INVALID_ARGUMENT` (not greater than zero,
/// not a number, or more than a day).
#[no_mangle]
pub unsafe extern "C" fn ls_config_set_connect_timeout(
    config: *mut Config,
    seconds: f64,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let config = mut_arg(config, "config")?;
        config.set_connect_timeout(timeout_from_secs(seconds, "connect timeout")?)?;
        Ok(())
    })
}

/// Sets the total time allowed for one call, from connecting to the last byte of the response,
/// in seconds (fractions allowed). The default is 30 s.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or `LS_ERR_INVALID_ARGUMENT` (not greater than zero,
/// not a number, or more than a day).
#[no_mangle]
pub unsafe extern "C" fn ls_config_set_total_timeout(
    config: *mut Config,
    seconds: f64,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let config = mut_arg(config, "config")?;
        config.set_total_timeout(timeout_from_secs(seconds, "total timeout")?)?;
        Ok(())
    })
}

/// Sends every request through this proxy (e.g. `"http://proxy.example:3128"`), instead of the
/// proxies named by `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY`, which are used by default.
/// Copied.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_config_set_proxy(
    config: *mut Config,
    url: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let config = mut_arg(config, "config")?;
        config.set_proxy(Proxy::Url(str_arg(url, "url")?.to_owned()))?;
        Ok(())
    })
}

/// Connects directly, ignoring proxy environment variables.
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_config_disable_proxy(
    config: *mut Config,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        mut_arg(config, "config")?.set_proxy(Proxy::Direct)?;
        Ok(())
    })
}

/// Trusts the PEM certificates in the file at `path` in addition to the operating system's
/// store (for an on-premise server or a TLS-intercepting proxy). The path is copied; the file is
/// read by `ls_client_new`, which fails with `LS_ERR_INVALID_ARGUMENT` if it is unusable.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`.
#[no_mangle]
pub unsafe extern "C" fn ls_config_add_ca_file(
    config: *mut Config,
    path: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let config = mut_arg(config, "config")?;
        config.add_ca_file(str_arg(path, "path")?);
        Ok(())
    })
}

/// Verifies responses with this RSA public key (PEM, `BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC
/// KEY`, 2048 to 8192 bits) instead of the vendor's: for on-premise servers and `ls-emulator`.
/// Copied.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (not a usable RSA public key).
#[no_mangle]
pub unsafe extern "C" fn ls_config_set_public_key_pem(
    config: *mut Config,
    pem: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let config = mut_arg(config, "config")?;
        config.set_public_key_pem(str_arg(pem, "pem")?)?;
        Ok(())
    })
}

/// Accepts license responses without verifying their `LicenseSignature`. Verification is on by
/// default; switch it off only for a server that does not sign.
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_config_disable_signature_verification(
    config: *mut Config,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        mut_arg(config, "config")?.disable_signature_verification();
        Ok(())
    })
}

/// Sets the application version sent as `app_ver` when a request does not set its own; `""`
/// clears it. Copied.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`.
#[no_mangle]
pub unsafe extern "C" fn ls_config_set_app_version(
    config: *mut Config,
    version: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let config = mut_arg(config, "config")?;
        config.set_app_version(str_arg(version, "version")?);
        Ok(())
    })
}
