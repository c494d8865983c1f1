//! What an operation gives back: a result of some [`Kind`] whose fields are read by [`Field`].
//!
//! A response is parsed once, against its kind's rows in `fields.rs`: every field is looked up,
//! type-checked and stored in its slot (strings already as C strings, so the C ABI lends them
//! out without copying). A field of the wrong type, or a required field that is missing, makes
//! the whole response `LS_ERR_UNEXPECTED_RESPONSE`; fields the table does not name are ignored,
//! and the exact verified body stays readable.

use crate::error::{Error, Result};
pub use crate::fields::{Field, FieldSpec, FieldType, Kind};
use crate::json::Node;
use crate::status::Status;
use std::ffi::CString;

/// A field's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// Absent, or JSON `null`.
    Null,
    Bool(bool),
    Int(i64),
    Str(&'a str),
    List(&'a [Record]),
    Object(&'a Record),
}

#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Null,
    Bool(bool),
    Int(i64),
    Str(CString),
    List(Box<[Record]>),
    Object(Box<Record>),
}

/// A parsed result: its kind, its JSON and one value per field of the kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    kind: Kind,
    json: CString,
    slots: Box<[Slot]>,
}

/// A license: the result of activate and check.
pub type License = Record;

impl Record {
    /// Parses a response body as a result of `kind`. A body that is not JSON is
    /// `LS_ERR_NON_JSON_RESPONSE`; JSON that is not an object, has a field of the wrong type or
    /// lacks a required field is `LS_ERR_UNEXPECTED_RESPONSE`, naming the field.
    pub fn from_body(kind: Kind, body: &[u8]) -> Result<Record> {
        let what = || kind.name().replace('_', " ");
        let text = std::str::from_utf8(body).map_err(|_| {
            Error::new(
                Status::LS_ERR_NON_JSON_RESPONSE,
                format!("the {} response is not UTF-8", what()),
            )
        })?;
        let document = Node::parse(text).map_err(|e| {
            Error::new(
                Status::LS_ERR_NON_JSON_RESPONSE,
                format!("the {} response is not JSON ({e})", what()),
            )
        })?;
        let slots = parse_slots(kind, &document, &At::Root).map_err(|why| {
            let what = what();
            unexpected(format!("the {what} response is not a {what} ({why})"))
        })?;
        Ok(Record {
            kind,
            json: crate::ffi::to_cstring(text),
            slots,
        })
    }

    /// The kind of this result.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The JSON this result was read from: for a result an operation returned, the response body
    /// exactly as received and verified; for an item of a list, the item's compact JSON.
    pub fn json(&self) -> &str {
        self.json.to_str().unwrap_or_default()
    }

    pub(crate) fn json_c(&self) -> &CString {
        &self.json
    }

    /// The value of `field`, or `None` when the field belongs to another kind.
    pub fn get(&self, field: Field) -> Option<Value<'_>> {
        if field.kind() != self.kind {
            return None;
        }
        Some(match &self.slots[field.position()] {
            Slot::Null => Value::Null,
            Slot::Bool(b) => Value::Bool(*b),
            Slot::Int(n) => Value::Int(*n),
            Slot::Str(s) => Value::Str(s.to_str().unwrap_or_default()),
            Slot::List(items) => Value::List(items),
            Slot::Object(record) => Value::Object(record),
        })
    }

    /// The C string behind a string-valued field, for the C ABI.
    pub(crate) fn get_c_str(&self, field: Field) -> Option<&CString> {
        match &self.slots[field.position()] {
            Slot::Str(s) if field.kind() == self.kind => Some(s),
            _ => None,
        }
    }

    /// A string (or text, or JSON) field's value; `None` when null, absent or of another type.
    pub fn str(&self, field: Field) -> Option<&str> {
        match self.get(field)? {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// An integer field's value; `None` when null, absent or of another type.
    pub fn int(&self, field: Field) -> Option<i64> {
        match self.get(field)? {
            Value::Int(n) => Some(n),
            _ => None,
        }
    }

    /// A boolean field's value; `None` when null, absent or of another type.
    pub fn bool(&self, field: Field) -> Option<bool> {
        match self.get(field)? {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// An object field's result; `None` when null, absent or of another type.
    pub fn object(&self, field: Field) -> Option<&Record> {
        match self.get(field)? {
            Value::Object(record) => Some(record),
            _ => None,
        }
    }

    /// A list field's items; empty when absent or of another type.
    pub fn list(&self, field: Field) -> &[Record] {
        match self.get(field) {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }
}

fn unexpected(message: String) -> Error {
    Error::new(Status::LS_ERR_UNEXPECTED_RESPONSE, message)
}

/// Where a value sits in the document, written out only for an error message.
#[derive(Clone, Copy)]
enum At<'p> {
    Root,
    /// A field's (dot-separated) path under an object; `""` is the object itself.
    Field(&'p At<'p>, &'static str),
    /// An item of a list.
    Item(&'p At<'p>, usize),
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            At::Root => Ok(()),
            At::Field(At::Root, path) => f.write_str(path),
            At::Field(parent, "") => parent.fmt(f),
            At::Field(parent, path) => write!(f, "{parent}.{path}"),
            At::Item(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Reads every field of `kind` out of `object`; `at` is the object's own place, for messages.
fn parse_slots(kind: Kind, object: &Node, at: &At) -> std::result::Result<Box<[Slot]>, String> {
    // A kind whose only field is the whole document (path "") reads any JSON value, e.g. a list.
    let whole = kind.fields().iter().all(|f| f.path.is_empty());
    if !whole && !matches!(object, Node::Object(_)) {
        return Err(match at {
            At::Root => "it is not a JSON object".to_owned(),
            _ => format!("{at} is not a JSON object"),
        });
    }
    kind.fields()
        .iter()
        .map(|spec| {
            let here = At::Field(at, spec.path);
            let value = lookup(object, spec.path)
                .map_err(|parent| format!("{} is not a JSON object", At::Field(at, parent)))?;
            let slot = convert(spec, value, &here)?;
            if spec.required && slot == Slot::Null {
                return Err(format!("{here} is missing"));
            }
            Ok(slot)
        })
        .collect()
}

/// The value at a dot-separated path: `Ok(None)` when it or a parent is absent or null,
/// `Err(parent path)` when a parent is not an object.
fn lookup<'n, 'a>(
    object: &'n Node<'a>,
    path: &'static str,
) -> std::result::Result<Option<&'n Node<'a>>, &'static str> {
    let present = |node: &'n Node<'a>| Some(node).filter(|v| **v != Node::Null);
    if path.is_empty() {
        return Ok(present(object));
    }
    let mut current = object;
    let mut rest = path;
    loop {
        // The next part of the path, split by hand: most paths have no dot at all.
        let (part, next) = match rest.bytes().position(|b| b == b'.') {
            Some(dot) => (&rest[..dot], Some(&rest[dot + 1..])),
            None => (rest, None),
        };
        match current {
            Node::Object(_) => {}
            Node::Null => return Ok(None),
            _ => return Err(&path[..(path.len() - rest.len()).max(1) - 1]),
        }
        match current.get(part) {
            Some(found) => current = found,
            None => return Ok(None),
        }
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    Ok(present(current))
}

fn convert(spec: &FieldSpec, value: Option<&Node>, at: &At) -> std::result::Result<Slot, String> {
    let Some(value) = value else {
        return Ok(match spec.field_type {
            FieldType::List(_) => Slot::List(Box::default()),
            _ => Slot::Null,
        });
    };
    let wrong = |expected: &str| format!("{at} is not {expected}");
    Ok(match spec.field_type {
        FieldType::Bool => match value {
            Node::Bool(b) => Slot::Bool(*b),
            _ => return Err(wrong("a boolean")),
        },
        FieldType::Int => match value {
            Node::Number(n) => Slot::Int(n.as_i64().ok_or_else(|| wrong("an integer"))?),
            _ => return Err(wrong("an integer")),
        },
        FieldType::Str => match value {
            Node::Str(s) => Slot::Str(crate::ffi::to_cstring(s.as_ref())),
            _ => return Err(wrong("a string")),
        },
        FieldType::Text => Slot::Str(match value {
            Node::Str(s) => crate::ffi::to_cstring(s.as_ref()),
            other => crate::ffi::to_cstring(other.to_json()),
        }),
        FieldType::Json => Slot::Str(crate::ffi::to_cstring(value.to_json())),
        FieldType::List(kind) => {
            let Node::List(items) = value else {
                return Err(wrong("a list"));
            };
            let records = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    Ok(Record {
                        kind,
                        json: crate::ffi::to_cstring(item.to_json()),
                        slots: parse_slots(kind, item, &At::Item(at, i))?,
                    })
                })
                .collect::<std::result::Result<Vec<_>, String>>()?;
            Slot::List(records.into())
        }
        FieldType::Object(kind) => Slot::Object(Box::new(Record {
            kind,
            json: crate::ffi::to_cstring(value.to_json()),
            slots: parse_slots(kind, value, at)?,
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Field::*;

    const EXAMPLE: &str = r#"{"id":1749538876210079,"license_key":"KEY_MOCK_VALID","license_type":"consumption","license_active":true,"license_enabled":true,"is_trial":false,"is_expired":false,"validity_period":null,"start_date":null,"maintenance_period":null,"max_activations":1,"times_activated":1,"allow_unlimited_activations":false,"transfer_count":0,"max_transfers":0,"prevent_vm":false,"allow_grace_period":false,"grace_period":0,"is_floating":false,"is_floating_cloud":false,"floating_timeout":120,"max_consumptions":1,"total_consumptions":0,"metadata":{},"custom_fields":[{"name":"a","data_type":null,"value":"a"},{"name":"n","value":5}],"product_features":[{"id":1749538876113049,"code":"b","name":"b","feature_type":"activation","expiry_date":null,"metadata":{},"is_floating":false,"is_floating_cloud":false}],"customer":{"email":"b@b.com","company_name":"This","customer_account":null,"metadata":{}},"product_details":{"product_id":1584723961091040,"product_name":"product","short_code":"product","authorization_method":"license-key","metadata":{}},"device_id":1749551075232009,"license_signature":"x","brand_new_field":{"x":[1,2]}}"#;

    #[test]
    fn parses_the_vendor_example() {
        let l = Record::from_body(Kind::LS_KIND_LICENSE, EXAMPLE.as_bytes()).unwrap();
        assert_eq!(l.int(LS_LICENSE_ID), Some(1749538876210079));
        assert_eq!(l.str(LS_LICENSE_KEY), Some("KEY_MOCK_VALID"));
        assert_eq!(l.str(LS_LICENSE_TYPE), Some("consumption"));
        assert_eq!(l.bool(LS_LICENSE_ACTIVE), Some(true));
        assert_eq!(l.bool(LS_LICENSE_TRIAL), Some(false));
        assert_eq!(l.get(LS_LICENSE_VALIDITY_PERIOD), Some(Value::Null));
        assert_eq!(l.get(LS_LICENSE_TRIAL_DAYS), Some(Value::Null), "absent");
        assert_eq!(l.int(LS_LICENSE_FLOATING_TIMEOUT), Some(120));
        assert_eq!(l.str(LS_LICENSE_METADATA), Some("{}"));
        let features = l.list(LS_LICENSE_FEATURES);
        assert_eq!(features.len(), 1);
        assert_eq!(features[0].kind(), Kind::LS_KIND_FEATURE);
        assert_eq!(features[0].str(LS_FEATURE_CODE), Some("b"));
        assert_eq!(features[0].str(LS_FEATURE_TYPE), Some("activation"));
        assert!(
            features[0].json().starts_with(r#"{"code":"b""#)
                || features[0].json().contains(r#""code":"b""#)
        );
        let custom = l.list(LS_LICENSE_CUSTOM_FIELDS);
        assert_eq!(custom[0].str(LS_CUSTOM_FIELD_VALUE), Some("a"));
        assert_eq!(custom[1].str(LS_CUSTOM_FIELD_VALUE), Some("5"));
        assert_eq!(custom[0].get(LS_CUSTOM_FIELD_DATA_TYPE), Some(Value::Null));
        assert_eq!(l.str(LS_LICENSE_CUSTOMER_EMAIL), Some("b@b.com"));
        assert_eq!(l.get(LS_LICENSE_CUSTOMER_ACCOUNT), Some(Value::Null));
        assert_eq!(l.str(LS_LICENSE_PRODUCT_SHORT_CODE), Some("product"));
        assert_eq!(l.get(LS_LICENSE_USER_EMAIL), Some(Value::Null));
        assert_eq!(l.get(LS_FEATURE_CODE), None, "a field of another kind");
        assert_eq!(l.json(), EXAMPLE);
    }

    fn status(body: &str) -> (Status, String) {
        let e = Record::from_body(Kind::LS_KIND_LICENSE, body.as_bytes()).unwrap_err();
        (e.status(), e.message().to_owned())
    }

    #[test]
    fn rejects_non_licenses_naming_the_field() {
        assert_eq!(status("<html>").0, Status::LS_ERR_NON_JSON_RESPONSE);
        let e = Record::from_body(Kind::LS_KIND_LICENSE, b"\xff\xfe").unwrap_err();
        assert_eq!(e.status(), Status::LS_ERR_NON_JSON_RESPONSE);
        let cases = [
            ("{}", "id is missing"),
            ("[1]", "not a JSON object"),
            (r#"{"id":null}"#, "id is missing"),
            (r#"{"id":"x"}"#, "id is not an integer"),
            (r#"{"id":1,"license_key":5}"#, "license_key is not a string"),
            (
                r#"{"id":1,"license_active":"yes"}"#,
                "license_active is not a boolean",
            ),
            (
                r#"{"id":1,"customer":"x"}"#,
                "customer is not a JSON object",
            ),
            (
                r#"{"id":1,"product_features":{}}"#,
                "product_features is not a list",
            ),
            (
                r#"{"id":1,"product_features":[1]}"#,
                "product_features[0] is not a JSON object",
            ),
            (
                r#"{"id":1,"product_features":[{"name":"n"}]}"#,
                "product_features[0].code is missing",
            ),
            (
                r#"{"id":1,"custom_fields":[{"name":"a"},{"value":1}]}"#,
                "custom_fields[1].name is missing",
            ),
            (r#"{"id":1.5}"#, "id is not an integer"),
        ];
        for (body, why) in cases {
            let (s, message) = status(body);
            assert_eq!(s, Status::LS_ERR_UNEXPECTED_RESPONSE, "{body}");
            assert!(message.contains(why), "{body}: {message:?} names {why:?}");
        }
    }

    #[test]
    fn nulls_and_absent_nested_objects_read_as_null() {
        let l = Record::from_body(
            Kind::LS_KIND_LICENSE,
            br#"{"id":1,"customer":null,"user":{}}"#,
        )
        .unwrap();
        assert_eq!(l.get(LS_LICENSE_CUSTOMER_EMAIL), Some(Value::Null));
        assert_eq!(l.get(LS_LICENSE_USER_ID), Some(Value::Null));
        assert!(l.list(LS_LICENSE_FEATURES).is_empty());
        assert_eq!(l.get(LS_LICENSE_FEATURES), Some(Value::List(&[])));
    }

    #[test]
    fn an_embedded_nul_is_replaced() {
        let l = Record::from_body(
            Kind::LS_KIND_LICENSE,
            br#"{"id":1,"license_key":"a\u0000b"}"#,
        )
        .unwrap();
        assert_eq!(l.str(LS_LICENSE_KEY), Some("a\u{FFFD}b"));
    }
}
