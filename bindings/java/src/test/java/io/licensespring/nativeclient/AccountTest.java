package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.licensespring.nativeclient.LicenseSpring.Bundle;
import io.licensespring.nativeclient.LicenseSpring.CustomerUsers;
import io.licensespring.nativeclient.LicenseSpring.DeviceVariable;
import io.licensespring.nativeclient.LicenseSpring.DeviceVariables;
import io.licensespring.nativeclient.LicenseSpring.Feature;
import io.licensespring.nativeclient.LicenseSpring.InstallationFile;
import io.licensespring.nativeclient.LicenseSpring.InvalidArgumentException;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.SsoUrl;
import io.licensespring.nativeclient.LicenseSpring.User;
import io.licensespring.nativeclient.LicenseSpring.UserLicense;
import io.licensespring.nativeclient.LicenseSpring.UserLicenses;
import io.licensespring.nativeclient.LicenseSpring.Version;
import io.licensespring.nativeclient.LicenseSpring.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The account calls against ls-emulator (demo seed): bundles, versions and installers, device
 * variables, user and customer licenses, the SSO URL and a password change; each with an answer
 * read through its generated result class and a server error as its exception subtype.
 */
class AccountTest {
  private static Client client;

  @BeforeAll
  static void start() {
    client = Emulator.get().client();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  /** The call fails with {@code type}, this status and server code, and HTTP {@code http}. */
  static <T extends LicenseSpringException> T fails(
      Class<T> type, int status, String code, int http, Executable call) {
    T e = assertThrows(type, call);
    assertEquals(status, e.status(), e.getMessage());
    assertEquals(code, e.serverCode(), e.getMessage());
    assertEquals(http, e.httpStatus(), e.getMessage());
    return e;
  }

  private static Request key(String product, String key, String hwid) {
    return Request.builder().product(product).licenseKey(key).hardwareId(hwid).build();
  }

  private static List<Long> ids(Iterable<License> licenses) {
    List<Long> ids = new ArrayList<>();
    licenses.forEach(l -> ids.add(l.id()));
    return ids;
  }

  @Test
  void bundleActivationCheckAndDeactivation() throws Exception {
    String hwid = Emulator.hardwareId("bundle");
    try (Request request = key("demo-suite", "DEMO-SUITE-KEY", hwid)) {
      License addon;
      try (Bundle bundle = client.activateBundle(request)) {
        assertEquals(List.of(1019L, 1101L), ids(bundle)); // a whole-list kind is iterable
        List<License> licenses = bundle.licenses();
        assertEquals(Optional.of("DEMO-SUITE-KEY"), licenses.get(0).key());
        assertEquals(Optional.of(hwid), licenses.get(0).hardwareId());
        assertEquals(Optional.of("demo"), licenses.get(0).productShortCode());
        assertEquals(List.of("suite"), licenses.get(0).features().stream().map(Feature::code).toList());
        addon = licenses.get(1);
        assertEquals(Optional.of("demo-addon"), addon.productShortCode());
        assertEquals("{\"part\":\"addon\"}", addon.metadata().orElseThrow());
        assertTrue(JsonParser.parseString(bundle.json()).isJsonArray(), bundle.json());
      }
      // Items are borrowed from the bundle: unusable once it is closed.
      assertTrue(addon.isClosed());
      assertThrows(IllegalStateException.class, addon::id);

      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_LICENSE_DEVICE_EXISTS,
          "license_device_exists", 409, () -> client.activateBundle(request));
      try (Bundle checked = client.checkBundleAsync(request).get(20, TimeUnit.SECONDS)) {
        assertEquals(List.of(1019L, 1101L), ids(checked.licenses()));
        assertEquals(Optional.of(true), checked.licenses().get(0).active());
        assertEquals(OptionalLong.of(1), checked.licenses().get(0).timesActivated());
      }
      // Each license of the bundle is an ordinary license of its product.
      try (Request addonRequest = key("demo-addon", "DEMO-SUITE-KEY", hwid);
          License alone = client.check(addonRequest)) {
        assertEquals(1101, alone.id());
      }
      client.deactivateBundle(request);
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_DEVICE_NOT_FOUND,
          "device_not_found", 400, () -> client.checkBundle(request));
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_DEVICE_NOT_FOUND,
          "device_not_found", 400, () -> client.deactivateBundle(request));
    }
    try (Request unknownKey = key("demo-suite", "NO-SUCH-KEY", hwid);
        Request unknownBundle = key("no-such-bundle", "DEMO-SUITE-KEY", hwid)) {
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_LICENSE_NOT_FOUND,
          "license_not_found", 400, () -> client.activateBundle(unknownKey));
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_UNKNOWN_PRODUCT,
          "unknown_product", 400, () -> client.activateBundle(unknownBundle));
    }
  }

  private static List<String> names(Versions versions) {
    List<String> names = new ArrayList<>();
    for (Version v : versions) {
      names.add(v.version());
    }
    return names;
  }

  @Test
  void versionsAndInstallationFiles() {
    String hwid = Emulator.hardwareId("versions");
    try (Request maintenance = key("demo", "DEMO-MAINTENANCE", hwid)) {
      client.activate(maintenance).close();
      try (Versions versions = client.versions(maintenance)) {
        assertEquals(List.of("1.0.0", "1.1.0"), names(versions)); // within the maintenance period
        assertEquals(Optional.of("2020-01-01T00:00:00.000Z"), versions.items().get(0).releaseDate());
      }
      try (InstallationFile file = client.installationFile(maintenance)) {
        assertEquals(OptionalLong.of(9003), file.id());
        assertEquals("1.1.0", file.version());
        assertEquals(Optional.of("linux"), file.environment());
        assertEquals(Optional.of("stable"), file.channel());
        assertEquals(Optional.of("https://downloads.example.com/demo/1.1.0/demo-linux.tar.gz"), file.url());
        assertEquals(Optional.of("7d793037a0760186574b0282f2f435e7"), file.hashMd5());
        assertEquals(Optional.of("https://example.com/demo/eula"), file.eulaLink());
        assertEquals(Optional.of("https://example.com/demo/1.1.0/notes"), file.releaseNotesLink());
      }
      try (Request newer = Request.builder().product("demo").licenseKey("DEMO-MAINTENANCE")
          .hardwareId(hwid).version("2.0.0").build()) {
        fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_VERSION_NOT_FOUND,
            "version_not_found", 400, () -> client.installationFile(newer));
      }
    }
    String other = Emulator.hardwareId("versions-all");
    Request.Builder all = Request.builder().product("demo").licenseKey("DEMO-1111-2222-3333").hardwareId(other);
    try (Request request = all.build();
        Request win = all.env("win64").build();
        Request beta = all.env("linux").channel("beta").build();
        Request v2 = all.channel("stable").version("2.0.0").build();
        Request bsd = all.env("bsd").build()) {
      client.activate(request).close();
      try (Versions versions = client.versions(win)) {
        assertEquals(List.of("1.0.0"), names(versions));
      }
      try (InstallationFile file = client.installationFile(beta)) {
        assertEquals(OptionalLong.of(9005), file.id());
        assertEquals("2.1.0-beta", file.version());
      }
      try (InstallationFile file = client.installationFile(v2)) {
        assertEquals(OptionalLong.of(9004), file.id());
        assertEquals(Optional.of("1.1.0"), file.requiresVersion());
        assertTrue(file.sha256().isPresent(), file.json());
      }
      fails(InvalidArgumentException.class, LicenseSpringLibrary.LS_ERR_VALIDATION_ERROR,
          "validation_error", 400, () -> client.versions(bsd));
      client.deactivate(request);
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_DEVICE_NOT_FOUND,
          "device_not_found", 400, () -> client.versions(request));
    }
  }

  private static List<String> variables(DeviceVariables variables) {
    List<String> pairs = new ArrayList<>();
    for (DeviceVariable v : variables) {
      pairs.add(v.name() + "=" + v.value().orElse(null));
    }
    return pairs;
  }

  @Test
  void deviceVariablesTrackedAndRead() throws Exception {
    String hwid = Emulator.hardwareId("variables");
    Request.Builder base = Request.builder().product("demo").licenseKey("DEMO-UNLIMITED").hardwareId(hwid);
    try (Request request = base.build();
        Request track = base.variable("gpu", "rtx").variable("os", "linux").build();
        Request again = Request.builder().product("demo").licenseKey("DEMO-UNLIMITED")
            .hardwareId(hwid).variable("os", "linux-6").build()) {
      client.activate(request).close();
      try (DeviceVariables tracked = client.trackDeviceVariables(track)) {
        assertEquals(List.of("gpu=rtx", "os=linux"), variables(tracked));
        assertTrue(tracked.items().get(0).deviceId().isPresent(), tracked.json());
      }
      try (DeviceVariables tracked = client.trackDeviceVariablesAsync(again).get(20, TimeUnit.SECONDS)) {
        assertEquals(List.of("os=linux-6"), variables(tracked));
      }
      try (DeviceVariables read = client.getDeviceVariables(request)) {
        assertEquals(List.of("gpu=rtx", "os=linux-6"), variables(read));
        assertTrue(read.items().get(0).id().isPresent(), read.json());
        assertTrue(read.items().get(0).createdAt().isPresent(), read.json());
      }
      try (License license = client.check(request)) {
        JsonObject vars = JsonParser.parseString(license.variables().orElseThrow()).getAsJsonObject();
        assertEquals("linux-6", vars.get("os").getAsString());
      }
      // Tracking needs variables: refused before anything is sent.
      InvalidArgumentException none =
          assertThrows(InvalidArgumentException.class, () -> client.trackDeviceVariables(request));
      assertEquals(LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT, none.status(), none.getMessage());
      assertEquals(0, none.httpStatus());
    }
    String unknown = Emulator.hardwareId("variables-unknown");
    try (Request request = key("demo", "DEMO-UNLIMITED", unknown);
        Request track = Request.builder().product("demo").licenseKey("DEMO-UNLIMITED")
            .hardwareId(unknown).variable("a", "b").build()) {
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_DEVICE_NOT_FOUND,
          "device_not_found", 400, () -> client.getDeviceVariables(request));
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_DEVICE_NOT_FOUND,
          "device_not_found", 400, () -> client.trackDeviceVariables(track));
    }
  }

  @Test
  void userLicensesWithTheirNestedLicenseAndUser() {
    try (Request carol = Request.builder().product("demo-user")
            .username("carol@example.com").password("carol-password").build();
        UserLicenses licenses = client.userLicenses(carol)) {
      assertEquals(1, licenses.items().size(), licenses.json());
      UserLicense only = licenses.items().get(0);
      License license = only.license(); // an object field: a License borrowed from the answer
      assertEquals(2002, license.id());
      assertEquals(Optional.of(true), license.active());
      assertEquals(Optional.of("buyer@example.com"), license.customerEmail());
      assertEquals(Optional.of("demo-user"), license.productShortCode());
      User user = only.user().orElseThrow();
      assertEquals(OptionalLong.of(3003), user.id());
      assertEquals(Optional.of("carol@example.com"), user.email());
      assertTrue(license.json().contains("\"id\":2002"), license.json());
      licenses.close();
      assertThrows(IllegalStateException.class, user::email);
    }
    try (Request sso = Request.builder().product("demo-user")
            .idToken("sso-id-token-alice").customerAccountCode("demo-corp").build();
        UserLicenses licenses = client.userLicenses(sso)) {
      assertEquals(List.of(2001L), licenses.items().stream().map(u -> u.license().id()).toList());
      assertEquals(Optional.of("alice@example.com"), licenses.items().get(0).user().orElseThrow().email());
    }
    try (Request wrong = Request.builder().product("demo-user")
        .username("carol@example.com").password("wrong").build()) {
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_LICENSE_NOT_FOUND,
          "license_not_found", 400, () -> client.userLicenses(wrong));
    }
  }

  @Test
  void customerLicenseUsers() {
    try (Request request = Request.builder().product("demo-user").customer("buyer@example.com").build();
        CustomerUsers customer = client.customerLicenseUsers(request)) {
      assertEquals(Optional.of("buyer@example.com"), customer.customerEmail());
      assertEquals(Optional.of("Grace"), customer.customerFirstName());
      assertEquals(Optional.of("Hopper"), customer.customerLastName());
      assertEquals(Optional.of("Example Corp"), customer.customerCompanyName());
      List<String> emails = customer.users().stream().map(u -> u.email().orElseThrow()).toList();
      assertEquals(List.of("carol@example.com", "dave@example.com"), emails);
    }
    try (Request nobody = Request.builder().product("demo-user").customer("nobody@example.com").build();
        Request missing = Request.builder().product("demo-user").build()) {
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_CUSTOMER_NOT_FOUND,
          "customer_not_found", 400, () -> client.customerLicenseUsers(nobody));
      fails(InvalidArgumentException.class, LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT,
          "", 0, () -> client.customerLicenseUsers(missing)); // `customer` is required
    }
  }

  @Test
  void ssoUrl() {
    try (Request request = Request.builder().product("demo-user")
            .customerAccountCode("demo-corp").responseType("token").build();
        SsoUrl sso = client.ssoUrl(request)) {
      assertTrue(sso.url().startsWith("http"), sso.url());
      JsonObject openid = JsonParser.parseString(sso.openidConfiguration().orElseThrow()).getAsJsonObject();
      assertTrue(openid.has("issuer"), openid.toString());
    }
    try (Request unknown = Request.builder().product("demo-user")
        .customerAccountCode("no-such-account").responseType("token").build()) {
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_CUSTOMER_NOT_FOUND,
          "customer_not_found", 400, () -> client.ssoUrl(unknown));
    }
  }

  private static Request dave(String password, String hwid) {
    return Request.builder().product("demo-user").hardwareId(hwid)
        .username("dave@example.com").password(password).build();
  }

  private static Request change(String from, String to) {
    return Request.builder().username("dave@example.com").password(from).newPassword(to).build();
  }

  @Test
  void passwordChange() {
    String hwid = Emulator.hardwareId("password");
    try (Request wrong = change("wrong", "dave-password-2");
        Request right = change("dave-password", "dave-password-2");
        Request back = change("dave-password-2", "dave-password");
        Request old = dave("dave-password", hwid);
        Request current = dave("dave-password-2", hwid)) {
      LicenseException e = fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_LICENSE_NOT_FOUND,
          "license_not_found", 400, () -> client.changePassword(wrong));
      assertFalse(e.getMessage().contains("dave-password-2"), e.getMessage()); // a secret
      client.changePassword(right);
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_LICENSE_NOT_FOUND,
          "license_not_found", 400, () -> client.activate(old));
      try (License license = client.activate(current)) {
        assertEquals(2002, license.id());
        assertEquals(Optional.of("dave@example.com"), license.userEmail());
      }
      try (UserLicenses licenses = client.userLicenses(current)) {
        User user = licenses.items().get(0).user().orElseThrow();
        assertEquals(Optional.of(false), user.isInitialPassword());
        assertEquals(OptionalLong.of(1), user.totalActivations());
      }
      client.deactivate(current);
      client.changePassword(back);
    }
  }
}
