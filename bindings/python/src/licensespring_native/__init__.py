"""Python wrapper of the licensespring native library (LicenseSpring License API v4 client).

Example::

    from licensespring_native import Client, Request

    with Client("api-key", "shared-key") as client, Request(
        product="demo", hardware_id="device-1", license_key="DEMO-1111-2222-3333"
    ) as request:
        with client.activate(request) as license:
            print(license.id, [f.code for f in license.features])

Layers: ``_raw`` (generated) mirrors the C header and holds the ABI's tables; ``_api``
(generated) expands the tables into enums, exceptions, result classes, ``Request`` and the
operations of ``Client`` and ``AsyncClient``; ``_native`` (hand-written) loads the library,
owns handles, turns errors into exceptions and runs the calls.
"""

from . import _api
from ._api import *  # noqa: F403 (the generated names, listed in _api.__all__)
from ._native import (
    Cancel,
    ClosedError,
    LibraryLoadError,
    LicenseSpringError,
    Result,
    abi_version,
    hardware_id,
    status_description,
    status_name,
    version,
)
from ._raw import ABI_VERSION
from ._raw import LIBRARY_VERSION as __version__

__all__ = [
    "ABI_VERSION",
    "Cancel",
    "ClosedError",
    "LibraryLoadError",
    "LicenseSpringError",
    "Result",
    "__version__",
    "abi_version",
    "hardware_id",
    "status_description",
    "status_name",
    "version",
]
__all__ += _api.__all__
