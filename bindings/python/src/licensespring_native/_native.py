"""The hand-written idiomatic layer: loading the library, owned handles, errors and calls.

``_raw`` (generated) declares the header and holds the ABI's tables as data; ``_api``
(generated) expands those tables over the bases here: one method per operation, one property
per result field, one keyword per request parameter, one exception class per category. Nothing
here holds a table, a default or a rule of the License API: the core decides, this converts.
"""

from __future__ import annotations

import asyncio
import collections
import ctypes
import ctypes.util
import datetime
import operator
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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


def candidates() -> Iterator[tuple[str, str | None]]:
    """The places searched, in order: (description, path or None when there is nothing). The
    system search path is asked last and only when reached: find_library runs ldconfig, or
    even a compiler."""
    beside = Path(__file__).resolve().parent / library_file_name()
    yield (f"beside the package: {beside}" + ("" if beside.is_file() else " (no such file)"),
           str(beside) if beside.is_file() else None)
    env = os.environ.get(LIBRARY_ENV) or None
    yield (f"${LIBRARY_ENV}: {env}" if env else f"${LIBRARY_ENV}: not set", env)
    system = ctypes.util.find_library("licensespring")
    yield ("the system library search path: "
           + (system or "ctypes.util.find_library('licensespring') found nothing"), system)


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
            try:
                function = getattr(cdll, name)
            except AttributeError:
                message = f"{path} has no {name}: it is older than this wrapper"
                raise LibraryLoadError(message) from None
            function.restype, function.argtypes = restype, argtypes
        # Copies for the hot path (a call, a field read, a result freed) without argtypes:
        # ctypes then converts nothing, which is most of its cost; their callers pass exact C
        # types (ctypes pointers, byref, ints of enums). Reads and frees never block, so those
        # keep the GIL (PyDLL).
        pure = ctypes.PyDLL(path, handle=cdll._handle)
        for name, source in (("ls_call", cdll), ("ls_result_get", pure), ("ls_result_free", pure)):
            function = source[name]  # a new function object: the declared one keeps its argtypes
            function.restype = _raw.FUNCTIONS[name][0]
            setattr(cdll, f"hot_{name}", function)
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

# Out-parameters of the declared functions are passed as the ctypes objects themselves: for a
# POINTER(T) argument ctypes passes a T object by reference. The hot path's copies take byref.
_ErrorPointer = ctypes.POINTER(_raw.ls_error)
_byref = ctypes.byref
_ResultPointer = ctypes.POINTER(_raw.ls_result)
_Value = _raw.ls_value
_BOOL, _INT, _STRING, _LIST = _raw.LS_VALUE_BOOL, _raw.LS_VALUE_INT, _raw.LS_VALUE_STRING, _raw.LS_VALUE_LIST
_OBJECT = _raw.LS_VALUE_OBJECT


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


def _take_text(out: ctypes.c_void_p) -> str:
    """The text of a string the library handed over (``char **``), which is then freed."""
    try:
        return ctypes.string_at(out).decode("utf-8")
    finally:
        _lib.ls_string_free(out)


def _time(seconds: int) -> datetime.datetime | None:
    """Unix seconds as an aware UTC datetime; 0 (never, none) as None."""
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc) if seconds else None


def _unix(when: datetime.datetime | float | None) -> int:
    """A datetime (naive: local time) or Unix seconds as whole Unix seconds; None as 0."""
    return int(when.timestamp() if isinstance(when, datetime.datetime) else when or 0)


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
    status = function(*args, error)
    if status:
        _raise(status, error)


# ---- owned handles --------------------------------------------------------------------------------


def _owned(pointee: Any, free: str) -> Any:
    """A pointer type that owns what it points to: the native object is freed (with the
    function named ``free``) when the last reference to the pointer goes. A wrapper's close()
    drops its own reference; a call in progress holds another until it returns, so a handle
    closed by another thread meanwhile is freed after the call, never under it."""

    class Owned(ctypes.POINTER(pointee)):  # type: ignore[misc]
        _type_ = pointee

        def __del__(self) -> None:
            if self and _lib is not None:
                getattr(_lib, free)(self)

    return Owned


_OwnedCancel = _owned(_raw.ls_cancel, "ls_cancel_free")
_OwnedClient = _owned(_raw.ls_client, "ls_client_free")
_OwnedConfig = _owned(_raw.ls_config, "ls_config_free")
_OwnedRequest = _owned(_raw.ls_request, "ls_request_free")
_OwnedResult = _owned(_raw.ls_result, "hot_ls_result_free")
_OwnedStore = _owned(_raw.ls_store, "ls_store_free")

H = TypeVar("H", bound="_Handle")


class _Handle:
    """Holds an owned pointer (None once closed); a context manager."""

    __slots__ = ("_ptr",)
    _ptr: Any

    def _use(self) -> Any:
        """The pointer, to hold while a native call uses it; ClosedError once closed."""
        ptr = self._ptr
        if ptr is None:
            raise ClosedError(f"this {type(self).__name__} is closed")
        return ptr

    def _invoke(self, function: Any, *args: Any) -> None:
        """A fallible ``function(handle, *args, &error)``."""
        _invoke(function, self._use(), *args)

    @property
    def closed(self) -> bool:
        """True once ``close()`` has been called."""
        return getattr(self, "_ptr", None) is None

    def close(self) -> None:
        """Releases the native handle. Safe to call twice; if another thread is in a call
        using it, the handle is released when that call returns. Garbage collection also
        releases it."""
        self._ptr = None

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
        self._ptr = _OwnedCancel()
        _invoke(lib().ls_cancel_new, self._ptr)

    def trigger(self) -> None:
        """Cancels every call given this handle. Never blocks; idempotent."""
        _lib.ls_cancel_trigger(self._use())

    @property
    def triggered(self) -> bool:
        """Whether ``trigger()`` was called."""
        return bool(_lib.ls_cancel_is_triggered(self._use()))


class RequestBase(_Handle):
    """The behaviour of ``Request`` (generated in ``_api`` with one keyword per parameter)."""

    __slots__ = ()

    def __init__(self) -> None:
        self._ptr = _OwnedRequest()
        _invoke(lib().ls_request_new, self._ptr)

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
    of its lists (features, custom fields, ...) and its nested results (object fields) borrow
    from it: they can be read until it is closed, and closing one of them does nothing.
    """

    __slots__ = ("_owner", "_keep")
    _by_kind: ClassVar[dict[int, type[Result]]] = {}

    def __init_subclass__(cls, kind: int | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if kind is not None:
            Result._by_kind[kind] = cls

    def __init__(self, ptr: Any, owner: Result | None = None) -> None:
        self._ptr = ptr
        self._owner = owner  # None when this result owns ptr, else the result it borrows from
        self._keep = None if owner is None else owner._ptr  # an item keeps that memory alive

    def _use(self) -> Any:
        ptr, owner = self._ptr, self._owner
        if ptr is None or (owner is not None and owner._ptr is None):
            self._closed()
        return ptr

    def _closed(self) -> NoReturn:
        owner = self if self._owner is None else self._owner
        raise ClosedError(f"this {type(owner).__name__} is closed")

    @property
    def closed(self) -> bool:
        """True once the result (or, for an item, the result it came from) is closed."""
        return (self if self._owner is None else self._owner)._ptr is None

    def close(self) -> None:
        if self._owner is None:
            self._ptr = None

    def __exit__(self, *exc_info: object) -> None:
        if self._owner is None:  # close(), without one more call on the way out of a with
            self._ptr = None

    def get(self, field: int) -> Any:
        """The value of ``field`` (a ``Field`` of this result's kind): None when absent or JSON
        null, else a bool, an int, a str (text and JSON fields as their text), a list of results
        or a result (an object field)."""
        ptr, owner = self._ptr, self._owner  # self._use() inlined: every field read comes here
        if ptr is None or (owner is not None and owner._ptr is None):
            self._closed()
        if type(field) is not int:  # the hot path's copy takes exact ints only
            field = operator.index(field)
        value = _Value()
        # The error detail is not asked for, to keep reads lean; on a failure the same
        # (pure) call again gives it.
        if _lib.hot_ls_result_get(ptr, field, _byref(value), None):
            _invoke(_lib.ls_result_get, ptr, field, value)
        kind = value.value_type
        if kind == _INT:
            return value.integer
        if kind == _STRING:
            return value.string.decode("utf-8")
        if kind == _BOOL:
            return bool(value.integer)
        if kind == _LIST:
            return [self.item(field, index) for index in range(value.integer)]
        if kind == _OBJECT:
            return self.item(field, 0)
        return None

    def item(self, field: int, index: int) -> Any:
        """Item ``index`` of the list ``field`` (index 0 of an object field): a result of its kind."""
        ptr = self._use()
        out = _ResultPointer()
        _invoke(_lib.ls_result_item, ptr, field, index, out)
        owner = self if self._owner is None else self._owner
        return Result._by_kind.get(_lib.ls_result_kind(out), Result)(out, owner)

    @property
    def kind(self) -> int:
        """The result's ``Kind``."""
        return int(_lib.ls_result_kind(self._use()))

    @property
    def json(self) -> str:
        """The JSON the result was read from: for an operation's result, the response body
        exactly as received and verified; for an item, its compact JSON."""
        out = ctypes.c_char_p()
        _invoke(_lib.ls_result_json, self._use(), out)
        return _text(out.value)

    def to_dict(self) -> dict[str, Any]:
        """Every field of the result's kind by name, lists as lists of dicts and nested results
        as dicts: one snapshot."""
        kind = self.kind
        snapshot = {}
        for row in _raw.FIELDS.values():
            if row.kind == kind:
                value = self.get(row.value)
                if isinstance(value, Result):
                    value = value.to_dict()
                snapshot[row.name] = [v.to_dict() for v in value] if row.type == "list" else value
        return snapshot

    def __repr__(self) -> str:
        if self.closed:
            return f"<{type(self).__name__} (closed)>"
        kind = self.kind
        shown = [f"{r.name}={self.get(r.value)!r}" for r in _raw.FIELDS.values()
                 if r.kind == kind and (r.required or r.path == "")]
        return f"<{type(self).__name__} {' '.join(shown)}>"


T = TypeVar("T", bound=Result)


class ListResult(Result, Sequence[T]):
    """A result whose answer is a whole JSON list (a bundle's licenses, versions, ...): also a
    sequence of its items (``len``, indexing, slicing, iteration), as its list field gives."""

    __slots__ = ()
    _items: ClassVar[int]  # the kind's list field (``_api`` sets it)

    def __len__(self) -> int:
        value = _Value()
        _invoke(_lib.ls_result_get, self._use(), self._items, value)
        return int(value.integer)

    def __getitem__(self, index: Any) -> Any:
        return self.get(self._items)[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.get(self._items))


# ---- clients ------------------------------------------------------------------------------------


def _seconds(value: float | datetime.timedelta) -> float:
    return value.total_seconds() if isinstance(value, datetime.timedelta) else value


class ClientBase(_Handle):
    """A License API client, immutable and safe to share between threads.

    Authenticates with an API key and its shared key, or with OAuth client credentials
    (``client_id`` and ``client_secret``, keywords; the core fetches, shares and refreshes the
    tokens).

    Args:
        api_key: the API key.
        shared_key: the shared key that signs requests.
        client_id: the OAuth client ID, instead of an API key.
        client_secret: the OAuth client secret (never part of a message).
        token_url: where OAuth tokens are fetched, instead of the vendor's token endpoint.
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

    def __init__(self, api_key: str | None = None, shared_key: str | None = None, *,
                 client_id: str | None = None, client_secret: str | None = None,
                 token_url: str | None = None, base_url: str | None = None,
                 connect_timeout: float | datetime.timedelta | None = None,
                 total_timeout: float | datetime.timedelta | None = None,
                 proxy: str | None = None, disable_proxy: bool = False,
                 ca_file: str | os.PathLike[str] | None = None,
                 public_key_pem: str | None = None, verify_signatures: bool = True,
                 app_version: str | None = None) -> None:
        L = lib()
        config = _OwnedConfig()  # freed when this function returns
        if client_id is None and client_secret is None:
            _invoke(L.ls_config_new, _encode(api_key), _encode(shared_key), config)
        elif api_key is None and shared_key is None:
            _invoke(L.ls_config_new_oauth, _encode(client_id), _encode(client_secret), config)
        else:
            raise TypeError("give api_key and shared_key, or client_id and client_secret")
        options: list[tuple[Any, Any, Any]] = [
            (token_url, L.ls_config_set_token_url, _encode),
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
        client = _OwnedClient()
        _invoke(L.ls_client_new, config, client)
        self._ptr = client

    def _call(self, operation: int, request: RequestBase, cancel: Cancel | None,
              result: type[Result] | None) -> Any:
        """``ls_call``: a ``result`` owning the native result, None for an operation without
        one (``result`` None), or raises."""
        # The pointers are held (so a concurrent close() cannot free them) until the call returns.
        client, handle = self._ptr, request._ptr
        if client is None or handle is None:
            closed = self if client is None else request
            raise ClosedError(f"this {type(closed).__name__} is closed")
        token = None if cancel is None else cancel._use()
        out = None if result is None else _OwnedResult()
        error = _ErrorPointer()
        status = _lib.hot_ls_call(client, operation, handle, token,
                                  None if out is None else _byref(out), _byref(error))
        if status:
            del client, handle, token  # a handle closed meanwhile is freed now, not with the traceback
            _raise(status, error)
        return None if result is None else result(out)


_Job = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[["Cancel"], Any], "Cancel"]


class _CallThreads:
    """The threads awaited calls run on: one per call in flight (up to ``MAX``; later calls
    wait), each kept for the next call once idle, the most recently idle one first. A finished
    call's outcome goes back to its event loop through ``call_soon_threadsafe``. (The loop's
    default executor hands it back through a concurrent.futures.Future and its callbacks as
    well, which added about 40% of a C call's time to every awaited call: BENCHMARKS.md,
    section 4.)"""

    MAX = 32

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[queue.SimpleQueue[_Job]] = []  # each idle thread's inbox
        self._waiting: collections.deque[_Job] = collections.deque()  # while MAX are busy
        self._threads = 0

    def run(self, call: Callable[[Cancel], Any], handle: Cancel) -> asyncio.Future[Any]:
        """A future of ``call(handle)``, run on one of the threads."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        job = (loop, future, call, handle)
        with self._lock:
            inbox = self._idle.pop() if self._idle else None
            start = inbox is None and self._threads < self.MAX
            if start:
                self._threads += 1
            elif inbox is None:
                self._waiting.append(job)
        if inbox is not None:
            inbox.put(job)
        elif start:
            try:
                threading.Thread(target=self._work, args=(job,), name="licensespring-call", daemon=True).start()
            except BaseException:
                with self._lock:
                    self._threads -= 1
                raise
        return future

    def _work(self, job: _Job) -> None:
        inbox: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        while True:
            loop, future, call, handle = job
            try:
                outcome: tuple[bool, Any] = (True, call(handle))
            except BaseException as e:  # handed to the awaiting task
                outcome = (False, e)
            # Idle (or on to a waiting call) before the outcome is handed back: the loop's next
            # call, which may start as soon as it is, finds this thread instead of starting another.
            with self._lock:
                waiting = self._waiting.popleft() if self._waiting else None
                if waiting is None:
                    self._idle.append(inbox)
            try:
                loop.call_soon_threadsafe(_settle, future, *outcome)
            except RuntimeError:  # the loop is closed: nobody awaits the call any more
                pass
            del loop, future, call, handle, outcome, job  # nothing is kept alive while idle
            job = waiting if waiting is not None else inbox.get()

    def _after_fork(self) -> None:
        # A child process has none of its parent's threads.
        self.__init__()  # type: ignore[misc]


# The futures of calls whose awaiting task was cancelled while they ran, each mapped to the
# future that task now awaits instead: the call's return. Used on event loop threads only.
_abandoned: dict[asyncio.Future[Any], asyncio.Future[None]] = {}


def _settle(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if not future.done():
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
        return
    returned = _abandoned.pop(future, None)  # the task was cancelled: the outcome is dropped
    if returned is not None and not returned.done():
        returned.set_result(None)


_call_threads = _CallThreads()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_call_threads._after_fork)


async def _on_call_thread(call: Callable[[Cancel], Any], cancel: Cancel | None) -> Any:
    """``call(cancel or a new handle)`` on one of the call threads (ctypes releases the GIL
    meanwhile): how every awaited call runs.

    When the awaiting task is cancelled, the handle is triggered and the native call, which
    then returns promptly, is waited for before the task's asyncio.CancelledError propagates:
    nothing keeps running against the client.
    """
    handle = Cancel() if cancel is None else cancel
    future = _call_threads.run(call, handle)
    try:
        # Awaited directly (asyncio.shield would cost one more turn of the loop per call): a
        # cancelled task cancels the future, and the call's outcome is then dropped by _settle.
        return await future
    except asyncio.CancelledError:
        handle.trigger()
        if future.cancelled():  # the call is still running: wait until it has returned
            returned = asyncio.get_running_loop().create_future()
            _abandoned[future] = returned
            try:
                await returned
            finally:
                _abandoned.pop(future, None)
        else:  # it had returned: a result is freed with the future, an error is the cancellation's
            future.exception()
        raise
    finally:
        if cancel is None:
            handle.close()


class AsyncClientBase(ClientBase):
    """The behaviour of ``AsyncClient``: ``ClientBase`` plus ``async with``."""

    __slots__ = ()

    async def __aenter__(self: H) -> H:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()


class StoreBase(_Handle):
    """The behaviour of ``Store`` and ``AsyncStore`` (generated in ``_api``, one method per
    ``ls_store_*`` function): ``ls_store_new`` and the client the calls use."""

    __slots__ = ("_client",)

    def __init__(self, client: ClientBase, product: str,
                 folder: str | os.PathLike[str] | None = None) -> None:
        self._client = client
        self._ptr = _OwnedStore()
        _invoke(lib().ls_store_new, _encode(folder), _encode(product), self._ptr)


# ---- functions ----------------------------------------------------------------------------------


def hardware_id(algorithm: int = _raw.LS_HARDWARE_ID_DEFAULT) -> str:
    """This machine's hardware ID, computed like the vendor's SDKs (a ``HardwareIdAlgorithm``)."""
    out = ctypes.c_void_p()
    _invoke(lib().ls_hardware_id, algorithm, out)
    return _take_text(out)


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
