"""The idiomatic layer: owned handles, keyword arguments, exceptions."""

from __future__ import annotations

import builtins
import ctypes
import enum
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Any, NamedTuple

from . import _raw
from ._errors import ClosedError, check

StrPath = str | os.PathLike[str]


class Field(enum.IntEnum):
    """The string fields of a request (``ls_request_field``)."""

    PRODUCT = _raw.LS_FIELD_PRODUCT
    HARDWARE_ID = _raw.LS_FIELD_HARDWARE_ID
    LICENSE_KEY = _raw.LS_FIELD_LICENSE_KEY
    USERNAME = _raw.LS_FIELD_USERNAME
    PASSWORD = _raw.LS_FIELD_PASSWORD
    ID_TOKEN = _raw.LS_FIELD_ID_TOKEN
    CODE = _raw.LS_FIELD_CODE
    CUSTOMER_ACCOUNT_CODE = _raw.LS_FIELD_CUSTOMER_ACCOUNT_CODE
    VM_INFO = _raw.LS_FIELD_VM_INFO
    OS_VER = _raw.LS_FIELD_OS_VER
    HOSTNAME = _raw.LS_FIELD_HOSTNAME
    OS_HOSTNAME = _raw.LS_FIELD_OS_HOSTNAME
    IP = _raw.LS_FIELD_IP
    IP_LOCAL = _raw.LS_FIELD_IP_LOCAL
    APP_VER = _raw.LS_FIELD_APP_VER
    MAC_ADDRESS = _raw.LS_FIELD_MAC_ADDRESS

    @property
    def wire_name(self) -> str:
        """The name the License API gives this field, e.g. ``"license_key"``."""
        return _decode(_raw.lib().ls_request_field_name(self.value)) or ""


def _encode(value: str | None) -> bytes | None:
    """str -> NUL-terminated UTF-8 for the core; None stays NULL (the core refuses it).

    Lone surrogates are passed through as the invalid bytes they are, so that the core reports
    ``LS_ERR_INVALID_UTF8`` itself.
    """
    if value is None:
        return None
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}")
    data = value.encode("utf-8", "surrogatepass")
    if b"\0" in data:
        raise ValueError("strings passed to licensespring must not contain NUL characters")
    return data


def _decode(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8")


class _Handle:
    """Owns one native handle: frees it once, refuses use after close, and defers the free
    until calls in progress on other threads have returned."""

    _kind = "handle"

    def __init__(self, ptr: Any, free: Callable[[Any], None]) -> None:
        self._ptr: Any = ptr
        self._free: Callable[[Any], None] | None = free
        self._lock = threading.Lock()
        self._in_use = 0
        self._closed = False

    @contextmanager
    def _use(self) -> Iterator[Any]:
        with self._lock:
            if self._closed:
                raise ClosedError(f"this {self._kind} is closed")
            self._in_use += 1
        try:
            yield self._ptr
        finally:
            with self._lock:
                self._in_use -= 1
                release = self._closed and self._in_use == 0
            if release:
                self._release()

    def _release(self) -> None:
        with self._lock:
            free, self._free = self._free, None
            ptr, self._ptr = self._ptr, None
        if free is not None and ptr:
            free(ptr)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has been called."""
        return self._closed

    def close(self) -> None:
        """Releases the native handle. Safe to call more than once; if another thread is in a
        call on this object, the handle is released when that call returns."""
        if not hasattr(self, "_lock"):  # __init__ failed before the handle existed
            return
        with self._lock:
            if self._closed:
                return
            self._closed = True
            release = self._in_use == 0
        if release:
            self._release()

    def __del__(self) -> None:
        self.close()


class Request(_Handle):
    """A license request: product, device, one identity and optional device details.

    Every field is a keyword argument; ``None`` leaves a field unset and ``""`` clears it. The
    core checks completeness when the request is sent. A request may be reused for several
    calls and shared by several threads, but not changed while a call uses it.
    """

    _kind = "Request"

    def __init__(
        self,
        *,
        product: str | None = None,
        hardware_id: str | None = None,
        license_key: str | None = None,
        username: str | None = None,
        password: str | None = None,
        id_token: str | None = None,
        code: str | None = None,
        customer_account_code: str | None = None,
        license_id: int | None = None,
        is_vm: bool | None = None,
        vm_info: str | None = None,
        os_ver: str | None = None,
        hostname: str | None = None,
        os_hostname: str | None = None,
        ip: str | None = None,
        ip_local: str | None = None,
        app_ver: str | None = None,
        mac_address: str | None = None,
        variables: Mapping[str, str] | None = None,
        consumptions: int | None = None,
    ) -> None:
        lib = _raw.lib()
        ptr = ctypes.POINTER(_raw.ls_request)()
        check(lib.ls_request_new(ctypes.byref(ptr)))
        super().__init__(ptr, lib.ls_request_free)
        self.update(
            product=product,
            hardware_id=hardware_id,
            license_key=license_key,
            username=username,
            password=password,
            id_token=id_token,
            code=code,
            customer_account_code=customer_account_code,
            license_id=license_id,
            is_vm=is_vm,
            vm_info=vm_info,
            os_ver=os_ver,
            hostname=hostname,
            os_hostname=os_hostname,
            ip=ip,
            ip_local=ip_local,
            app_ver=app_ver,
            mac_address=mac_address,
            variables=variables,
            consumptions=consumptions,
        )

    def update(
        self,
        *,
        product: str | None = None,
        hardware_id: str | None = None,
        license_key: str | None = None,
        username: str | None = None,
        password: str | None = None,
        id_token: str | None = None,
        code: str | None = None,
        customer_account_code: str | None = None,
        license_id: int | None = None,
        is_vm: bool | None = None,
        vm_info: str | None = None,
        os_ver: str | None = None,
        hostname: str | None = None,
        os_hostname: str | None = None,
        ip: str | None = None,
        ip_local: str | None = None,
        app_ver: str | None = None,
        mac_address: str | None = None,
        variables: Mapping[str, str] | None = None,
        consumptions: int | None = None,
    ) -> Request:
        """Sets the given fields (those left None are unchanged); returns ``self``."""
        strings = {
            Field.PRODUCT: product,
            Field.HARDWARE_ID: hardware_id,
            Field.LICENSE_KEY: license_key,
            Field.USERNAME: username,
            Field.PASSWORD: password,
            Field.ID_TOKEN: id_token,
            Field.CODE: code,
            Field.CUSTOMER_ACCOUNT_CODE: customer_account_code,
            Field.VM_INFO: vm_info,
            Field.OS_VER: os_ver,
            Field.HOSTNAME: hostname,
            Field.OS_HOSTNAME: os_hostname,
            Field.IP: ip,
            Field.IP_LOCAL: ip_local,
            Field.APP_VER: app_ver,
            Field.MAC_ADDRESS: mac_address,
        }
        for field, value in strings.items():
            if value is not None:
                self.set(field, value)
        if license_id is not None:
            self.set_license_id(license_id)
        if is_vm is not None:
            self.set_is_vm(is_vm)
        if variables is not None:
            for name, value in variables.items():
                self.set_variable(name, value)
        if consumptions is not None:
            self.set_consumptions(consumptions)
        return self

    def set(self, field: Field | int, value: str) -> None:
        """Sets one string field (``ls_request_set``); ``""`` clears it."""
        with self._use() as ptr:
            check(_raw.lib().ls_request_set(ptr, int(field), _encode(value)))

    def set_license_id(self, license_id: int) -> None:
        """Pins the call to the license with this ID."""
        with self._use() as ptr:
            check(_raw.lib().ls_request_set_license_id(ptr, license_id))

    def set_is_vm(self, is_vm: bool) -> None:
        """Declares whether the device is a virtual machine."""
        with self._use() as ptr:
            check(_raw.lib().ls_request_set_is_vm(ptr, is_vm))

    def set_consumptions(self, consumptions: int) -> None:
        """Sets the consumptions reported on deactivation."""
        with self._use() as ptr:
            check(_raw.lib().ls_request_set_consumptions(ptr, consumptions))

    def set_variable(self, name: str, value: str) -> None:
        """Sets the device variable ``name`` (sent on activation)."""
        with self._use() as ptr:
            check(_raw.lib().ls_request_set_variable(ptr, _encode(name), _encode(value)))

    def __enter__(self) -> Request:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Feature(NamedTuple):
    """A product feature of a license."""

    code: str
    name: str


class CustomField(NamedTuple):
    """A custom field of a license (non-string values as their JSON text)."""

    name: str
    value: str


class License(_Handle):
    """A license returned by :meth:`Client.activate` or :meth:`Client.check`.

    Every property reads the native license; :meth:`close` releases it.
    """

    _kind = "License"

    def __init__(self, ptr: Any) -> None:
        super().__init__(ptr, _raw.lib().ls_license_free)

    def _string(self, getter: Callable[..., int], *index: int) -> str | None:
        out = ctypes.c_char_p()
        with self._use() as ptr:
            check(getter(ptr, *index, ctypes.byref(out)))
            return _decode(out.value)

    def _scalar(self, getter: Callable[..., int], ctype: type[Any]) -> Any:
        out = ctype()
        with self._use() as ptr:
            check(getter(ptr, ctypes.byref(out)))
        return out.value

    @property
    def json(self) -> str:
        """The response body exactly as received and verified (JSON text)."""
        return self._string(_raw.lib().ls_license_json) or ""

    @property
    def id(self) -> int:
        """The license's ``id``."""
        return int(self._scalar(_raw.lib().ls_license_id, ctypes.c_int64))

    @property
    def key(self) -> str | None:
        """The license key, or None for user-based licenses."""
        return self._string(_raw.lib().ls_license_key)

    @property
    def type(self) -> str | None:
        """``license_type`` (``"perpetual"``, ``"time-limited"``, ...), or None."""
        return self._string(_raw.lib().ls_license_type)

    @property
    def is_active(self) -> bool:
        """``license_active``."""
        return bool(self._scalar(_raw.lib().ls_license_is_active, ctypes.c_bool))

    @property
    def is_enabled(self) -> bool:
        """``license_enabled``."""
        return bool(self._scalar(_raw.lib().ls_license_is_enabled, ctypes.c_bool))

    @property
    def is_expired(self) -> bool:
        """``is_expired``."""
        return bool(self._scalar(_raw.lib().ls_license_is_expired, ctypes.c_bool))

    @property
    def is_trial(self) -> bool:
        """``is_trial``."""
        return bool(self._scalar(_raw.lib().ls_license_is_trial, ctypes.c_bool))

    @property
    def validity_period(self) -> str | None:
        """The expiry as the server wrote it (ISO 8601), or None if it does not expire."""
        return self._string(_raw.lib().ls_license_validity_period)

    @property
    def times_activated(self) -> int:
        """``times_activated``."""
        return int(self._scalar(_raw.lib().ls_license_times_activated, ctypes.c_int64))

    @property
    def max_activations(self) -> int:
        """``max_activations``."""
        return int(self._scalar(_raw.lib().ls_license_max_activations, ctypes.c_int64))

    @property
    def features(self) -> list[Feature]:
        """The product features, in the server's order."""
        lib = _raw.lib()
        count = int(self._scalar(lib.ls_license_feature_count, ctypes.c_size_t))
        return [
            Feature(
                self._string(lib.ls_license_feature_code, i) or "",
                self._string(lib.ls_license_feature_name, i) or "",
            )
            for i in range(count)
        ]

    @property
    def custom_fields(self) -> list[CustomField]:
        """The custom fields, in the server's order."""
        lib = _raw.lib()
        count = int(self._scalar(lib.ls_license_custom_field_count, ctypes.c_size_t))
        return [
            CustomField(
                self._string(lib.ls_license_custom_field_name, i) or "",
                self._string(lib.ls_license_custom_field_value, i) or "",
            )
            for i in range(count)
        ]

    def feature(self, index: int) -> Feature:
        """Feature ``index``; raises InvalidArgumentError (LS_ERR_INDEX_OUT_OF_RANGE) past
        the end."""
        lib = _raw.lib()
        return Feature(
            self._string(lib.ls_license_feature_code, index) or "",
            self._string(lib.ls_license_feature_name, index) or "",
        )

    def custom_field(self, index: int) -> CustomField:
        """Custom field ``index``; raises InvalidArgumentError past the end."""
        lib = _raw.lib()
        return CustomField(
            self._string(lib.ls_license_custom_field_name, index) or "",
            self._string(lib.ls_license_custom_field_value, index) or "",
        )

    @property
    def customer_email(self) -> str | None:
        """``customer.email``, or None."""
        return self._string(_raw.lib().ls_license_customer_email)

    @property
    def user_email(self) -> str | None:
        """``user.email`` (user-based licenses), or None."""
        return self._string(_raw.lib().ls_license_user_email)

    def __repr__(self) -> str:
        if self.closed:
            return "<License (closed)>"
        return f"<License id={self.id} key={self.key!r} type={self.type!r}>"

    def __enter__(self) -> License:
        return self

    def __exit__(
        self,
        exc_type: builtins.type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Client(_Handle):
    """A License API client, safe to share between threads.

    Args:
        api_key: the API key.
        shared_key: the shared key that signs requests.
        base_url: scheme, host and port of the server (default the vendor's API).
        timeouts_ms: ``(connect, total)`` in milliseconds (default 10 s and 30 s).
        proxy: a proxy URL for every request (default: the proxy environment variables).
        disable_proxy: connect directly, ignoring the proxy environment variables.
        ca_file: a PEM file of certificates to trust besides the system's.
        public_key_pem: the RSA public key (PEM) that verifies responses, instead of the
            vendor's (for on-premise servers and ``ls-emulator``).
        verify_signatures: False accepts responses without verifying their signature.
        app_version: the ``app_ver`` sent when a request sets none.
    """

    _kind = "Client"

    def __init__(
        self,
        api_key: str,
        shared_key: str,
        *,
        base_url: str | None = None,
        timeouts_ms: tuple[int, int] | None = None,
        proxy: str | None = None,
        disable_proxy: bool = False,
        ca_file: StrPath | None = None,
        public_key_pem: str | None = None,
        verify_signatures: bool = True,
        app_version: str | None = None,
    ) -> None:
        lib = _raw.lib()
        config = ctypes.POINTER(_raw.ls_config)()
        check(lib.ls_config_new(_encode(api_key), _encode(shared_key), ctypes.byref(config)))
        try:
            if base_url is not None:
                check(lib.ls_config_set_base_url(config, _encode(base_url)))
            if timeouts_ms is not None:
                connect_ms, total_ms = timeouts_ms
                check(lib.ls_config_set_timeouts(config, connect_ms, total_ms))
            if proxy is not None:
                check(lib.ls_config_set_proxy(config, _encode(proxy)))
            if disable_proxy:
                check(lib.ls_config_disable_proxy(config))
            if ca_file is not None:
                check(lib.ls_config_add_ca_file(config, _encode(os.fspath(ca_file))))
            if public_key_pem is not None:
                check(lib.ls_config_set_public_key_pem(config, _encode(public_key_pem)))
            if not verify_signatures:
                check(lib.ls_config_disable_signature_verification(config))
            if app_version is not None:
                check(lib.ls_config_set_app_version(config, _encode(app_version)))
            client = ctypes.POINTER(_raw.ls_client)()
            check(lib.ls_client_new(config, ctypes.byref(client)))
        finally:
            lib.ls_config_free(config)
        super().__init__(client, lib.ls_client_free)

    def _license_call(self, func: Callable[..., int], request: Request) -> License:
        out = ctypes.POINTER(_raw.ls_license)()
        with self._use() as client, request._use() as req:
            check(func(client, req, ctypes.byref(out)))
        return License(out)

    def activate(self, request: Request) -> License:
        """Activates the request's license on its device (blocks on the network)."""
        return self._license_call(_raw.lib().ls_activate, request)

    def check(self, request: Request) -> License:
        """Reads the license's current state for the request's device (blocks)."""
        return self._license_call(_raw.lib().ls_check, request)

    def deactivate(self, request: Request) -> None:
        """Deactivates the license on the request's device (blocks)."""
        with self._use() as client, request._use() as req:
            check(_raw.lib().ls_deactivate(client, req))

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def hardware_id() -> str:
    """This machine's default hardware ID, computed like the vendor's SDKs."""
    lib = _raw.lib()
    out = ctypes.c_void_p()
    check(lib.ls_hardware_id(ctypes.byref(out)))
    try:
        return ctypes.string_at(out).decode("utf-8")
    finally:
        lib.ls_string_free(out)


def version() -> str:
    """The native library's version, e.g. ``"0.1.0"``."""
    return _decode(_raw.lib().ls_version()) or ""


def abi_version() -> int:
    """The native library's ABI version (equal to ``_raw.ABI_VERSION`` once loaded)."""
    return int(_raw.lib().ls_abi_version())


def status_name(status: int) -> str:
    """The constant's name of a status, e.g. ``"LS_ERR_TIMEOUT"``."""
    return _decode(_raw.lib().ls_status_name(status)) or ""


def status_description(status: int) -> str:
    """A one-line English description of a status."""
    return _decode(_raw.lib().ls_status_description(status)) or ""
