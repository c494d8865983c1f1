//! `ls_result_*`: reading what an operation gave back, field by field.

use super::{guard, out_arg, ref_arg, ErrorObject};
use crate::error::{Error, Result};
use crate::result::{Field, FieldType, Record, Value};
use crate::status::Status;
use std::ffi::c_char;

/// The type of an `ls_value`.
#[repr(i32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// The field is absent or JSON `null`.
    LS_VALUE_NULL = 0,
    /// A boolean, in `integer` (0 or 1).
    LS_VALUE_BOOL = 1,
    /// An integer, in `integer`.
    LS_VALUE_INT = 2,
    /// A string, in `string` (string, text and JSON fields).
    LS_VALUE_STRING = 3,
    /// A list, its length in `integer`; read the items with `ls_result_item`.
    LS_VALUE_LIST = 4,
    /// A nested result (`integer` is 1); read it with `ls_result_item` at index 0.
    LS_VALUE_OBJECT = 5,
}

/// One field's value, written by `ls_result_get`.
#[repr(C)]
pub struct ValueOut {
    /// Which of the members below holds the value.
    pub value_type: ValueType,
    /// The value of a boolean (0 or 1) or integer field; the length of a list; 0 otherwise.
    pub integer: i64,
    /// The value of a string field (NUL-terminated UTF-8), borrowed from the result: valid until
    /// the result that owns it is freed. NULL for every other type.
    pub string: *const c_char,
}

fn field_of(result: &Record, field: u32) -> Result<Field> {
    let f = Field::from_u32(field)
        .ok_or_else(|| Error::invalid_argument(format!("field {field} is not an ls_field")))?;
    if f.kind() != result.kind() {
        return Err(Error::invalid_argument(format!(
            "{} is a field of {}, not of {}",
            f.c_name(),
            f.kind().c_name(),
            result.kind().c_name()
        )));
    }
    Ok(f)
}

/// Releases a result returned by an operation, with every item and string borrowed from it.
/// `NULL` is a no-op. Never pass an item obtained from `ls_result_item`.
#[no_mangle]
pub unsafe extern "C" fn ls_result_free(result: *mut Record) {
    if !result.is_null() {
        super::guard_infallible((), || drop(Box::from_raw(result)));
    }
}

/// The kind of a result (an `ls_kind`); 0 for `NULL`. Never fails, never blocks.
#[no_mangle]
pub unsafe extern "C" fn ls_result_kind(result: *const Record) -> u32 {
    result
        .as_ref()
        .map_or(0, |r| super::guard_infallible(0, || r.kind() as u32))
}

/// `*out` = the JSON the result was read from: for a result an operation returned, the response
/// body exactly as received and verified; for a list item, its compact JSON. Borrowed from the
/// result: valid until the result (or, for an item, its owner) is freed.
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`. None of the `ls_result_*` functions blocks.
#[no_mangle]
pub unsafe extern "C" fn ls_result_json(
    result: *const Record,
    out: *mut *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        *out = ref_arg(result, "result")?.json_c().as_ptr();
        Ok(())
    })
}

/// `*out` = the value of `field` (an `ls_field` of the result's kind). Strings are borrowed from
/// the result: valid until the result (or, for an item, its owner) is freed.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or `LS_ERR_INVALID_ARGUMENT` (not an `ls_field`, or
/// a field of another kind).
#[no_mangle]
pub unsafe extern "C" fn ls_result_get(
    result: *const Record,
    field: u32,
    out: *mut ValueOut,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let result = ref_arg(result, "result")?;
        let field = field_of(result, field)?;
        let value = result
            .get(field)
            .expect("the field is of the result's kind");
        let (value_type, integer, string) = match value {
            Value::Null => (ValueType::LS_VALUE_NULL, 0, std::ptr::null()),
            Value::Bool(b) => (ValueType::LS_VALUE_BOOL, i64::from(b), std::ptr::null()),
            Value::Int(n) => (ValueType::LS_VALUE_INT, n, std::ptr::null()),
            Value::Str(_) => {
                let c = result
                    .get_c_str(field)
                    .expect("a string value has a C string");
                (ValueType::LS_VALUE_STRING, 0, c.as_ptr())
            }
            Value::List(items) => (
                ValueType::LS_VALUE_LIST,
                i64::try_from(items.len()).unwrap_or(i64::MAX),
                std::ptr::null(),
            ),
            Value::Object(_) => (ValueType::LS_VALUE_OBJECT, 1, std::ptr::null()),
        };
        *out = ValueOut {
            value_type,
            integer,
            string,
        };
        Ok(())
    })
}

/// `*out` = item `index` (0-based) of the list field `field`, or, for an object field, the
/// nested result at index 0: a result of the field's kind, borrowed from `result` (valid until
/// the result that owns it is freed; never free it).
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_ARGUMENT` (not a list or object field
/// of the result's kind), or `LS_ERR_INDEX_OUT_OF_RANGE` (also for an object field that is null).
#[no_mangle]
pub unsafe extern "C" fn ls_result_item(
    result: *const Record,
    field: u32,
    index: usize,
    out: *mut *const Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let result = ref_arg(result, "result")?;
        let field = field_of(result, field)?;
        let items: &[Record] = match (result.get(field), field.spec().field_type) {
            (Some(Value::List(items)), _) => items,
            (Some(Value::Object(record)), _) => std::slice::from_ref(record),
            (_, FieldType::Object(_)) => &[],
            _ => {
                return Err(Error::invalid_argument(format!(
                    "{} is not a list or object field",
                    field.c_name()
                )))
            }
        };
        let item = items.get(index).ok_or_else(|| {
            Error::new(
                Status::LS_ERR_INDEX_OUT_OF_RANGE,
                format!(
                    "index {index} is out of range ({} has {} items)",
                    field.c_name(),
                    items.len()
                ),
            )
        })?;
        *out = item;
        Ok(())
    })
}
