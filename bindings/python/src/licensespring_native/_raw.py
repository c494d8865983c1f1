"""Raw ctypes declarations mirroring ``include/licensespring.h`` one to one.

Nothing here converts or owns anything: constants are the header's enum values, ``FUNCTIONS``
lists every exported function with its return and argument types, and :func:`lib` loads the
shared library once, declares those prototypes and checks the ABI version. The idiomatic layer
lives in :mod:`licensespring_native`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from pathlib import Path
from typing import Any

#: ``LS_ABI_VERSION`` of the header this module mirrors.
ABI_VERSION = 1

#: ``LS_MAX_RESPONSE_BYTES``.
MAX_RESPONSE_BYTES = 2 * 1024 * 1024

# enum ls_status (int32_t)
LS_OK = 0
LS_ERR_NULL_ARGUMENT = 1
LS_ERR_INVALID_UTF8 = 2
LS_ERR_INVALID_ARGUMENT = 3
LS_ERR_INDEX_OUT_OF_RANGE = 4
LS_ERR_HARDWARE_ID_UNAVAILABLE = 5
LS_ERR_CONNECT = 100
LS_ERR_TIMEOUT = 101
LS_ERR_TLS = 102
LS_ERR_PROXY = 103
LS_ERR_NETWORK = 104
LS_ERR_UNEXPECTED_RESPONSE = 200
LS_ERR_NON_JSON_RESPONSE = 201
LS_ERR_RESPONSE_TOO_LARGE = 202
LS_ERR_SIGNATURE_MISSING = 203
LS_ERR_SIGNATURE_INVALID = 204
LS_ERR_REDIRECT = 205
LS_ERR_SERVER = 300
LS_ERR_RATE_LIMITED = 301
LS_ERR_SERVER_OTHER = 302
LS_ERR_MISSING_HEADERS = 400
LS_ERR_DATE_HEADER_DIFF = 401
LS_ERR_HMAC_REQUIRED = 402
LS_ERR_SIGNATURE_MISMATCH = 403
LS_ERR_INVALID_API_KEY = 404
LS_ERR_AUTHORIZATION_INVALID_HEADERS = 405
LS_ERR_AUTHORIZATION_MISSING_PARAMS = 406
LS_ERR_API_KEY_PRODUCT_NOT_ALLOWED = 407
LS_ERR_OAUTH_TOKEN_EXPIRED = 408
LS_ERR_OAUTH_TOKEN_MALFORMED = 409
LS_ERR_UNKNOWN_PRODUCT = 500
LS_ERR_LICENSE_NOT_FOUND = 501
LS_ERR_LICENSE_NOT_ENABLED = 502
LS_ERR_LICENSE_NOT_ACTIVE = 503
LS_ERR_VM_NOT_ALLOWED = 504
LS_ERR_OFFLINE_FLOATING_CLOUD_NOT_SUPPORTED = 505
LS_ERR_LICENSE_START_DATE = 506
LS_ERR_BLACKLISTED = 507
LS_ERR_LICENSE_ACTIVATED_MAX_TIMES = 508
LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES = 509
LS_ERR_LICENSE_EXPIRED = 510
LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES = 511
LS_ERR_LICENSE_DEVICE_EXISTS = 512
LS_ERR_DEVICE_NOT_FOUND = 513
LS_ERR_ARCHIVED_PRODUCT = 514
LS_ERR_DISABLED_PRODUCT = 515
LS_ERR_TRIAL_EXPIRED = 516
LS_ERR_FLOATING_NOT_AVAILABLE = 517
LS_ERR_UNSUPPORTED_PRODUCT_FEATURE = 518
LS_ERR_CUSTOMER_NOT_FOUND = 519
LS_ERR_MISSING_PARAMETERS = 600
LS_ERR_VALIDATION_ERROR = 601
LS_ERR_INVALID_JSON = 602
LS_ERR_MISSING_HARDWARE_ID = 603
LS_ERR_LICENSE_KEY_REQUIRED = 604
LS_ERR_NOT_FOUND = 605
LS_ERR_REQUEST_TOO_LARGE = 606
LS_ERR_INTERNAL = 900

# enum ls_category (int32_t)
LS_CATEGORY_NONE = 0
LS_CATEGORY_INVALID_ARGUMENT = 1
LS_CATEGORY_NETWORK = 2
LS_CATEGORY_AUTHORIZATION = 3
LS_CATEGORY_LICENSE = 4
LS_CATEGORY_VERIFICATION = 5
LS_CATEGORY_SERVER = 6
LS_CATEGORY_INTERNAL = 7

# enum ls_request_field (uint32_t)
LS_FIELD_PRODUCT = 0
LS_FIELD_HARDWARE_ID = 1
LS_FIELD_LICENSE_KEY = 2
LS_FIELD_USERNAME = 3
LS_FIELD_PASSWORD = 4
LS_FIELD_ID_TOKEN = 5
LS_FIELD_CODE = 6
LS_FIELD_CUSTOMER_ACCOUNT_CODE = 7
LS_FIELD_VM_INFO = 8
LS_FIELD_OS_VER = 9
LS_FIELD_HOSTNAME = 10
LS_FIELD_OS_HOSTNAME = 11
LS_FIELD_IP = 12
LS_FIELD_IP_LOCAL = 13
LS_FIELD_APP_VER = 14
LS_FIELD_MAC_ADDRESS = 15


# Opaque handle types: distinct pointer types, so ctypes refuses a handle of the wrong kind.
class ls_client(ctypes.Structure):
    pass


class ls_config(ctypes.Structure):
    pass


class ls_license(ctypes.Structure):
    pass


class ls_request(ctypes.Structure):
    pass


ls_status = ctypes.c_int32
ls_category = ctypes.c_int32
ls_request_field = ctypes.c_uint32

P = ctypes.POINTER
_client_p = P(ls_client)
_config_p = P(ls_config)
_license_p = P(ls_license)
_request_p = P(ls_request)
_str = ctypes.c_char_p  # const char * (input, or a borrowed/static result)
_str_out = P(ctypes.c_char_p)  # const char ** (borrowed result)
_owned_str = ctypes.c_void_p  # char * handed over as owned: kept as an address to free it

#: Every exported function: name -> (return type, argument types), in header order.
FUNCTIONS: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "ls_client_new": (ls_status, (_config_p, P(_client_p))),
    "ls_client_free": (None, (_client_p,)),
    "ls_activate": (ls_status, (_client_p, _request_p, P(_license_p))),
    "ls_check": (ls_status, (_client_p, _request_p, P(_license_p))),
    "ls_deactivate": (ls_status, (_client_p, _request_p)),
    "ls_config_new": (ls_status, (_str, _str, P(_config_p))),
    "ls_config_free": (None, (_config_p,)),
    "ls_config_set_base_url": (ls_status, (_config_p, _str)),
    "ls_config_set_timeouts": (ls_status, (_config_p, ctypes.c_uint32, ctypes.c_uint32)),
    "ls_config_set_proxy": (ls_status, (_config_p, _str)),
    "ls_config_disable_proxy": (ls_status, (_config_p,)),
    "ls_config_add_ca_file": (ls_status, (_config_p, _str)),
    "ls_config_set_public_key_pem": (ls_status, (_config_p, _str)),
    "ls_config_disable_signature_verification": (ls_status, (_config_p,)),
    "ls_config_set_app_version": (ls_status, (_config_p, _str)),
    "ls_last_error_status": (ls_status, ()),
    "ls_last_error_message": (_str, ()),
    "ls_last_error_code": (_str, ()),
    "ls_last_error_http_status": (ctypes.c_int32, ()),
    "ls_last_error_retry_after": (ctypes.c_int64, ()),
    "ls_license_free": (None, (_license_p,)),
    "ls_license_json": (ls_status, (_license_p, _str_out)),
    "ls_license_id": (ls_status, (_license_p, P(ctypes.c_int64))),
    "ls_license_key": (ls_status, (_license_p, _str_out)),
    "ls_license_type": (ls_status, (_license_p, _str_out)),
    "ls_license_is_active": (ls_status, (_license_p, P(ctypes.c_bool))),
    "ls_license_is_enabled": (ls_status, (_license_p, P(ctypes.c_bool))),
    "ls_license_is_expired": (ls_status, (_license_p, P(ctypes.c_bool))),
    "ls_license_is_trial": (ls_status, (_license_p, P(ctypes.c_bool))),
    "ls_license_validity_period": (ls_status, (_license_p, _str_out)),
    "ls_license_times_activated": (ls_status, (_license_p, P(ctypes.c_int64))),
    "ls_license_max_activations": (ls_status, (_license_p, P(ctypes.c_int64))),
    "ls_license_feature_count": (ls_status, (_license_p, P(ctypes.c_size_t))),
    "ls_license_feature_code": (ls_status, (_license_p, ctypes.c_size_t, _str_out)),
    "ls_license_feature_name": (ls_status, (_license_p, ctypes.c_size_t, _str_out)),
    "ls_license_custom_field_count": (ls_status, (_license_p, P(ctypes.c_size_t))),
    "ls_license_custom_field_name": (ls_status, (_license_p, ctypes.c_size_t, _str_out)),
    "ls_license_custom_field_value": (ls_status, (_license_p, ctypes.c_size_t, _str_out)),
    "ls_license_customer_email": (ls_status, (_license_p, _str_out)),
    "ls_license_user_email": (ls_status, (_license_p, _str_out)),
    "ls_version": (_str, ()),
    "ls_abi_version": (ctypes.c_uint32, ()),
    "ls_status_name": (_str, (ctypes.c_int32,)),
    "ls_status_description": (_str, (ctypes.c_int32,)),
    "ls_status_category": (ls_category, (ctypes.c_int32,)),
    "ls_hardware_id": (ls_status, (P(_owned_str),)),
    "ls_string_free": (None, (_owned_str,)),
    "ls_request_new": (ls_status, (P(_request_p),)),
    "ls_request_free": (None, (_request_p,)),
    "ls_request_set": (ls_status, (_request_p, ls_request_field, _str)),
    "ls_request_set_license_id": (ls_status, (_request_p, ctypes.c_int64)),
    "ls_request_set_is_vm": (ls_status, (_request_p, ctypes.c_bool)),
    "ls_request_set_consumptions": (ls_status, (_request_p, ctypes.c_int64)),
    "ls_request_set_variable": (ls_status, (_request_p, _str, _str)),
    "ls_request_field_name": (_str, (ls_request_field,)),
}

#: Environment variable naming the library file when it is not beside this package.
LIBRARY_ENV = "LICENSESPRING_LIB"


def library_file_name() -> str:
    """The native library's file name on this platform."""
    if sys.platform == "win32":
        return "licensespring.dll"
    if sys.platform == "darwin":
        return "liblicensespring.dylib"
    return "liblicensespring.so"


class LibraryLoadError(ImportError):
    """The native library could not be found or loaded, or has the wrong ABI version."""


def declare(cdll: ctypes.CDLL) -> ctypes.CDLL:
    """Sets ``restype``/``argtypes`` of every function in :data:`FUNCTIONS` on ``cdll``."""
    for name, (restype, argtypes) in FUNCTIONS.items():
        func = getattr(cdll, name)
        func.restype = restype
        func.argtypes = list(argtypes)
    return cdll


def check_abi_version(found: int, expected: int = ABI_VERSION, where: str = "") -> None:
    """Raises :class:`LibraryLoadError` naming both versions when they differ."""
    if found != expected:
        raise LibraryLoadError(
            f"licensespring native library {where or ''} has ABI version {found}, "
            f"but this wrapper expects ABI version {expected}; install matching versions"
        )


def candidates() -> list[tuple[str, str | None]]:
    """Places searched, in order: (description, path or library name, None if unset)."""
    beside = Path(__file__).resolve().parent / library_file_name()
    env = os.environ.get(LIBRARY_ENV) or None
    system = ctypes.util.find_library("licensespring")
    return [
        (
            f"beside the package: {beside}" + ("" if beside.is_file() else " (no such file)"),
            str(beside) if beside.is_file() else None,
        ),
        (f"${LIBRARY_ENV}: {env}" if env else f"${LIBRARY_ENV}: not set", env),
        (
            "the system library search path: "
            + (system if system else "ctypes.util.find_library('licensespring') found nothing"),
            system,
        ),
    ]


def load() -> ctypes.CDLL:
    """Finds, loads and declares the library, then checks its ABI version."""
    tried: list[str] = []
    for description, path in candidates():
        if path is None:
            tried.append(f"  - {description}")
            continue
        try:
            cdll = ctypes.CDLL(path)
        except OSError as exc:
            tried.append(f"  - {description}: {exc}")
            continue
        declare(cdll)
        check_abi_version(int(cdll.ls_abi_version()), ABI_VERSION, path)
        return cdll
    raise LibraryLoadError(
        "cannot load the licensespring native library "
        f"({library_file_name()}); looked in:\n" + "\n".join(tried)
    )


_lib: ctypes.CDLL | None = None
_lib_lock = threading.Lock()


def lib() -> ctypes.CDLL:
    """The loaded library (loaded on first use, once per process)."""
    global _lib
    if _lib is None:
        with _lib_lock:
            if _lib is None:
                _lib = load()
    return _lib
