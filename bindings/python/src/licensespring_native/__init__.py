"""Python wrapper of the licensespring native library (LicenseSpring License API v4 client).

Example::

    from licensespring_native import Client, Request

    with Client("api-key", "shared-key") as client, Request(
        product="demo", hardware_id="device-1", license_key="DEMO-1111-2222-3333"
    ) as request:
        with client.activate(request) as license:
            print(license.id, [f.code for f in license.features])

The raw ctypes declarations are in :mod:`licensespring_native._raw`.
"""

from ._api import (
    Client,
    CustomField,
    Feature,
    Field,
    License,
    Request,
    abi_version,
    hardware_id,
    status_description,
    status_name,
    version,
)
from ._errors import (
    AuthorizationError,
    ClosedError,
    InternalError,
    InvalidArgumentError,
    LicenseError,
    LicenseSpringError,
    NetworkError,
    ServerError,
    VerificationError,
)
from ._raw import ABI_VERSION, LibraryLoadError

__version__ = "0.1.0"

__all__ = [
    "ABI_VERSION",
    "AuthorizationError",
    "Client",
    "ClosedError",
    "CustomField",
    "Feature",
    "Field",
    "InternalError",
    "InvalidArgumentError",
    "License",
    "LibraryLoadError",
    "LicenseError",
    "LicenseSpringError",
    "NetworkError",
    "Request",
    "ServerError",
    "VerificationError",
    "__version__",
    "abi_version",
    "hardware_id",
    "status_description",
    "status_name",
    "version",
]
