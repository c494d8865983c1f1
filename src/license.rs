//! The license object returned by activate and check.

use crate::error::{Error, Result};
use crate::status::Status;
use serde::Deserialize;

/// A product feature on the license.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub code: String,
    pub name: String,
}

/// A custom field on the license; non-string values are given as their JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomField {
    pub name: String,
    pub value: String,
}

/// A license as the server described it. Fields the server omitted read as `None`, `false` or 0;
/// [`License::json`] keeps the whole verified response for anything else.
#[derive(Debug, Clone, PartialEq)]
pub struct License {
    json: String,
    pub id: i64,
    pub license_key: Option<String>,
    pub license_type: Option<String>,
    pub active: bool,
    pub enabled: bool,
    pub expired: bool,
    pub trial: bool,
    pub validity_period: Option<String>,
    pub times_activated: i64,
    pub max_activations: i64,
    pub features: Vec<Feature>,
    pub custom_fields: Vec<CustomField>,
    pub customer_email: Option<String>,
    pub user_email: Option<String>,
}

#[derive(Deserialize)]
struct Wire {
    id: i64,
    #[serde(default)]
    license_key: Option<String>,
    #[serde(default)]
    license_type: Option<String>,
    #[serde(default)]
    license_active: Option<bool>,
    #[serde(default)]
    license_enabled: Option<bool>,
    #[serde(default)]
    is_expired: Option<bool>,
    #[serde(default)]
    is_trial: Option<bool>,
    #[serde(default)]
    validity_period: Option<String>,
    #[serde(default)]
    times_activated: Option<i64>,
    #[serde(default)]
    max_activations: Option<i64>,
    #[serde(default)]
    product_features: Option<Vec<WireFeature>>,
    #[serde(default)]
    custom_fields: Option<Vec<WireCustomField>>,
    #[serde(default)]
    customer: Option<WireEmail>,
    #[serde(default)]
    user: Option<WireEmail>,
}

#[derive(Deserialize)]
struct WireFeature {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct WireCustomField {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    value: serde_json::Value,
}

#[derive(Deserialize)]
struct WireEmail {
    #[serde(default)]
    email: Option<String>,
}

impl License {
    /// Parses a verified response body. A body that is not JSON is `LS_ERR_NON_JSON_RESPONSE`;
    /// JSON without a numeric `id`, or with fields of the wrong type, is `LS_ERR_UNEXPECTED_RESPONSE`.
    pub fn from_json(body: &[u8]) -> Result<License> {
        let text = std::str::from_utf8(body).map_err(|_| {
            Error::new(
                Status::LS_ERR_NON_JSON_RESPONSE,
                "the license response is not UTF-8",
            )
        })?;
        // Straight into the typed shape: one pass, few allocations. serde would also accept a
        // JSON array for a struct, hence the object check. Only when that fails is the body
        // parsed generically, to tell "not JSON" from "JSON of the wrong shape".
        let is_object = text.trim_start().starts_with('{');
        let wire: Wire = match serde_json::from_str(text) {
            Ok(wire) if is_object => wire,
            direct => {
                let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
                    Error::new(
                        Status::LS_ERR_NON_JSON_RESPONSE,
                        format!("the license response is not JSON ({e})"),
                    )
                })?;
                let why = match direct {
                    Err(e) if value.is_object() => e.to_string(),
                    _ => "it is not a JSON object".to_owned(),
                };
                return Err(Error::new(
                    Status::LS_ERR_UNEXPECTED_RESPONSE,
                    format!("the license response is not a license object ({why})"),
                ));
            }
        };
        Ok(License {
            json: text.to_owned(),
            id: wire.id,
            license_key: wire.license_key,
            license_type: wire.license_type,
            active: wire.license_active.unwrap_or(false),
            enabled: wire.license_enabled.unwrap_or(false),
            expired: wire.is_expired.unwrap_or(false),
            trial: wire.is_trial.unwrap_or(false),
            validity_period: wire.validity_period,
            times_activated: wire.times_activated.unwrap_or(0),
            max_activations: wire.max_activations.unwrap_or(0),
            features: wire
                .product_features
                .unwrap_or_default()
                .into_iter()
                .map(|f| Feature {
                    code: f.code.unwrap_or_default(),
                    name: f.name.unwrap_or_default(),
                })
                .collect(),
            custom_fields: wire
                .custom_fields
                .unwrap_or_default()
                .into_iter()
                .map(|f| CustomField {
                    name: f.name.unwrap_or_default(),
                    value: match f.value {
                        serde_json::Value::String(s) => s,
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    },
                })
                .collect(),
            customer_email: wire.customer.and_then(|c| c.email),
            user_email: wire.user.and_then(|u| u.email),
        })
    }

    /// The response body exactly as received and verified.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The response body, moved out (the other fields are public).
    pub(crate) fn into_json(self) -> String {
        self.json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{"id":1749538876210079,"license_key":"KEY_MOCK_VALID","license_type":"consumption","license_active":true,"license_enabled":true,"is_trial":false,"is_expired":false,"validity_period":null,"start_date":null,"maintenance_period":null,"max_activations":1,"times_activated":1,"allow_unlimited_activations":false,"transfer_count":0,"max_transfers":0,"prevent_vm":false,"allow_grace_period":false,"grace_period":0,"is_floating":false,"is_floating_cloud":false,"floating_timeout":120,"max_consumptions":1,"total_consumptions":0,"metadata":{},"custom_fields":[{"name":"a","data_type":null,"value":"a"},{"name":"n","value":5}],"product_features":[{"id":1749538876113049,"code":"b","name":"b","feature_type":"activation","expiry_date":null,"metadata":{},"is_floating":false,"is_floating_cloud":false}],"customer":{"email":"b@b.com","company_name":"This","customer_account":null,"metadata":{}},"product_details":{"product_id":1584723961091040,"product_name":"product","short_code":"product","authorization_method":"license-key","metadata":{}},"device_id":1749551075232009,"license_signature":"x","brand_new_field":{"x":[1,2]}}"#;

    #[test]
    fn parses_the_vendor_example() {
        let l = License::from_json(EXAMPLE.as_bytes()).unwrap();
        assert_eq!(l.id, 1749538876210079);
        assert_eq!(l.license_key.as_deref(), Some("KEY_MOCK_VALID"));
        assert_eq!(l.license_type.as_deref(), Some("consumption"));
        assert!(l.active && l.enabled && !l.expired && !l.trial);
        assert_eq!(l.validity_period, None);
        assert_eq!((l.times_activated, l.max_activations), (1, 1));
        assert_eq!(
            l.features,
            vec![Feature {
                code: "b".into(),
                name: "b".into()
            }]
        );
        assert_eq!(
            l.custom_fields[0],
            CustomField {
                name: "a".into(),
                value: "a".into()
            }
        );
        assert_eq!(l.custom_fields[1].value, "5");
        assert_eq!(l.customer_email.as_deref(), Some("b@b.com"));
        assert_eq!(l.user_email, None);
        assert_eq!(l.json(), EXAMPLE);
    }

    #[test]
    fn rejects_non_licenses() {
        let s = |b: &[u8]| License::from_json(b).unwrap_err().status();
        assert_eq!(s(b"<html>"), Status::LS_ERR_NON_JSON_RESPONSE);
        assert_eq!(s(b"\xff\xfe"), Status::LS_ERR_NON_JSON_RESPONSE);
        assert_eq!(s(b"{}"), Status::LS_ERR_UNEXPECTED_RESPONSE);
        assert_eq!(s(b"[1]"), Status::LS_ERR_UNEXPECTED_RESPONSE);
        assert_eq!(s(br#"{"id":"x"}"#), Status::LS_ERR_UNEXPECTED_RESPONSE);
    }
}
