"""OAuth client credentials passed through the client options: calls carry the core's bearer
token, a refused client is an AuthorizationError without the secret, options are checked by the
core."""

from __future__ import annotations

import asyncio
import traceback
import uuid
from typing import Any

import pytest
from conftest import relay, unique_hw

import licensespring_native as ls
from licensespring_native import Client, Request, Status

TOKEN_PATH = "/auth/realms/user-portal/protocol/openid-connect/token"
SECRET = "demo-client-secret"


def oauth_client(base_url: str, public_key_pem: str, client_id: str = "demo-client",
                 client_secret: str = SECRET, **options: Any) -> Client:
    return Client(client_id=client_id, client_secret=client_secret,
                  token_url=f"{base_url}{TOKEN_PATH}", base_url=options.pop("api_url", base_url),
                  public_key_pem=public_key_pem, disable_proxy=True, total_timeout=20, **options)


def test_calls_authenticated_with_a_bearer_token(base_url: str, public_key_pem: str) -> None:
    with relay(base_url) as server, oauth_client(base_url, public_key_pem, api_url=server.url) as c, \
            Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        with c.activate(r) as lic:
            assert lic.key == "DEMO-UNLIMITED"
        with c.check(r), c.product_details(Request(product="demo")) as product:
            assert product.name == "Demo App"
        c.deactivate(r)
        sent = [{k.lower(): v for k, v in seen.headers.items()}.get("authorization", "")
                for seen in server.requests]
        assert len(sent) == 4 and sent[0].startswith("Bearer ls-emulator.")
        assert set(sent) == {sent[0]}, "one token, fetched once, for every call"


def test_async_client_with_oauth(base_url: str, public_key_pem: str) -> None:
    async def main() -> None:
        async with ls.AsyncClient(client_id="demo-client", client_secret=SECRET,
                                  token_url=f"{base_url}{TOKEN_PATH}", base_url=base_url,
                                  public_key_pem=public_key_pem) as client:
            with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
                licenses = await asyncio.gather(client.activate(r), client.product_details(r))
                assert (licenses[0].id, licenses[1].id) == (1010, 1)
                await client.deactivate(r)

    asyncio.run(main())


@pytest.mark.parametrize("client_id,secret", [
    ("demo-client", f"wrong-secret-{uuid.uuid4().hex}"),
    ("demo-client-invalid", SECRET),  # the emulator refuses this client whatever the secret
    (f"no-such-client-{uuid.uuid4().hex}", f"wrong-secret-{uuid.uuid4().hex}"),
])
def test_a_refused_client_is_an_authorization_error_without_the_secret(
    base_url: str, public_key_pem: str, client_id: str, secret: str
) -> None:
    with oauth_client(base_url, public_key_pem, client_id, secret) as c, pytest.raises(
        ls.AuthorizationError
    ) as info:
        c.activate(Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED"))
    error = info.value
    assert (error.status, error.status_name) == (Status.ERR_OAUTH_INVALID_CLIENT, "LS_ERR_OAUTH_INVALID_CLIENT")
    assert error.category == ls.Category.AUTHORIZATION and error.http_status == 401
    assert error.message
    shown = [str(error), repr(error), error.message, "".join(traceback.format_exception(error))]
    assert not any(secret in text for text in shown)


def test_oauth_options_are_checked_by_the_core(base_url: str) -> None:
    def invalid(status: int) -> pytest.RaisesExc[ls.InvalidArgumentError]:
        return pytest.raises(ls.InvalidArgumentError, check=lambda e: e.status == status)

    with invalid(Status.ERR_INVALID_ARGUMENT):
        Client(client_id="", client_secret=SECRET)
    with invalid(Status.ERR_NULL_ARGUMENT):
        Client(client_id="demo-client")
    with invalid(Status.ERR_INVALID_ARGUMENT):
        Client(client_id="demo-client", client_secret=SECRET, token_url="ftp://example.com/token")
    with invalid(Status.ERR_INVALID_ARGUMENT) as info:  # an API key configuration has no token URL
        Client("demo-api-key", "demo-shared-key", token_url=f"{base_url}{TOKEN_PATH}")
    assert "token" in info.value.message
    with pytest.raises(TypeError, match="api_key and shared_key, or client_id and client_secret"):
        Client("demo-api-key", "demo-shared-key", client_id="demo-client", client_secret=SECRET)
    with pytest.raises(ls.InvalidArgumentError) as error:
        Client(client_id="demo-client", client_secret="a\udc80")
    assert error.value.status == Status.ERR_INVALID_UTF8
    Client(client_id="demo-client", client_secret=SECRET, token_url=f"{base_url}{TOKEN_PATH}").close()
