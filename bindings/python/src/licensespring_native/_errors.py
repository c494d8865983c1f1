"""Exceptions: one base type carrying the core's error detail, one subclass per category."""

from __future__ import annotations

from . import _raw


class LicenseSpringError(Exception):
    """A failed ``ls_*`` call.

    Attributes:
        status: the ``ls_status`` number, e.g. ``510``.
        status_name: its constant's name, e.g. ``"LS_ERR_LICENSE_EXPIRED"``.
        category: the ``ls_category`` number the core assigns to ``status``.
        server_code: the server's error ``code`` (e.g. ``"license_expired"``), or None.
        http_status: the HTTP status of the response behind the error, or None.
        retry_after: seconds the server asked to wait (``Retry-After``), or None.
        message: the core's message.
    """

    status: int
    status_name: str
    category: int
    server_code: str | None
    http_status: int | None
    retry_after: int | None
    message: str

    def __init__(
        self,
        status: int,
        status_name: str,
        category: int,
        message: str,
        server_code: str | None = None,
        http_status: int | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(f"{status_name}: {message}" if message else status_name)
        self.status = status
        self.status_name = status_name
        self.category = category
        self.message = message
        self.server_code = server_code
        self.http_status = http_status
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, status_name={self.status_name!r}, "
            f"server_code={self.server_code!r}, http_status={self.http_status!r}, "
            f"retry_after={self.retry_after!r}, message={self.message!r})"
        )


class InvalidArgumentError(LicenseSpringError):
    """The caller's input was refused, locally or by the server's request validation."""


class NetworkError(LicenseSpringError):
    """No usable response: connect, timeout, TLS, proxy, connection lost."""


class AuthorizationError(LicenseSpringError):
    """The server refused the credentials or the request signature."""


class LicenseError(LicenseSpringError):
    """The server refused because of the license's or the device's state."""


class VerificationError(LicenseSpringError):
    """The response's signature is missing or invalid."""


class ServerError(LicenseSpringError):
    """The server failed or answered something unusable (5xx, 429, non-JSON, unknown code)."""


class InternalError(LicenseSpringError):
    """A bug inside the native library."""


class ClosedError(ValueError):
    """A Client, Request or License was used after ``close()``."""


#: The exception class for each ``ls_category`` (the core decides each status's category).
CATEGORY_CLASSES: dict[int, type[LicenseSpringError]] = {
    _raw.LS_CATEGORY_INVALID_ARGUMENT: InvalidArgumentError,
    _raw.LS_CATEGORY_NETWORK: NetworkError,
    _raw.LS_CATEGORY_AUTHORIZATION: AuthorizationError,
    _raw.LS_CATEGORY_LICENSE: LicenseError,
    _raw.LS_CATEGORY_VERIFICATION: VerificationError,
    _raw.LS_CATEGORY_SERVER: ServerError,
    _raw.LS_CATEGORY_INTERNAL: InternalError,
}


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", "replace") if value else ""


def make_error(
    status: int,
    message: str,
    server_code: str | None = None,
    http_status: int | None = None,
    retry_after: int | None = None,
) -> LicenseSpringError:
    """Builds the exception of the category the core gives ``status``."""
    lib = _raw.lib()
    category = int(lib.ls_status_category(status))
    cls = CATEGORY_CLASSES.get(category, LicenseSpringError)
    return cls(
        status,
        _text(lib.ls_status_name(status)),
        category,
        message,
        server_code,
        http_status,
        retry_after,
    )


def last_error(status: int) -> LicenseSpringError:
    """The exception for a call that just returned ``status`` on this thread.

    Must run on the failing call's thread, before any other ``ls_*`` call there: the detail
    is thread-local and its strings are only borrowed until the next call.
    """
    lib = _raw.lib()
    message = _text(lib.ls_last_error_message())
    code = _text(lib.ls_last_error_code())
    http_status = int(lib.ls_last_error_http_status())
    retry_after = int(lib.ls_last_error_retry_after())
    return make_error(
        status,
        message,
        code or None,
        http_status if http_status > 0 else None,
        retry_after if retry_after >= 0 else None,
    )


def check(status: int) -> None:
    """Raises the matching :class:`LicenseSpringError` unless ``status`` is ``LS_OK``."""
    if status != _raw.LS_OK:
        raise last_error(status)
