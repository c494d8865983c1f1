//! Request authorization: the `Date` header and its HMAC-SHA256 signature.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::SystemTime;

/// The current time as an RFC 7231 IMF-fixdate, the form the `Date` header must take.
pub fn http_date_now() -> String {
    httpdate::fmt_http_date(SystemTime::now())
}

/// `base64(HMAC-SHA256(shared_key, "licenseSpring\ndate: " + date))`.
pub fn signature(shared_key: &str, date: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(shared_key.as_bytes())
        .expect("HMAC-SHA256 takes keys of any length");
    mac.update(b"licenseSpring\ndate: ");
    mac.update(date.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

/// The full `Authorization` header value for a request dated `date`.
pub fn authorization_header(api_key: &str, shared_key: &str, date: &str) -> String {
    format!(
        "algorithm=\"hmac-sha256\",headers=\"date\",signature=\"{}\",apikey=\"{}\"",
        signature(shared_key, date),
        api_key
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_test_vector() {
        assert_eq!(
            signature(
                "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja",
                "Tue, 07 Jun 2011 20:51:35 GMT"
            ),
            "UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q="
        );
    }

    #[test]
    fn header_shape() {
        let h = authorization_header("key", "secret", "Tue, 07 Jun 2011 20:51:35 GMT");
        assert!(h.starts_with("algorithm=\"hmac-sha256\",headers=\"date\",signature=\""));
        assert!(h.ends_with(",apikey=\"key\""));
        assert!(!h.contains("secret"));
    }

    #[test]
    fn date_is_imf_fixdate() {
        let d = http_date_now();
        assert!(d.ends_with(" GMT"), "{d}");
        assert!(httpdate::parse_http_date(&d).is_ok());
    }
}
