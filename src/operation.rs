//! Every License API operation the library performs, one table row each: method, path, what
//! the request must hold, which parameters it sends, and what a success looks like.
//!
//! Adding an operation is a variant, a row here, and (for C callers) one `ls_<name>` export in
//! `ffi/operations.rs`; the client, the C ABI's `ls_call` and every generated wrapper layer take
//! it from this table.

use crate::request::{Param, ParamSet};
use crate::result::Kind;

/// A License API operation. Numbers are stable.
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// POST `activate_license`: activates the license on the request's device; gives an
    /// `LS_KIND_LICENSE` result.
    LS_OP_ACTIVATE = 0,
    /// GET `check_license`: the license's current state on the request's device; gives an
    /// `LS_KIND_LICENSE` result.
    LS_OP_CHECK = 1,
    /// POST `deactivate_license`: frees the request's device (sending `consumptions` if set);
    /// gives no result.
    LS_OP_DEACTIVATE = 2,
}

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Parameters in the query string.
    Get,
    /// Parameters in a JSON body.
    Post,
}

/// What the request must hold before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `product`.
    Product,
    /// `product` and `hardware_id`.
    Device,
    /// `product`, `hardware_id` and exactly one identity.
    License,
}

/// What a 200 answer must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// A JSON body read as a result of this kind; `signed` bodies must carry a verifying
    /// `LicenseSignature` (when verification is on).
    Result { kind: Kind, signed: bool },
    /// A fixed text, bare or JSON-quoted (e.g. `license_deactivated`); no result.
    Text(&'static str),
}

/// One operation's row.
#[derive(Debug, Clone, Copy)]
pub struct OperationSpec {
    pub operation: Operation,
    /// The operation's name in every language (`activate`, `check`, ...).
    pub name: &'static str,
    pub method: Method,
    /// The path under `/api/v4/`.
    pub path: &'static str,
    pub scope: Scope,
    /// The parameters it sends, when set.
    pub params: ParamSet<'static>,
    /// Whether it sends the request's device variables.
    pub variables: bool,
    pub reply: Reply,
}

use Param::*;

/// `product`, `hardware_id`, every identity parameter and `license_id`.
const LICENSE: &[Param] = &[
    LS_PARAM_PRODUCT,
    LS_PARAM_HARDWARE_ID,
    LS_PARAM_LICENSE_KEY,
    LS_PARAM_USERNAME,
    LS_PARAM_PASSWORD,
    LS_PARAM_ID_TOKEN,
    LS_PARAM_CODE,
    LS_PARAM_CUSTOMER_ACCOUNT_CODE,
    LS_PARAM_LICENSE_ID,
];

/// What the device says about itself.
const DEVICE: &[Param] = &[
    LS_PARAM_IS_VM,
    LS_PARAM_VM_INFO,
    LS_PARAM_OS_VER,
    LS_PARAM_HOSTNAME,
    LS_PARAM_OS_HOSTNAME,
    LS_PARAM_IP,
    LS_PARAM_IP_LOCAL,
    LS_PARAM_APP_VER,
    LS_PARAM_MAC_ADDRESS,
];

const LICENSE_RESULT: Reply = Reply::Result {
    kind: Kind::LS_KIND_LICENSE,
    signed: true,
};

/// Every operation, in numeric order.
pub const OPERATIONS: &[OperationSpec] = &[
    OperationSpec {
        operation: Operation::LS_OP_ACTIVATE,
        name: "activate",
        method: Method::Post,
        path: "activate_license",
        scope: Scope::License,
        params: ParamSet(&[LICENSE, DEVICE]),
        variables: true,
        reply: LICENSE_RESULT,
    },
    OperationSpec {
        operation: Operation::LS_OP_CHECK,
        name: "check",
        method: Method::Get,
        path: "check_license",
        scope: Scope::License,
        params: ParamSet(&[
            LICENSE,
            DEVICE,
            &[LS_PARAM_INCLUDE_EXPIRED_FEATURES, LS_PARAM_ENV],
        ]),
        variables: false,
        reply: LICENSE_RESULT,
    },
    OperationSpec {
        operation: Operation::LS_OP_DEACTIVATE,
        name: "deactivate",
        method: Method::Post,
        path: "deactivate_license",
        scope: Scope::License,
        params: ParamSet(&[LICENSE, DEVICE, &[LS_PARAM_CONSUMPTIONS]]),
        variables: false,
        reply: Reply::Text("license_deactivated"),
    },
];

impl Operation {
    /// Every operation, in numeric order.
    pub fn all() -> impl Iterator<Item = Operation> {
        OPERATIONS.iter().map(|spec| spec.operation)
    }

    /// The operation with this number, if any.
    pub fn from_u32(n: u32) -> Option<Operation> {
        OPERATIONS.get(n as usize).map(|spec| spec.operation)
    }

    /// This operation's row.
    pub fn spec(self) -> &'static OperationSpec {
        &OPERATIONS[self as usize]
    }

    /// The constant's name as in the C header, e.g. `"LS_OP_ACTIVATE"`.
    pub fn c_name(self) -> String {
        format!("LS_OP_{}", self.spec().name.to_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_numeric_order_and_consistent() {
        for (i, spec) in OPERATIONS.iter().enumerate() {
            assert_eq!(spec.operation as usize, i, "{}", spec.name);
            assert_eq!(Operation::from_u32(i as u32), Some(spec.operation));
            assert_eq!(format!("{:?}", spec.operation), spec.operation.c_name());
            if spec.scope == Scope::License {
                assert!(spec.params.contains(LS_PARAM_LICENSE_KEY), "{}", spec.name);
            }
            assert!(spec.params.contains(LS_PARAM_PRODUCT), "{}", spec.name);
        }
        assert_eq!(Operation::from_u32(OPERATIONS.len() as u32), None);
    }
}
