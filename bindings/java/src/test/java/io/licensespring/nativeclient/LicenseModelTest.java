package io.licensespring.nativeclient;

import static io.licensespring.nativeclient.AccountTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.licensespring.nativeclient.LicenseSpring.Borrow;
import io.licensespring.nativeclient.LicenseSpring.Consumption;
import io.licensespring.nativeclient.LicenseSpring.Feature;
import io.licensespring.nativeclient.LicenseSpring.InvalidArgumentException;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.Trial;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trials, consumption, feature consumption and floating seats against ls-emulator (demo seed). */
class LicenseModelTest {
  private static Client client;

  @BeforeAll
  static void start() {
    client = Emulator.get().client();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  private static Request.Builder on(String product, String hwid) {
    return Request.builder().product(product).hardwareId(hwid);
  }

  @Test
  void keyAndUserTrials() {
    String hwid = Emulator.hardwareId("trial");
    try (Request ask = on("demo-trial", hwid).build(); Trial trial = client.trialKey(ask)) {
      assertTrue(trial.isTrial());
      assertEquals(OptionalLong.of(14), trial.trialDays());
      try (Trial again = client.trialKey(ask)) { // the same device gets the same trial
        assertEquals(trial.key(), again.key());
      }
    }
    try (Request notAllowed = on("demo", hwid).build();
        Request noEmail = on("demo-trial-user", hwid).build();
        Request user = on("demo-trial-user", hwid).email("newcomer@example.com").build();
        Trial trial = client.trialKey(user)) {
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_TRIAL_NOT_ALLOWED,
          "trial_not_allowed", 400, () -> client.trialKey(notAllowed));
      fails(InvalidArgumentException.class, LicenseSpringLibrary.LS_ERR_EMAIL_MISSING,
          "email_missing", 400, () -> client.trialKey(noEmail));
      assertEquals(Optional.of("newcomer@example.com"), trial.licenseUser());
      try (Request activate = on("demo-trial-user", hwid).username("newcomer@example.com")
              .password(trial.initialPassword().orElseThrow()).build();
          License license = client.activate(activate)) {
        assertEquals(Optional.of(true), license.trial());
      }
    }
  }

  /** Consumptions are the license's, shared by the tests: this one leaves the total as it was. */
  @Test
  void consumptionWithOveragesAndNegatives() {
    String hwid = Emulator.hardwareId("metered");
    Request.Builder metered = on("demo", hwid).licenseKey("DEMO-METERED");
    try (Request request = metered.build(); License license = client.activate(request)) {
      long before = license.totalConsumptions().orElseThrow();
      try (Request toTen = metered.consumptions(10 - before).build();
          Request three = metered.consumptions(3).build();
          Request back = metered.consumptions(-5).build();
          Request restore = metered.consumptions(before - 5).build();
          Request plain = on("demo", hwid).licenseKey("DEMO-TIME-LIMITED").consumptions(1).build()) {
        try (Consumption c = client.addConsumption(toTen)) {
          assertEquals(10, c.totalConsumptions());
          assertEquals(OptionalLong.of(10), c.maxConsumptions());
          assertEquals(Optional.of(true), c.allowOverages());
          assertEquals(OptionalLong.of(2), c.maxOverages());
        }
        fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS,
            "license_not_enough_consumptions", 400, () -> client.addConsumption(three));
        try (Consumption c = client.addConsumptionAsync(back).join()) { // negatives allowed here
          assertEquals(5, c.totalConsumptions());
        }
        client.addConsumption(restore).close();
        fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_LICENSE_NOT_CONSUMPTION,
            "license_not_consumption", 400, () -> client.addConsumption(plain));
      }
      client.deactivate(request);
    }
  }

  @Test
  void featureConsumption() {
    Request.Builder features = on("demo", Emulator.hardwareId("features")).licenseKey("DEMO-FEATURES");
    try (Request request = features.build();
        Request three = features.feature("credits").consumptions(3).build()) {
      client.activate(request).close();
      try (Feature credits = client.addFeatureConsumption(three)) {
        assertEquals("credits", credits.code());
        assertEquals(OptionalLong.of(3), credits.totalConsumptions());
      }
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_FEATURE_NOT_ENOUGH_CONSUMPTIONS,
          "feature_not_enough_consumptions", 400, () -> client.addFeatureConsumption(three));
    }
  }

  @Test
  void floatingSeatsAndFloatingFeatures() {
    String a = Emulator.hardwareId("seat-a");
    String b = Emulator.hardwareId("seat-b");
    try (Request seat = on("demo", a).licenseKey("DEMO-FLOATING-CLOUD").build();
        Request past = on("demo", a).licenseKey("DEMO-FLOATING-CLOUD")
            .borrowedUntil("2000-01-01T00:00:00Z").build();
        Request noBorrow = on("demo", b).licenseKey("DEMO-FLOATING-NO-BORROW").build()) {
      client.activate(seat).close();
      try (License license = client.check(seat)) {
        assertEquals(OptionalLong.of(1), license.floatingInUseDevices());
      }
      try (Borrow borrow = client.floatingBorrow(seat)) {
        assertEquals(OptionalLong.of(48), borrow.maxBorrowTime());
        assertTrue(borrow.borrowedUntil().startsWith("20"), borrow.json());
      }
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_BORROW_UNTIL_NOT_VALID,
          "borrow_until_not_valid", 400, () -> client.floatingBorrow(past));
      client.floatingRelease(seat);
      client.activate(noBorrow).close();
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_LICENSE_BORROW_NOT_ALLOWED,
          "license_borrow_not_allowed", 400, () -> client.floatingBorrow(noBorrow));
    }
    try (Request renderA = on("demo", a).licenseKey("DEMO-FEATURES").feature("render").build();
        Request renderB = on("demo", b).licenseKey("DEMO-FEATURES").feature("render").build();
        Request basic = on("demo", a).licenseKey("DEMO-FEATURES").feature("basic").build()) {
      client.activate(renderA).close();
      client.activate(renderB).close();
      try (Feature borrowed = client.floatingFeatureBorrow(renderA)) {
        assertEquals(Optional.of(true), borrowed.isBorrowed());
      }
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_FLOATING_NOT_AVAILABLE,
          "floating_not_available", 400, () -> client.checkFeature(renderB));
      client.floatingFeatureRelease(renderA);
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_FLOATING_FEATURE_DEVICE_NOT_IN_USE,
          "floating_feature_device_not_in_use", 400, () -> client.floatingFeatureRelease(renderA));
      fails(LicenseException.class, LicenseSpringLibrary.LS_ERR_FEATURE_NOT_FLOATING,
          "feature_not_floating", 400, () -> client.floatingFeatureBorrow(basic));
    }
  }
}
