package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.licensespring.nativeclient.LicenseSpring.AuthorizationException;
import io.licensespring.nativeclient.LicenseSpring.Category;
import io.licensespring.nativeclient.LicenseSpring.InvalidArgumentException;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.Product;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** OAuth client credentials: the client ID, secret and token URL reach the library as given. */
class OAuthTest {
  static final String SECRET = "demo-client-secret";

  static String tokenUrl(Emulator emulator) {
    return emulator.baseUrl + "/auth/realms/user-portal/protocol/openid-connect/token";
  }

  private static Client oauthClient(Emulator emulator, String clientId, String secret) {
    return Config.oauthBuilder(clientId, secret)
        .baseUrl(emulator.baseUrl)
        .publicKeyPem(emulator.publicKeyPem)
        .tokenUrl(tokenUrl(emulator))
        .buildClient();
  }

  @Test
  void callsAreAuthenticatedWithABearerToken() {
    Emulator emulator = Emulator.get();
    String hwid = Emulator.hardwareId("oauth");
    try (Client client = oauthClient(emulator, "demo-client", SECRET);
        Request request = ClientTest.keyRequest("DEMO-UNLIMITED", hwid);
        Request product = Request.builder().product("demo").build()) {
      try (License license = client.activate(request)) {
        assertEquals(Optional.of("DEMO-UNLIMITED"), license.key());
      }
      try (License license = client.checkAsync(request).join()) { // the token is shared
        assertEquals(Optional.of(hwid), license.hardwareId());
      }
      try (Product details = client.productDetails(product)) {
        assertEquals(1, details.id());
      }
      client.deactivate(request);
      // Authorized: the server looked for the device.
      LicenseException gone = assertThrows(LicenseException.class, () -> client.check(request));
      assertEquals(LicenseSpringLibrary.LS_ERR_DEVICE_NOT_FOUND, gone.status());
    }
  }

  private static void assertInvalidClient(LicenseSpringException e, String secret) {
    assertInstanceOf(AuthorizationException.class, e);
    assertEquals(LicenseSpringLibrary.LS_ERR_OAUTH_INVALID_CLIENT, e.status(), e.getMessage());
    assertEquals("LS_ERR_OAUTH_INVALID_CLIENT", e.statusName());
    assertEquals(Category.AUTHORIZATION, e.category());
    assertEquals(401, e.httpStatus());
    for (String shown : new String[] {e.getMessage(), e.detail(), e.serverCode(), e.toString()}) {
      assertFalse(shown.contains(secret), shown);
    }
  }

  @Test
  void aWrongSecretIsAnInvalidClientWithoutTheSecret() {
    Emulator emulator = Emulator.get();
    String wrong = "wrong-secret-value-7f3a";
    try (Client client = oauthClient(emulator, "demo-client", wrong);
        Request request = ClientTest.keyRequest("DEMO-UNLIMITED", Emulator.hardwareId("oauth-wrong"))) {
      assertInvalidClient(assertThrows(AuthorizationException.class, () -> client.activate(request)), wrong);
      CompletionException async = assertThrows(CompletionException.class, () -> client.checkAsync(request).join());
      assertInvalidClient((LicenseSpringException) async.getCause(), wrong);
    }
    // A client the token endpoint refuses whatever its secret (seed fault `invalid_client`).
    try (Client client = oauthClient(emulator, "demo-client-invalid", SECRET);
        Request request = ClientTest.keyRequest("DEMO-UNLIMITED", Emulator.hardwareId("oauth-invalid"))) {
      assertInvalidClient(assertThrows(AuthorizationException.class, () -> client.check(request)), SECRET);
    }
  }

  @Test
  void oauthValuesAreValidatedByTheLibrary() {
    Emulator emulator = Emulator.get();
    InvalidArgumentException empty =
        assertThrows(InvalidArgumentException.class, () -> Config.oauthBuilder("demo-client", "").build());
    assertEquals(LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT, empty.status());
    InvalidArgumentException nul =
        assertThrows(InvalidArgumentException.class, () -> Config.oauthBuilder(null, SECRET).build());
    assertEquals(LicenseSpringLibrary.LS_ERR_NULL_ARGUMENT, nul.status());
    InvalidArgumentException url = assertThrows(InvalidArgumentException.class,
        () -> Config.oauthBuilder("demo-client", SECRET).tokenUrl("not a url").build());
    assertEquals(LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT, url.status());
    // A token URL means nothing to an API-key configuration: the library says so.
    InvalidArgumentException apiKey = assertThrows(InvalidArgumentException.class,
        () -> emulator.config().tokenUrl(tokenUrl(emulator)).build());
    assertEquals(LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT, apiKey.status());
  }
}
