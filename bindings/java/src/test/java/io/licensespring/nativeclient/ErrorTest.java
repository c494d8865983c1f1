package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.licensespring.nativeclient.LicenseSpring.AuthorizationException;
import io.licensespring.nativeclient.LicenseSpring.CancelledException;
import io.licensespring.nativeclient.LicenseSpring.Category;
import io.licensespring.nativeclient.LicenseSpring.InternalException;
import io.licensespring.nativeclient.LicenseSpring.InvalidArgumentException;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.NetworkException;
import io.licensespring.nativeclient.LicenseSpring.ServerException;
import io.licensespring.nativeclient.LicenseSpring.Status;
import io.licensespring.nativeclient.LicenseSpring.VerificationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each error group comes out as its exception subtype, with the detail of the call's ls_error. */
class ErrorTest {
  private static Emulator emulator;
  private static Client client;

  @BeforeAll
  static void start() {
    emulator = Emulator.get();
    client = emulator.client();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  private static <T extends LicenseSpringException> T activateFails(
      Class<T> type, Client c, String product, String key, String hwid) {
    try (Request request =
        Request.builder().product(product).hardwareId(hwid).licenseKey(key).build()) {
      return assertThrows(type, () -> c.activate(request));
    }
  }

  private static void assertError(
      LicenseSpringException e, int status, String name, String code, int http, Category cat) {
    assertEquals(status, e.status(), e.getMessage());
    assertEquals(name, e.statusName());
    assertEquals(code, e.serverCode());
    assertEquals(http, e.httpStatus());
    assertEquals(cat, e.category());
    assertTrue(e.getMessage().startsWith(name), e.getMessage());
    assertTrue(!e.detail().isEmpty(), "message is empty");
  }

  @Test
  void expiredLicenseIsALicenseError() {
    LicenseException e =
        activateFails(
            LicenseException.class, client, "demo", "DEMO-EXPIRED", Emulator.hardwareId("exp"));
    assertError(
        e,
        LicenseSpringLibrary.LS_ERR_LICENSE_EXPIRED,
        "LS_ERR_LICENSE_EXPIRED",
        "license_expired",
        400,
        Category.LICENSE);
    assertEquals(OptionalLong.empty(), e.retryAfter());
    assertTrue(e.getMessage().contains("license_expired") && e.getMessage().contains("HTTP 400"));
  }

  @Test
  void licenseStateErrors() {
    Object[][] cases = {
      {"DEMO-DISABLED", LicenseSpringLibrary.LS_ERR_LICENSE_NOT_ENABLED, "license_not_enabled"},
      {"DEMO-INACTIVE", LicenseSpringLibrary.LS_ERR_LICENSE_NOT_ACTIVE, "license_not_active"},
      {"DEMO-NOT-STARTED", LicenseSpringLibrary.LS_ERR_LICENSE_START_DATE, "license_start_date_error"},
      {"NO-SUCH-KEY", LicenseSpringLibrary.LS_ERR_LICENSE_NOT_FOUND, "license_not_found"},
    };
    for (Object[] c : cases) {
      LicenseException e =
          activateFails(
              LicenseException.class, client, "demo", (String) c[0], Emulator.hardwareId("state"));
      assertEquals(c[1], e.status(), e.getMessage());
      assertEquals(c[2], e.serverCode());
      assertEquals(400, e.httpStatus());
      // The server's code is the one the status table gives this status.
      assertEquals(c[2], Status.of(e.status()).serverCode());
    }
    LicenseException blacklisted =
        activateFails(
            LicenseException.class, client, "demo", "DEMO-TIME-LIMITED", "blacklisted-device");
    assertEquals(LicenseSpringLibrary.LS_ERR_BLACKLISTED, blacklisted.status());

    try (Request vm =
        Request.builder()
            .product("demo")
            .hardwareId(Emulator.hardwareId("vm"))
            .licenseKey("DEMO-NO-VM")
            .isVm(true)
            .build()) {
      LicenseException e = assertThrows(LicenseException.class, () -> client.activate(vm));
      assertEquals(LicenseSpringLibrary.LS_ERR_VM_NOT_ALLOWED, e.status());
      assertEquals("vm_not_allowed", e.serverCode());
    }
  }

  @Test
  void unknownProductIsALicenseError() {
    LicenseException e =
        activateFails(
            LicenseException.class, client, "no-such-product", "X", Emulator.hardwareId("prod"));
    assertError(
        e,
        LicenseSpringLibrary.LS_ERR_UNKNOWN_PRODUCT,
        "LS_ERR_UNKNOWN_PRODUCT",
        "unknown_product",
        400,
        Category.LICENSE);
  }

  @Test
  void deactivatingAnInactiveDeviceIsALicenseError() {
    try (Request request =
        ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("inactive"))) {
      LicenseException e = assertThrows(LicenseException.class, () -> client.deactivate(request));
      assertEquals(LicenseSpringLibrary.LS_ERR_DEVICE_NOT_FOUND, e.status());
      assertEquals("device_not_found", e.serverCode());
    }
  }

  @Test
  void wrongSharedKeyIsAnAuthorizationError() {
    try (Client wrong =
        Config.builder(Emulator.API_KEY, "wrong-shared-key")
            .baseUrl(emulator.baseUrl)
            .publicKeyPem(emulator.publicKeyPem)
            .buildClient()) {
      AuthorizationException e =
          activateFails(
              AuthorizationException.class,
              wrong,
              "demo",
              "DEMO-TIME-LIMITED",
              Emulator.hardwareId("auth"));
      assertError(
          e,
          LicenseSpringLibrary.LS_ERR_SIGNATURE_MISMATCH,
          "LS_ERR_SIGNATURE_MISMATCH",
          "signature_mismatch",
          401,
          Category.AUTHORIZATION);
    }
  }

  @Test
  void unknownApiKeyIsAnAuthorizationError() {
    try (Client wrong =
        Config.builder("no-such-api-key", Emulator.SHARED_KEY)
            .baseUrl(emulator.baseUrl)
            .publicKeyPem(emulator.publicKeyPem)
            .buildClient()) {
      AuthorizationException e =
          activateFails(
              AuthorizationException.class,
              wrong,
              "demo",
              "DEMO-TIME-LIMITED",
              Emulator.hardwareId("apikey"));
      assertEquals(LicenseSpringLibrary.LS_ERR_INVALID_API_KEY, e.status());
      assertEquals("invalid_api_key", e.serverCode());
    }
  }

  @Test
  void closedPortIsANetworkError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (Client closed =
        emulator
            .config()
            .baseUrl(Servers.url(port))
            .connectTimeout(Duration.ofSeconds(2))
            .totalTimeout(Duration.ofSeconds(5))
            .buildClient()) {
      NetworkException e =
          activateFails(
              NetworkException.class,
              closed,
              "demo",
              "DEMO-TIME-LIMITED",
              Emulator.hardwareId("net"));
      assertEquals(LicenseSpringLibrary.LS_ERR_CONNECT, e.status(), e.getMessage());
      assertEquals("LS_ERR_CONNECT", e.statusName());
      assertEquals("", e.serverCode());
      assertEquals(0, e.httpStatus());
      assertEquals(Category.NETWORK, e.category());
    }
  }

  @Test
  void wrongPublicKeyIsAVerificationError() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    try (Client other = emulator.config().publicKeyPem(pem).buildClient()) {
      VerificationException e =
          activateFails(
              VerificationException.class,
              other,
              "demo",
              "DEMO-TIME-LIMITED",
              Emulator.hardwareId("verify"));
      assertEquals(LicenseSpringLibrary.LS_ERR_SIGNATURE_INVALID, e.status(), e.getMessage());
      assertEquals(Category.VERIFICATION, e.category());
      assertEquals(200, e.httpStatus());
    }
  }

  private static LicenseSpringException againstFake(Servers.Http server) {
    try (server;
        Client fake = emulator.config().baseUrl(server.url).buildClient();
        Request request = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("fake"))) {
      return assertThrows(LicenseSpringException.class, () -> fake.activate(request));
    }
  }

  @Test
  void rateLimitingIsAServerErrorWithRetryAfter() throws IOException {
    LicenseSpringException e =
        againstFake(
            new Servers.Http(
                429, "{\"code\":\"too_many\",\"message\":\"slow down\"}", 0, "Retry-After", "7"));
    assertInstanceOf(ServerException.class, e);
    assertEquals(LicenseSpringLibrary.LS_ERR_RATE_LIMITED, e.status(), e.getMessage());
    assertEquals(429, e.httpStatus());
    assertEquals(OptionalLong.of(7), e.retryAfter());
    assertEquals(Category.SERVER, e.category());
  }

  @Test
  void serverFailureIsAServerError() throws IOException {
    LicenseSpringException e = againstFake(new Servers.Http(500, "oops", 0));
    assertInstanceOf(ServerException.class, e);
    assertEquals(LicenseSpringLibrary.LS_ERR_SERVER, e.status(), e.getMessage());
    assertEquals(500, e.httpStatus());
    assertEquals(Category.SERVER, e.category());
  }

  @Test
  void unknownServerCodeKeepsTheRawCodeAndMessage() throws IOException {
    LicenseSpringException e =
        againstFake(new Servers.Http(400, "{\"code\":\"brand_new_code\",\"message\":\"news\"}", 0));
    assertInstanceOf(ServerException.class, e);
    assertEquals(LicenseSpringLibrary.LS_ERR_SERVER_OTHER, e.status(), e.getMessage());
    assertEquals("brand_new_code", e.serverCode());
    assertTrue(e.detail().contains("news"), e.detail());
    assertEquals(400, e.httpStatus());
  }

  @Test
  void unsignedResponseIsAVerificationError() throws IOException {
    LicenseSpringException e =
        againstFake(new Servers.Http(200, "{\"id\":1,\"license_key\":\"X\"}", 0));
    assertInstanceOf(VerificationException.class, e);
    assertEquals(LicenseSpringLibrary.LS_ERR_SIGNATURE_MISSING, e.status(), e.getMessage());
  }

  @Test
  void invalidArgumentIsRefusedLocally() {
    InvalidArgumentException e =
        assertThrows(InvalidArgumentException.class, () -> Config.builder("", "shared").build());
    assertEquals(LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT, e.status());
    assertEquals(Category.INVALID_ARGUMENT, e.category());
    assertEquals(0, e.httpStatus());
    assertEquals(OptionalLong.empty(), e.retryAfter());
  }

  /** The detail travels with the call: an async failure, read on another thread, carries it. */
  @Test
  void asyncFailuresCarryTheirOwnDetail() {
    try (Request expired = ClientTest.keyRequest("DEMO-EXPIRED", Emulator.hardwareId("async-err"))) {
      CompletionException wrapped =
          assertThrows(CompletionException.class, () -> client.activateAsync(expired).join());
      LicenseException e = assertInstanceOf(LicenseException.class, wrapped.getCause());
      assertEquals("license_expired", e.serverCode());
      assertEquals(400, e.httpStatus());
      assertEquals(LicenseSpringLibrary.LS_ERR_LICENSE_EXPIRED, e.status());
    }
  }

  @Test
  void everyCategoryHasItsSubtype() {
    Map<Category, Class<?>> expected =
        Map.of(
            Category.TAMPERING, LicenseSpring.TamperingException.class,
            Category.STORAGE, LicenseSpring.StorageException.class,
            Category.INVALID_ARGUMENT, InvalidArgumentException.class,
            Category.NETWORK, NetworkException.class,
            Category.AUTHORIZATION, AuthorizationException.class,
            Category.LICENSE, LicenseException.class,
            Category.VERIFICATION, VerificationException.class,
            Category.SERVER, ServerException.class,
            Category.INTERNAL, InternalException.class,
            Category.CANCELLED, CancelledException.class);
    assertEquals(Category.values().length - 1, expected.size()); // every category but NONE
    for (Status s : Status.values()) {
      if (s == Status.OK) {
        continue;
      }
      LicenseSpringException e = LicenseSpring.exception(s.category().value(), s.value(), "m", "", 0, -1);
      assertInstanceOf(expected.get(s.category()), e, s.cName());
      assertEquals(s.category(), e.category());
      assertEquals(s.cName(), e.statusName());
      assertEquals(s.cName(), LicenseSpringLibrary.ls_status_name(s.value()));
      assertEquals(s.category().value(), LicenseSpringLibrary.ls_status_category(s.value()));
    }
    // A status this wrapper does not know is named and grouped by the library.
    LicenseSpringException unknown = LicenseSpring.exception(-1, 12345, "m", "", 0, -1);
    assertEquals("LS_UNKNOWN_STATUS", unknown.statusName());
    assertEquals(Category.INTERNAL, unknown.category());
    assertNull(Category.of(12345));
  }

  @Test
  void aCancelledCallIsACancellationCausedByItsDetail() {
    try (Cancel cancel = new Cancel();
        Request request = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("c"))) {
      cancel.cancel();
      CancellationException e =
          assertThrows(CancellationException.class, () -> client.activate(request, cancel));
      CancelledException cause = assertInstanceOf(CancelledException.class, e.getCause());
      assertEquals(LicenseSpringLibrary.LS_ERR_CANCELLED, cause.status());
      assertEquals(Category.CANCELLED, cause.category());
      assertTrue(e.getMessage().startsWith("LS_ERR_CANCELLED"), e.getMessage());
    }
  }
}
