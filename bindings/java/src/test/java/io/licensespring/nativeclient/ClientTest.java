package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.jna.Memory;
import io.licensespring.nativeclient.LicenseSpring.CustomField;
import io.licensespring.nativeclient.LicenseSpring.Feature;
import io.licensespring.nativeclient.LicenseSpring.HardwareIdAlgorithm;
import io.licensespring.nativeclient.LicenseSpring.InvalidArgumentException;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.Param;
import io.licensespring.nativeclient.LicenseSpring.Product;
import io.licensespring.nativeclient.LicenseSpring.ServerException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Activation, check and deactivation against ls-emulator, the license's fields, the wire. */
class ClientTest {
  private static Emulator emulator;
  private static Client client;

  @BeforeAll
  static void start() {
    emulator = Emulator.get();
    client =
        emulator
            .config()
            .connectTimeout(Duration.ofSeconds(5))
            .totalTimeout(Duration.ofSeconds(20))
            .disableProxy()
            .appVersion("java-tests 1.0")
            .buildClient();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  void keyActivationCheckAndDeactivationWithTheLicenseFields() {
    String hwid = Emulator.hardwareId("key");
    try (Request request =
        Request.builder()
            .product("demo")
            .hardwareId(hwid)
            .licenseKey("DEMO-1111-2222-3333")
            .vmInfo("none")
            .osVer("Linux 6.1")
            .hostname("build-host")
            .osHostname("build-host.local")
            .ip("203.0.113.7")
            .ipLocal("192.168.1.7")
            .appVer("2.0.0")
            .macAddress("00:11:22:33:44:55")
            .isVm(false)
            .licenseId(1001)
            .variable("seat", "desk-1")
            .variable("seat", "desk-2")
            .build()) {
      try (License license = client.activate(request)) {
        assertEquals(1001, license.id());
        assertEquals(Optional.of("DEMO-1111-2222-3333"), license.key());
        assertEquals(Optional.of("perpetual"), license.type());
        assertEquals(Optional.of(true), license.active());
        assertEquals(Optional.of(true), license.enabled());
        assertEquals(Optional.of(false), license.expired());
        assertEquals(Optional.of(false), license.trial());
        assertEquals(Optional.empty(), license.validityPeriod());
        assertTrue(license.timesActivated().orElseThrow() >= 1, license.json());
        assertEquals(OptionalLong.of(3), license.maxActivations());
        assertEquals(Optional.of(hwid), license.hardwareId());
        assertEquals(Optional.of("Demo App"), license.productName());
        assertEquals(Optional.of("demo"), license.productShortCode());
        assertEquals(Optional.of("license-key"), license.authorizationMethod());

        List<Feature> features = license.features();
        assertEquals(2, features.size());
        assertEquals("pro", features.get(0).code());
        assertEquals(Optional.of("Pro features"), features.get(0).name());
        assertEquals(OptionalLong.of(5001), features.get(0).id());
        assertEquals("export", features.get(1).code());
        assertEquals(Optional.of("Export"), features.get(1).name());
        assertTrue(features.get(0).json().contains("\"pro\""), features.get(0).json());
        assertThrows(UnsupportedOperationException.class, () -> features.remove(0));

        List<CustomField> fields = license.customFields();
        assertEquals(1, fields.size());
        assertEquals("tier", fields.get(0).name());
        assertEquals(Optional.of("gold"), fields.get(0).value());

        assertEquals(Optional.of("customer@example.com"), license.customerEmail());
        assertEquals(Optional.of("Ada"), license.customerFirstName());
        assertEquals(Optional.of("Example Ltd"), license.customerCompanyName());
        assertEquals(Optional.empty(), license.userEmail());
        JsonObject metadata = JsonParser.parseString(license.metadata().orElseThrow()).getAsJsonObject();
        assertEquals("pro", metadata.get("edition").getAsString());
        JsonObject variables = JsonParser.parseString(license.variables().orElseThrow()).getAsJsonObject();
        assertEquals("desk-2", variables.get("seat").getAsString(), license.variables().get());

        // The exact verified body, and the same values in it.
        JsonObject body = JsonParser.parseString(license.json()).getAsJsonObject();
        assertEquals(1001, body.get("id").getAsLong());
        assertEquals("DEMO-1111-2222-3333", body.get("license_key").getAsString());

        // Past the end of a list, the library answers LS_ERR_INDEX_OUT_OF_RANGE.
        int status = license.use(p -> {
          try (Memory out = new Memory(16)) {
            return LicenseSpringLibrary.ls_result_item(
                p, LicenseSpringLibrary.LS_LICENSE_FEATURES, 2, out, out.share(8));
          }
        });
        assertEquals(LicenseSpringLibrary.LS_ERR_INDEX_OUT_OF_RANGE, status);
      }
      try (License checked = client.check(request)) {
        assertEquals(1001, checked.id());
        assertEquals(Optional.of(true), checked.active());
      }
      client.deactivate(request);
      LicenseException gone = assertThrows(LicenseException.class, () -> client.check(request));
      assertEquals(LicenseSpringLibrary.LS_ERR_DEVICE_NOT_FOUND, gone.status());
      assertEquals("device_not_found", gone.serverCode());
    }
  }

  @Test
  void timeLimitedLicenseHasAValidityPeriod() {
    try (Request request = keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("time"));
        License license = client.activate(request)) {
      assertEquals(Optional.of("time-limited"), license.type());
      assertTrue(license.validityPeriod().orElseThrow().startsWith("2099-12-31"));
      assertEquals(OptionalLong.of(100), license.maxActivations());
      assertEquals(List.of(), license.features());
      client.deactivate(request);
    }
  }

  @Test
  void userActivation() {
    try (Request request =
            Request.builder()
                .product("demo-user")
                .hardwareId(Emulator.hardwareId("user"))
                .username("alice@example.com")
                .password("alice-password")
                .build();
        License license = client.activate(request)) {
      assertEquals(Optional.of("alice@example.com"), license.userEmail());
      assertEquals(Optional.empty(), license.key());
      try (License checked = client.check(request)) {
        assertEquals(license.id(), checked.id());
      }
      client.deactivate(request);
    }
  }

  @Test
  void ssoActivationWithIdToken() {
    try (Request request =
            Request.builder()
                .product("demo-user")
                .hardwareId(Emulator.hardwareId("sso-token"))
                .idToken("sso-id-token-alice")
                .customerAccountCode("demo-corp")
                .build();
        License license = client.activate(request)) {
      assertEquals(Optional.of("alice@example.com"), license.userEmail());
      client.deactivate(request);
    }
  }

  @Test
  void ssoActivationWithCode() {
    try (Request request =
            Request.builder()
                .product("demo-user")
                .hardwareId(Emulator.hardwareId("sso-code"))
                .code("sso-code-bob")
                .customerAccountCode("demo-corp")
                .build();
        License license = client.activate(request)) {
      assertEquals(Optional.of("bob@example.com"), license.userEmail());
      client.deactivate(request);
    }
  }

  @Test
  void consumptionsAreSentOnDeactivation() {
    try (Request request =
        Request.builder()
            .product("demo")
            .hardwareId(Emulator.hardwareId("consumption"))
            .licenseKey("DEMO-CONSUMPTION")
            .consumptions(3)
            .build()) {
      try (License license = client.activate(request)) {
        assertEquals(Optional.of("consumption"), license.type());
        assertEquals(OptionalLong.of(100), license.maxConsumptions());
      }
      client.deactivate(request);
    }
  }

  @Test
  void reactivatingAnActiveDeviceIsAConflict() {
    try (Request request = keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("twice"))) {
      client.activate(request).close();
      LicenseException e = assertThrows(LicenseException.class, () -> client.activate(request));
      assertEquals(LicenseSpringLibrary.LS_ERR_LICENSE_DEVICE_EXISTS, e.status());
      assertEquals("LS_ERR_LICENSE_DEVICE_EXISTS", e.statusName());
      assertEquals("license_device_exists", e.serverCode());
      assertEquals(409, e.httpStatus());
      client.deactivate(request);
    }
  }

  /** Operations beyond activation are rows of the same table, with the same generated methods. */
  @Test
  void licenseModelOperations() throws Exception {
    try (Request request = Request.builder().product("demo").build();
        Product product = client.productDetails(request)) {
      assertEquals(Optional.of("Demo App"), product.name());
      assertEquals(Optional.of("demo"), product.shortCode());
      assertEquals(Optional.of("license-key"), product.authorizationMethod());
    }
    try (Request request =
        Request.builder()
            .product("demo")
            .hardwareId(Emulator.hardwareId("feature"))
            .licenseKey("DEMO-1111-2222-3333")
            .feature("pro")
            .build()) {
      client.activate(request).close();
      try (Feature pro = client.checkFeatureAsync(request).get(20, TimeUnit.SECONDS)) {
        assertEquals("pro", pro.code());
        assertEquals(Optional.of("Pro features"), pro.name());
      }
      client.deactivate(request);
    }
  }

  /** What the caller set (on the config and the request) is what goes on the wire. */
  @Test
  void configAndRequestValuesReachTheServer() throws Exception {
    try (Servers.Http server = new Servers.Http(500, "{}", 0);
        Client captured = emulator.config().baseUrl(server.url).appVersion("java-tests 1.0").buildClient();
        Request request =
            Request.builder()
                .product("demo")
                .hardwareId("hw-captured")
                .licenseKey("KEY-CAPTURED")
                .isVm(true)
                .licenseId(77)
                .set(Param.OS_VER, "os-captured")
                .osVer("os-captured-2")
                .hostname("to-be-cleared")
                .clear(Param.HOSTNAME)
                .variable("seat", "desk-9 \u00e9\u4e2d")
                .build()) {
      assertThrows(ServerException.class, () -> captured.activate(request));
      assertThrows(ServerException.class, () -> captured.check(request));
      assertEquals(2, server.requests.size(), server.requests.toString());
      String activate = server.requests.get(0);
      assertTrue(activate.startsWith("POST /api/v4/activate_license"), activate);
      JsonObject body = JsonParser.parseString(activate.substring(activate.indexOf('\n') + 1)).getAsJsonObject();
      assertEquals("java-tests 1.0", body.get("app_ver").getAsString());
      assertEquals("demo", body.get("product").getAsString());
      assertEquals("hw-captured", body.get("hardware_id").getAsString());
      assertEquals("KEY-CAPTURED", body.get("license_key").getAsString());
      assertTrue(body.get("is_vm").getAsBoolean());
      assertEquals(77, body.get("license_id").getAsLong());
      assertEquals("os-captured-2", body.get("os_ver").getAsString());
      assertFalse(body.has("hostname"), body.toString());
      // Strings cross as UTF-8 whatever the JVM's default charset.
      assertTrue(body.toString().contains("desk-9 \u00e9\u4e2d"), body.toString());
      String check = server.requests.get(1);
      assertTrue(check.startsWith("GET /api/v4/check_license?"), check);
      assertTrue(check.contains("app_ver=java-tests"), check);
    }
  }

  @Test
  void hardwareIdAndVersion() {
    assertTrue(Client.libraryVersion().matches("\\d+\\.\\d+\\.\\d+.*"));
    assertEquals(LicenseSpringLibrary.LS_ABI_VERSION, Client.abiVersion());
    String id;
    try {
      id = Client.hardwareId();
    } catch (InvalidArgumentException e) {
      assertEquals(LicenseSpringLibrary.LS_ERR_HARDWARE_ID_UNAVAILABLE, e.status());
      return;
    }
    assertTrue(id.matches("[0-9a-f]{64}"), id);
    assertEquals(id, Client.hardwareId());
    // On Linux every algorithm is the machine ID, as in the vendor's generator.
    for (HardwareIdAlgorithm algorithm : HardwareIdAlgorithm.values()) {
      assertEquals(id, Client.hardwareId(algorithm), algorithm.cName());
    }
  }

  static Request keyRequest(String key, String hwid) {
    return Request.builder().product("demo").hardwareId(hwid).licenseKey(key).build();
  }
}
