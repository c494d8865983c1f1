"""The hand-written idiomatic layer: loading the library, owned handles, errors and calls.

``_raw`` (generated) declares the header and holds the ABI's tables as data; ``_api``
(generated) expands those tables over the bases here: one method per operation, one property
per result field, one keyword per request parameter, one exception class per category. Nothing
here holds a table, a default or a rule of the License API: the core decides, this converts.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import datetime
import os
import sys
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar, NoReturn, TypeVar

from . import _raw

# ---- loading -----------------------------------------------------------------------------------

#: Environment variable naming the library file when it is not beside this package.
LIBRARY_ENV = "LICENSESPRING_LIB"


class LibraryLoadError(ImportError):
    """The native library could not be found or loaded, or has another ABI version."""


def library_file_name() -> str:
    """The native library's file name on this platform."""
    if sys.platform == "win32":
        return "licensespring.dll"
    return "liblicensespring.dylib" if sys.platform == "darwin" else "liblicensespring.so"


def candidates() -> list[tuple[str, str | None]]:
    """The places searched, in order: (description, path or None when there is nothing)."""
    beside = Path(__file__).resolve().parent / library_file_name()
    env = os.environ.get(LIBRARY_ENV) or None
    system = ctypes.util.find_library("licensespring")
    return [
        (f"beside the package: {beside}" + ("" if beside.is_file() else " (no such file)"),
         str(beside) if beside.is_file() else None),
        (f"${LIBRARY_ENV}: {env}" if env else f"${LIBRARY_ENV}: not set", env),
        ("the system library search path: "
         + (system or "ctypes.util.find_library('licensespring') found nothing"), system),
    ]


def check_abi_version(found: int, expected: int, where: str = "") -> None:
    """Raises LibraryLoadError naming both versions when they differ."""
    if found != expected:
        raise LibraryLoadError(
            f"licensespring native library {where} has ABI version {found}, but this wrapper "
            f"expects ABI version {expected}; install matching versions"
        )


def load() -> ctypes.CDLL:
    """Finds and loads the library, checks its ABI version, declares every function."""
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
        cdll.ls_abi_version.restype = ctypes.c_uint32
        check_abi_version(int(cdll.ls_abi_version()), _raw.ABI_VERSION, path)
        for name, (restype, argtypes) in _raw.FUNCTIONS.items():
            function = getattr(cdll, name)
            function.restype, function.argtypes = restype, argtypes
        return cdll
    raise LibraryLoadError(
        f"cannot load the licensespring native library ({library_file_name()}); looked in:\n"
        + "\n".join(tried)
    )


# The loaded library (Any: its functions are declared at run time). Every handle is created
# through lib(), so methods of existing objects use _lib directly.
_lib: Any = None
_lib_lock = threading.Lock()


def lib() -> Any:
    """The library, loaded on first use (once per process)."""
    global _lib
    if _lib is None:
        with _lib_lock:
            if _lib is None:
                _lib = load()
    return _lib


# ---- conversions and errors ----------------------------------------------------------------------

_byref = ctypes.byref
_ErrorPointer = ctypes.POINTER(_raw.ls_error)
_ResultPointer = ctypes.POINTER(_raw.ls_result)
_BOOL, _INT, _STRING, _LIST = _raw.LS_VALUE_BOOL, _raw.LS_VALUE_INT, _raw.LS_VALUE_STRING, _raw.LS_VALUE_LIST


def _encode(value: object) -> bytes | None:
    """str (or path) -> NUL-terminated UTF-8; None stays NULL, which the core refuses.

    Lone surrogates pass as the invalid bytes they are, so the core reports LS_ERR_INVALID_UTF8.
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


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", "replace") if value else ""


class LicenseSpringError(Exception):
    """A failed call. ``_api`` defines one subclass per ``ls_category``.

    Attributes:
        status: the ``ls_status`` number, e.g. 510.
        status_name: its constant's name, e.g. ``"LS_ERR_LICENSE_EXPIRED"``.
        category: the ``ls_category`` the core gives the status.
        server_code: the server's error ``code`` (e.g. ``"license_expired"``), or None.
        http_status: the HTTP status of the response behind the error, or None.
        retry_after: seconds the server asked to wait (``Retry-After``), or None.
        message: the core's message.
    """

    _by_category: ClassVar[dict[int, type[LicenseSpringError]]] = {}

    def __init_subclass__(cls, category: int | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if category is not None:
            LicenseSpringError._by_category[category] = cls

    def __init__(self, status: int, status_name: str, category: int, message: str,
                 server_code: str | None = None, http_status: int | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(f"{status_name}: {message}" if message else status_name)
        self.status, self.status_name, self.category = status, status_name, category
        self.message, self.server_code = message, server_code
        self.http_status, self.retry_after = http_status, retry_after

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(status={self.status}, status_name={self.status_name!r}, "
                f"server_code={self.server_code!r}, http_status={self.http_status!r}, "
                f"retry_after={self.retry_after!r}, message={self.message!r})")


class ClosedError(ValueError):
    """A handle (client, request, result, cancel) was used after ``close()``."""


def make_error(status: int, message: str, server_code: str | None = None,
               http_status: int | None = None, retry_after: int | None = None
               ) -> LicenseSpringError:
    """The exception of the category the core gives ``status``."""
    row = _raw.STATUSES.get(status)
    if row is None:  # a status newer than the generated table: the library still names it
        name, category = _text(lib().ls_status_name(status)), int(lib().ls_status_category(status))
    else:
        name, category = row.name, row.category
    cls = LicenseSpringError._by_category.get(category, LicenseSpringError)
    return cls(status, name, category, message, server_code, http_status, retry_after)


def _raise(status: int, error: Any) -> NoReturn:
    """Raises the exception for a failed call, read from its ls_error, which is then freed."""
    if not error:
        raise make_error(status, "")
    e = error.contents
    try:
        exc = make_error(status, _text(e.message), _text(e.server_code) or None,
                         e.http_status or None,
                         e.retry_after_secs if e.retry_after_secs >= 0 else None)
    finally:
        _lib.ls_error_free(error)
    raise exc


def _invoke(function: Any, *args: Any) -> None:
    """Calls a fallible function with a trailing ``ls_error **`` and raises on failure."""
    error = _ErrorPointer()
    status = function(*args, _byref(error))
    if status:
        _raise(status, error)


# ---- owned handles --------------------------------------------------------------------------------

H = TypeVar("H", bound="_Handle")


class _Handle:
    """Owns one native handle: frees it once, refuses use after close, and defers the free
    until the calls using it (on other threads) have returned."""

    __slots__ = ("_ptr", "_free", "_lock", "_users", "_closed")

    def __init__(self, ptr: Any, free: Any) -> None:
        self._ptr, self._free = ptr, free
        self._lock = threading.Lock()
        self._users = 0
        self._closed = False

    def _enter(self) -> Any:
        """Marks one use of the handle and returns the pointer; ClosedError once closed."""
        with self._lock:
            if self._closed:
                raise ClosedError(f"this {type(self).__name__} is closed")
            self._users += 1
        return self._ptr

    def _exit(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users or not self._closed:
                return
        self._release()  # the last use of a handle closed meanwhile

    def _release(self) -> None:
        ptr, self._ptr = self._ptr, None
        if self._free is not None and ptr:
            self._free(ptr)

    def _invoke(self, function: Any, *args: Any) -> None:
        """A fallible ``function(handle, *args, &error)`` while the handle is in use."""
        ptr = self._enter()
        try:
            _invoke(function, ptr, *args)
        finally:
            self._exit()

    def _apply(self, function: Any, *args: Any) -> Any:
        """An infallible ``function(handle, *args)`` while the handle is in use."""
        ptr = self._enter()
        try:
            return function(ptr, *args)
        finally:
            self._exit()

    @property
    def closed(self) -> bool:
        """True once ``close()`` has been called."""
        return self._closed

    def close(self) -> None:
        """Releases the native handle. Safe to call twice; if another thread is in a call
        using it, the handle is released when that call returns."""
        lock = getattr(self, "_lock", None)  # None when __init__ failed before the handle existed
        if lock is None:
            return
        with lock:
            if self._closed:
                return
            self._closed = True
            if self._users:
                return
        self._release()

    def __del__(self) -> None:
        self.close()

    def __enter__(self: H) -> H:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class Cancel(_Handle):
    """A cancel handle (``ls_cancel``): give it to calls as ``cancel=``; ``trigger()`` from any
    thread makes each of them raise ``CancelledError`` promptly, and later calls given it fail
    at once. Triggering is permanent: use a new handle for new calls."""

    __slots__ = ()

    def __init__(self) -> None:
        ptr = ctypes.POINTER(_raw.ls_cancel)()
        _invoke(lib().ls_cancel_new, _byref(ptr))
        super().__init__(ptr, _lib.ls_cancel_free)

    def trigger(self) -> None:
        """Cancels every call given this handle. Never blocks; idempotent."""
        self._apply(_lib.ls_cancel_trigger)

    @property
    def triggered(self) -> bool:
        """Whether ``trigger()`` was called."""
        return bool(self._apply(_lib.ls_cancel_is_triggered))


class RequestBase(_Handle):
    """The behaviour of ``Request`` (generated in ``_api`` with one keyword per parameter)."""

    __slots__ = ()

    def __init__(self) -> None:
        ptr = ctypes.POINTER(_raw.ls_request)()
        _invoke(lib().ls_request_new, _byref(ptr))
        super().__init__(ptr, _lib.ls_request_free)

    def set(self, param: int, value: str | int | bool) -> None:
        """Sets the parameter ``param`` (a ``Param``); ``""`` clears a string. The setter is
        chosen by the value's Python type; the core refuses a type the parameter has not."""
        if isinstance(value, bool):
            self._invoke(_lib.ls_request_set_bool, param, value)
        elif isinstance(value, int):
            self._invoke(_lib.ls_request_set_int, param, value)
        else:
            self._invoke(_lib.ls_request_set_string, param, _encode(value))

    def clear(self, param: int) -> None:
        """Removes the parameter ``param`` (of any type)."""
        self._invoke(_lib.ls_request_clear, param)

    def set_variable(self, name: str, value: str) -> None:
        """Sets the device variable ``name`` (sent by the operations that take variables)."""
        self._invoke(_lib.ls_request_set_variable, _encode(name), _encode(value))

    def _update(self, values: Iterable[tuple[int, str | int | bool | None]],
                variables: Mapping[str, str] | None) -> None:
        for param, value in values:
            if value is not None:
                self.set(param, value)
        for name, value in (variables or {}).items():
            self.set_variable(name, value)


# ---- results ------------------------------------------------------------------------------------


class Result(_Handle):
    """A result, read field by field on demand; ``_api`` has one subclass per kind.

    A result an operation returned owns its native result: close it (``with`` does). The items
    of its lists (features, custom fields, ...) borrow from it and can be read while it is open.
    """

    __slots__ = ("_owner",)
    _by_kind: ClassVar[dict[int, type[Result]]] = {}

    def __init_subclass__(cls, kind: int | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if kind is not None:
            Result._by_kind[kind] = cls

    def __init__(self, ptr: Any, owner: Result | None = None) -> None:
        super().__init__(ptr, None if owner else _lib.ls_result_free)
        self._owner = owner or self

    def get(self, field: int) -> Any:
        """The value of ``field`` (a ``Field`` of this result's kind): None when absent or JSON
        null, else a bool, an int, a str (text and JSON fields as their text) or a list."""
        owner = self._owner
        owner._enter()
        try:
            value = _raw.ls_value()
            error = _ErrorPointer()
            status = _lib.ls_result_get(self._ptr, field, _byref(value), _byref(error))
            if status:
                _raise(status, error)
            kind = value.value_type
            if kind == _INT:
                return value.integer
            if kind == _STRING:
                return value.string.decode("utf-8")
            if kind == _BOOL:
                return bool(value.integer)
            if kind == _LIST:
                return [self.item(field, index) for index in range(value.integer)]
            return None
        finally:
            owner._exit()

    def item(self, field: int, index: int) -> Any:
        """Item ``index`` of the list ``field``: a result of the list's kind."""
        owner = self._owner
        owner._enter()
        try:
            out = _ResultPointer()
            _invoke(_lib.ls_result_item, self._ptr, field, index, _byref(out))
            return Result._by_kind.get(_lib.ls_result_kind(out), Result)(out, owner)
        finally:
            owner._exit()

    @property
    def kind(self) -> int:
        """The result's ``Kind``."""
        return int(self._owner._apply(lambda _: _lib.ls_result_kind(self._ptr)))

    @property
    def json(self) -> str:
        """The JSON the result was read from: for an operation's result, the response body
        exactly as received and verified; for an item, its compact JSON."""
        out = ctypes.c_char_p()
        self._owner._apply(lambda _: _invoke(_lib.ls_result_json, self._ptr, _byref(out)))
        return _text(out.value)

    def to_dict(self) -> dict[str, Any]:
        """Every field of the result's kind by name, lists as lists of dicts: one snapshot."""
        kind = self.kind
        snapshot = {}
        for row in _raw.FIELDS.values():
            if row.kind == kind:
                value = self.get(row.value)
                snapshot[row.name] = [v.to_dict() for v in value] if row.item_kind else value
        return snapshot

    def __repr__(self) -> str:
        if self._owner.closed:
            return f"<{type(self).__name__} (closed)>"
        kind = self.kind
        shown = [f"{r.name}={self.get(r.value)!r}" for r in _raw.FIELDS.values()
                 if r.kind == kind and r.required]
        return f"<{type(self).__name__} {' '.join(shown)}>"


# ---- clients ------------------------------------------------------------------------------------


def _seconds(value: float | datetime.timedelta) -> float:
    return value.total_seconds() if isinstance(value, datetime.timedelta) else value


def _discard(future: asyncio.Future[Any]) -> None:
    """Frees the result of a call that succeeded after its awaiting task was cancelled."""
    if not future.cancelled() and future.exception() is None and future.result():
        _lib.ls_result_free(future.result())


class ClientBase(_Handle):
    """A License API client, immutable and safe to share between threads.

    Args:
        api_key: the API key.
        shared_key: the shared key that signs requests.
        base_url: scheme, host and port of the server, instead of the vendor's API.
        connect_timeout: seconds (a number or a ``timedelta``) allowed to connect.
        total_timeout: seconds (a number or a ``timedelta``) allowed for a whole call.
        proxy: a proxy URL for every request, instead of the proxy environment variables.
        disable_proxy: connect directly, ignoring the proxy environment variables.
        ca_file: a PEM file of certificates to trust besides the system's.
        public_key_pem: the RSA public key (PEM) that verifies responses, instead of the
            vendor's (for on-premise servers and ``ls-emulator``).
        verify_signatures: False accepts responses without verifying their signature.
        app_version: the ``app_ver`` sent when a request sets none.

    An option left out is not set: the core's default applies (``ls_config_*`` in the header).
    Values are passed to the core as given, which validates them.
    """

    __slots__ = ()

    def __init__(self, api_key: str, shared_key: str, *, base_url: str | None = None,
                 connect_timeout: float | datetime.timedelta | None = None,
                 total_timeout: float | datetime.timedelta | None = None,
                 proxy: str | None = None, disable_proxy: bool = False,
                 ca_file: str | os.PathLike[str] | None = None,
                 public_key_pem: str | None = None, verify_signatures: bool = True,
                 app_version: str | None = None) -> None:
        L = lib()
        config = ctypes.POINTER(_raw.ls_config)()
        _invoke(L.ls_config_new, _encode(api_key), _encode(shared_key), _byref(config))
        try:
            options: list[tuple[Any, Any, Any]] = [
                (base_url, L.ls_config_set_base_url, _encode),
                (connect_timeout, L.ls_config_set_connect_timeout, _seconds),
                (total_timeout, L.ls_config_set_total_timeout, _seconds),
                (proxy, L.ls_config_set_proxy, _encode),
                (ca_file, L.ls_config_add_ca_file, _encode),
                (public_key_pem, L.ls_config_set_public_key_pem, _encode),
                (app_version, L.ls_config_set_app_version, _encode),
            ]
            for value, setter, convert in options:
                if value is not None:
                    _invoke(setter, config, convert(value))
            if disable_proxy:
                _invoke(L.ls_config_disable_proxy, config)
            if not verify_signatures:
                _invoke(L.ls_config_disable_signature_verification, config)
            client = ctypes.POINTER(_raw.ls_client)()
            _invoke(L.ls_client_new, config, _byref(client))
        finally:
            L.ls_config_free(config)
        super().__init__(client, L.ls_client_free)

    def _call(self, operation: int, request: RequestBase, cancel: Cancel | None) -> Any:
        """``ls_call``: the result pointer (NULL for an operation without a result), or raises."""
        out = _ResultPointer()
        error = _ErrorPointer()
        client = self._enter()
        try:
            handle = request._enter()
            try:
                if cancel is None:
                    status = _lib.ls_call(client, operation, handle, None, _byref(out), _byref(error))
                else:
                    token = cancel._enter()
                    try:
                        status = _lib.ls_call(client, operation, handle, token, _byref(out),
                                              _byref(error))
                    finally:
                        cancel._exit()
            finally:
                request._exit()
        finally:
            self._exit()
        if status:
            _raise(status, error)
        return out

    async def _acall(self, operation: int, request: RequestBase, cancel: Cancel | None) -> Any:
        """``_call`` on the event loop's default executor (ctypes releases the GIL meanwhile).

        When the awaiting task is cancelled, the call's cancel handle is triggered and the
        native call, which then returns promptly, is waited for before the task's
        asyncio.CancelledError propagates: nothing keeps running against the client.
        """
        handle = Cancel() if cancel is None else cancel
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(None, self._call, operation, request, handle)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            handle.trigger()
            future.add_done_callback(_discard)
            await asyncio.wait((future,))
            raise
        finally:
            if cancel is None:
                handle.close()  # deferred by _Handle while the call still uses it


class AsyncClientBase(ClientBase):
    """The behaviour of ``AsyncClient``: ``ClientBase`` plus ``async with``."""

    __slots__ = ()

    async def __aenter__(self: H) -> H:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()


# ---- functions ----------------------------------------------------------------------------------


def hardware_id(algorithm: int = _raw.LS_HARDWARE_ID_DEFAULT) -> str:
    """This machine's hardware ID, computed like the vendor's SDKs (a ``HardwareIdAlgorithm``)."""
    out = ctypes.c_void_p()
    _invoke(lib().ls_hardware_id, algorithm, _byref(out))
    try:
        return ctypes.string_at(out).decode("utf-8")
    finally:
        _lib.ls_string_free(out)


def version() -> str:
    """The native library's version, e.g. ``"0.2.0"``."""
    return _text(lib().ls_version())


def abi_version() -> int:
    """The native library's ABI version (equal to ``ABI_VERSION`` once loaded)."""
    return int(lib().ls_abi_version())


def status_name(status: int) -> str:
    """The constant's name of a status, e.g. ``"LS_ERR_TIMEOUT"``."""
    return _text(lib().ls_status_name(status))


def status_description(status: int) -> str:
    """A one-line English description of a status."""
    return _text(lib().ls_status_description(status))
