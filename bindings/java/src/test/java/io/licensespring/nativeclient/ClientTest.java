package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Activation, check and deactivation against ls-emulator, and every license accessor. */
class ClientTest {
  private static Emulator emulator;
  private static Client client;

  @BeforeAll
  static void start() {
    emulator = Emulator.get();
    client =
        emulator
            .config()
            .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20))
            .disableProxy()
            .appVersion("java-tests 1.0")
            .buildClient();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  void keyActivationCheckAndDeactivationWithEveryAccessor() {
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
        assertTrue(license.isActive());
        assertTrue(license.isEnabled());
        assertFalse(license.isExpired());
        assertFalse(license.isTrial());
        assertEquals(Optional.empty(), license.validityPeriod());
        assertTrue(license.timesActivated() >= 1, "times_activated " + license.timesActivated());
        assertEquals(3, license.maxActivations());
        assertEquals(2, license.featureCount());
        assertEquals("pro", license.featureCode(0));
        assertEquals("Pro features", license.featureName(0));
        assertEquals(
            List.of(new License.Feature("pro", "Pro features"), new License.Feature("export", "Export")),
            license.features());
        assertEquals(1, license.customFieldCount());
        assertEquals("tier", license.customFieldName(0));
        assertEquals("gold", license.customFieldValue(0));
        assertEquals(Map.of("tier", "gold"), license.customFields());
        assertEquals(Optional.of("customer@example.com"), license.customerEmail());
        assertEquals(Optional.empty(), license.userEmail());
        assertTrue(license.json().startsWith("{"), license.json());
        assertTrue(license.json().contains("DEMO-1111-2222-3333"));

        InvalidArgumentException e =
            assertThrows(InvalidArgumentException.class, () -> license.featureCode(2));
        assertEquals(LicenseSpringLibrary.LS_ERR_INDEX_OUT_OF_RANGE, e.status());
        assertThrows(InvalidArgumentException.class, () -> license.customFieldValue(-1));
      }
      try (License checked = client.check(request)) {
        assertEquals(1001, checked.id());
        assertTrue(checked.isActive());
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
      assertEquals(100, license.maxActivations());
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

  @Test
  void hardwareIdAndVersion() {
    String id;
    try {
      id = LicenseSpring.hardwareId();
    } catch (InvalidArgumentException e) {
      assertEquals(LicenseSpringLibrary.LS_ERR_HARDWARE_ID_UNAVAILABLE, e.status());
      return;
    }
    assertTrue(id.matches("[0-9a-f]{64}"), id);
    assertEquals(id, LicenseSpring.hardwareId());
    assertTrue(LicenseSpring.version().matches("\\d+\\.\\d+\\.\\d+.*"));
    assertEquals("LS_ERR_TIMEOUT", LicenseSpring.statusName(LicenseSpringLibrary.LS_ERR_TIMEOUT));
    assertFalse(LicenseSpring.statusDescription(LicenseSpringLibrary.LS_ERR_TIMEOUT).isEmpty());
  }

  static Request keyRequest(String key, String hwid) {
    return Request.builder().product("demo").hardwareId(hwid).licenseKey(key).build();
  }
}
