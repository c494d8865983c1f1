//! `ls_abi_describe`: every table of the ABI as one JSON document, so that programs (the wrapper
//! generator in `tools/bindgen`, and each wrapper's tests) read the tables from the library itself
//! instead of copying them.

use super::result::{ValueOut, ValueType};
use super::{guard_infallible, to_cstring, ErrorObject, LS_ABI_VERSION};
use crate::fields::{FieldType, Kind, FIELDS};
use crate::hardware_id::HardwareIdAlgorithm;
use crate::operation::{Method, Reply, Scope, Variables, OPERATIONS};
use crate::request::Param;
use crate::status::{Category, ALL};
use once_cell::sync::Lazy;
use serde_json::{json, Value};
use std::ffi::{c_char, CString};
use std::mem::{align_of, offset_of, size_of};

fn describe() -> Value {
    let statuses: Vec<Value> = ALL
        .iter()
        .map(|s| {
            json!({
                "name": s.name(),
                "value": *s as i32,
                "server_code": s.server_code(),
                "category": s.category().name(),
                "description": s.description(),
            })
        })
        .collect();
    let categories: Vec<Value> = Category::ALL
        .iter()
        .map(|c| json!({"name": c.name(), "value": *c as i32}))
        .collect();
    let params: Vec<Value> = Param::ALL
        .iter()
        .map(|p| {
            json!({
                "name": p.name(),
                "value": *p as u32,
                "wire_name": p.wire_name(),
                "type": p.param_type().name(),
                "secret": p.is_secret(),
            })
        })
        .collect();
    let kinds: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| json!({"c_name": k.c_name(), "name": k.name(), "value": *k as u32}))
        .collect();
    let fields: Vec<Value> = FIELDS
        .iter()
        .map(|f| {
            json!({
                "c_name": f.c_name,
                "name": f.field.name(),
                "value": f.field as u32,
                "kind": f.field.kind().c_name(),
                "path": f.path,
                "type": f.field_type.name(),
                "item_kind": match f.field_type {
                    FieldType::List(k) | FieldType::Object(k) => Some(k.c_name()),
                    _ => None,
                },
                "required": f.required,
            })
        })
        .collect();
    let operations: Vec<Value> = OPERATIONS
        .iter()
        .map(|op| {
            let (result_kind, signed) = match op.reply {
                Reply::Result { kind, signed } => (Some(kind.c_name()), signed),
                Reply::Text(_) | Reply::Empty => (None, false),
            };
            json!({
                "c_name": op.operation.c_name(),
                "name": op.name,
                "value": op.operation as u32,
                "method": match op.method { Method::Get => "GET", Method::Post => "POST" },
                "path": op.path,
                "scope": match op.scope {
                    Scope::Global => "global",
                    Scope::User => "user",
                    Scope::Product => "product",
                    Scope::Device => "device",
                    Scope::License => "license",
                },
                "params": Param::ALL.iter().filter(|p| op.params.contains(**p)).map(|p| p.name()).collect::<Vec<_>>(),
                "variables": match op.variables {
                    Variables::None => "none",
                    Variables::Optional => "optional",
                    Variables::Required => "required",
                },
                "required": op.required.iter().map(|p| p.name()).collect::<Vec<_>>(),
                "password_required": op.password_required,
                "result_kind": result_kind,
                "signed": signed,
            })
        })
        .collect();
    let value_types: Vec<Value> = [
        ValueType::LS_VALUE_NULL,
        ValueType::LS_VALUE_BOOL,
        ValueType::LS_VALUE_INT,
        ValueType::LS_VALUE_STRING,
        ValueType::LS_VALUE_LIST,
        ValueType::LS_VALUE_OBJECT,
    ]
    .iter()
    .map(|t| json!({"name": format!("{t:?}"), "value": *t as i32}))
    .collect();
    let algorithms: Vec<Value> = HardwareIdAlgorithm::ALL
        .iter()
        .map(|a| json!({"name": format!("{a:?}"), "value": *a as i32}))
        .collect();
    macro_rules! layout {
        ($name:expr, $ty:ty, [$($field:ident),*]) => {
            json!({
                "name": $name,
                "size": size_of::<$ty>(),
                "align": align_of::<$ty>(),
                "fields": [$(json!({"name": stringify!($field), "offset": offset_of!($ty, $field)})),*],
            })
        };
    }
    json!({
        "abi_version": LS_ABI_VERSION,
        "library_version": env!("CARGO_PKG_VERSION"),
        "statuses": statuses,
        "categories": categories,
        "params": params,
        "kinds": kinds,
        "fields": fields,
        "value_types": value_types,
        "operations": operations,
        "hardware_id_algorithms": algorithms,
        "structs": [
            layout!("ls_error", ErrorObject, [status, http_status, retry_after_secs, message, server_code]),
            layout!("ls_value", ValueOut, [value_type, integer, string]),
            layout!("ls_store_state", super::store::StoreStateOut, [last_check, last_use, grace_start, grace_end, floating_end, valid_until, local_consumptions, save_status, online, in_grace, offline_activated]),
        ],
    })
}

/// Every table of this ABI as one JSON document: statuses (name, number, server code, category,
/// description), categories, request parameters, result kinds and fields (path, type), value
/// types, operations (method, path, parameters, result kind), hardware-ID algorithms, and the
/// size and field offsets of each struct. Static: never freed, never NULL. For generators and
/// tests; applications have no need of it.
#[no_mangle]
pub extern "C" fn ls_abi_describe() -> *const c_char {
    static TEXT: Lazy<CString> = Lazy::new(|| to_cstring(describe().to_string()));
    guard_infallible(c"{}".as_ptr(), || TEXT.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_every_table() {
        let text = unsafe { std::ffi::CStr::from_ptr(ls_abi_describe()) };
        let d: Value = serde_json::from_str(text.to_str().unwrap()).unwrap();
        assert_eq!(d["abi_version"], LS_ABI_VERSION);
        assert_eq!(d["statuses"].as_array().unwrap().len(), ALL.len());
        assert_eq!(d["fields"].as_array().unwrap().len(), FIELDS.len());
        assert_eq!(d["operations"][0]["name"], "activate");
        assert_eq!(d["operations"][2]["result_kind"], Value::Null);
        assert_eq!(d["structs"][0]["name"], "ls_error");
        assert_eq!(d["structs"][0]["fields"][0]["offset"], 0);
    }
}
