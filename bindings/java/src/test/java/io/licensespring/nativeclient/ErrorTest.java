package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each error group comes out as its exception subclass, with the server's detail. */
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
            .baseUrl("http://127.0.0.1:" + port)
            .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
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

  /** A server answering every request with this status, headers and body. */
  private static HttpServer fakeServer(int status, String body, String... headers)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return server;
  }

  private static LicenseSpringException againstFake(HttpServer server) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try (Client fake = emulator.config().baseUrl(url).buildClient();
        Request request = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("fake"))) {
      Executable call = () -> fake.activate(request);
      return assertThrows(LicenseSpringException.class, call);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void rateLimitingIsAServerErrorWithRetryAfter() throws IOException {
    LicenseSpringException e =
        againstFake(fakeServer(429, "{\"code\":\"too_many\",\"message\":\"slow down\"}", "Retry-After", "7"));
    assertInstanceOf(ServerException.class, e);
    assertEquals(LicenseSpringLibrary.LS_ERR_RATE_LIMITED, e.status(), e.getMessage());
    assertEquals(429, e.httpStatus());
    assertEquals(OptionalLong.of(7), e.retryAfter());
  }

  @Test
  void serverFailureIsAServerError() throws IOException {
    LicenseSpringException e = againstFake(fakeServer(500, "oops"));
    assertInstanceOf(ServerException.class, e);
    assertEquals(LicenseSpringLibrary.LS_ERR_SERVER, e.status(), e.getMessage());
    assertEquals(500, e.httpStatus());
    assertEquals(Category.SERVER, e.category());
  }

  @Test
  void unsignedResponseIsAVerificationError() throws IOException {
    LicenseSpringException e = againstFake(fakeServer(200, "{\"id\":1,\"license_key\":\"X\"}"));
    assertInstanceOf(VerificationException.class, e);
    assertEquals(LicenseSpringLibrary.LS_ERR_SIGNATURE_MISSING, e.status(), e.getMessage());
  }

  @Test
  void categoriesComeFromTheLibrary() {
    assertEquals(Category.INTERNAL, Category.of(LicenseSpringLibrary.LS_ERR_INTERNAL));
    assertEquals(Category.INTERNAL, Category.of(12345));
    assertEquals(Category.NONE, Category.of(LicenseSpringLibrary.LS_OK));
    assertEquals(Category.SERVER, Category.of(LicenseSpringLibrary.LS_ERR_NOT_FOUND));
    assertInstanceOf(
        InternalException.class,
        LicenseSpringException.create(900, "LS_ERR_INTERNAL", "bug", "", 0, -1, Category.INTERNAL));
  }
}
