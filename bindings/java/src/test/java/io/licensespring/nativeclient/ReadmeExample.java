package io.licensespring.nativeclient;

import io.licensespring.nativeclient.LicenseSpring.Borrow;
import io.licensespring.nativeclient.LicenseSpring.Consumption;
import io.licensespring.nativeclient.LicenseSpring.Feature;
import io.licensespring.nativeclient.LicenseSpring.InstallationFile;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.Product;
import io.licensespring.nativeclient.LicenseSpring.StoreState;
import io.licensespring.nativeclient.LicenseSpring.StoredLicense;
import io.licensespring.nativeclient.LicenseSpring.Trial;
import io.licensespring.nativeclient.LicenseSpring.Version;
import io.licensespring.nativeclient.LicenseSpring.Versions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The README's examples, verbatim between the markers, in order (ReadmeTest checks and runs them).
 * Those that read LS_BASE_URL and LS_EMULATOR_PUBLIC_KEY run in a JVM of their own, through
 * {@link #main}, whose environment names the test emulator.
 */
final class ReadmeExample {
  private ReadmeExample() {}

  /** Runs the examples that read the environment, on {@code args[0]} (a hardware ID prefix). */
  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    try (Client client = client()) {
      for (int i = 0; i < 4; i++) { // four devices spend from one license
        consumption(client, args[0] + "-metered-" + i, out);
      }
      trial(client, args[0] + "-trial", out);
      floating(client, args[0] + "-floating", out);
      update(client, args[0] + "-update", out);
    }
    oauth(out);
  }

  static void sync(String baseUrl, String publicKeyPem, String hardwareId, PrintStream out) {
    // README-BEGIN
    try (Client client = Config.builder("demo-api-key", "demo-shared-key")
            .baseUrl(baseUrl)                  // e.g. a local ls-emulator
            .publicKeyPem(publicKeyPem)        // the server's signing key
            .totalTimeout(Duration.ofSeconds(10))
            .buildClient();
        Request request = Request.builder()
            .product("demo").hardwareId(hardwareId).licenseKey("DEMO-TIME-LIMITED")
            .build();
        License license = client.activate(request)) {
      out.println(license.type().orElse("?") + " until " + license.validityPeriod().orElse("forever"));
      client.deactivate(request);
    } catch (LicenseException e) {             // also NetworkException, AuthorizationException...
      out.println(e.statusName() + " " + e.serverCode() + " HTTP " + e.httpStatus());
    }
    // README-END
  }

  static void async(Client client, Request request, PrintStream out) {
    // README-BEGIN
    CompletableFuture<License> pending = client.activateAsync(request);  // on a library thread
    pending.thenAccept(license -> {
      try (license) {
        out.println(license.id() + " " + license.features().stream().map(Feature::code).toList());
      }
    }).join();
    client.deactivateAsync(request).join();
    // README-END
  }

  static void cancel(Client client, Request request, ScheduledExecutorService timer, PrintStream out) {
    // README-BEGIN
    CompletableFuture<License> check = client.checkAsync(request);
    check.cancel(true);                        // the native call stops waiting at once
    out.println("future cancelled: " + check.isCancelled());

    try (Cancel cancel = new Cancel()) {       // for a blocking call: cancel() from any thread
      timer.schedule(cancel::cancel, 200, TimeUnit.MILLISECONDS);
      client.activate(request, cancel).close();
    } catch (CancellationException e) {
      out.println("call cancelled: " + e.getCause().getMessage());
    }
    // README-END
  }

  static Client client() throws IOException {
    // README-BEGIN
    Client client = Config.builder("demo-api-key", "demo-shared-key")
        .baseUrl(System.getenv("LS_BASE_URL"))
        .publicKeyPem(Files.readString(Path.of(System.getenv("LS_EMULATOR_PUBLIC_KEY"))))
        .buildClient();
    // README-END
    return client;
  }

  static void trial(Client client, String hardwareId, PrintStream out) {
    // README-BEGIN
    try (Request ask = Request.builder()
            .product("demo-trial").hardwareId(hardwareId).email("ada@example.com")
            .build();
        Trial trial = client.trialKey(ask);        // this device's trial license, made on first ask
        Request request = Request.builder()
            .product("demo-trial").hardwareId(hardwareId).licenseKey(trial.key().orElseThrow())
            .build();
        License license = client.activate(request)) {
      out.println(trial.trialDays().orElse(0) + "-day trial, valid until "
          + license.validityPeriod().orElseThrow());
    }
    // README-END
  }

  static void consumption(Client client, String hardwareId, PrintStream out) {
    // README-BEGIN
    Request.Builder metered = Request.builder()
        .product("demo").hardwareId(hardwareId).licenseKey("DEMO-METERED");
    try (Request request = metered.build();
        Request spend = metered.consumptions(4).build()) {
      client.activate(request).close();
      try (Consumption used = client.addConsumption(spend)) {
        out.println(used.totalConsumptions() + " of " + used.maxConsumptions().orElse(0) + " used");
      }
    } catch (LicenseException e) {              // e.g. past max_consumptions plus the overages
      out.println(e.statusName());
    }
    // README-END
  }

  static void floating(Client client, String hardwareId, PrintStream out) {
    // README-BEGIN
    try (Request seat = Request.builder()
        .product("demo").hardwareId(hardwareId).licenseKey("DEMO-FLOATING-CLOUD")
        .build()) {
      client.activate(seat).close();
      try (License license = client.check(seat)) {          // a check takes a seat
        out.println(license.floatingInUseDevices().orElse(0) + " of "
            + license.floatingUsers().orElse(0) + " seats in use");
      }
      try (Borrow borrow = client.floatingBorrow(seat)) {   // keeps it while offline
        out.println("borrowed until " + borrow.borrowedUntil());
      }
      client.floatingRelease(seat);                         // gives it back
    }
    // README-END
  }

  static void update(Client client, String hardwareId, PrintStream out) {
    // README-BEGIN
    try (Request request = Request.builder()
        .product("demo").hardwareId(hardwareId).licenseKey("DEMO-UNLIMITED").env("linux")
        .channel("stable").build()) {
      client.activate(request).close();
      try (Versions versions = client.versions(request);
          InstallationFile latest = client.installationFile(request)) {  // no version: the newest
        out.println(versions.items().stream().map(Version::version).toList());
        out.println("latest " + latest.version() + ": " + latest.url().orElseThrow());
      }
    }
    // README-END
  }

  static void oauth(PrintStream out) throws IOException {
    // README-BEGIN
    String baseUrl = System.getenv("LS_BASE_URL");
    try (Client client = Config.oauthBuilder("demo-client", "demo-client-secret")
            .baseUrl(baseUrl)
            .tokenUrl(baseUrl + "/auth/realms/user-portal/protocol/openid-connect/token")
            .publicKeyPem(Files.readString(Path.of(System.getenv("LS_EMULATOR_PUBLIC_KEY"))))
            .buildClient();
        Request request = Request.builder().product("demo").build();
        Product product = client.productDetails(request)) {  // with a bearer token
      out.println(product.name().orElseThrow());
    }
    // README-END
  }

  static void store(Client client, Path folder, String hardwareId, PrintStream out) {
    // README-BEGIN
    try (Store store = Store.open(folder, "demo");   // null: the vendor SDKs' per-user folder
        Request request = Request.builder()
            .product("demo").hardwareId(hardwareId).licenseKey("DEMO-UNLIMITED").build()) {
      if (!Files.exists(store.path())) {
        store.activate(client, request).close();      // once, online
      }
      try (StoredLicense local = store.checkLocal(client, request)) {  // at start, no network
        out.println(local.license().key().orElseThrow() + " checked locally");
      }
      try (StoredLicense checked = store.check(client, request)) {     // now and then, online
        StoreState state = checked.state();
        out.println(state.online() ? "checked online"
            : "server unreachable, in grace until " + state.graceEnd().orElseThrow());
      }
    } catch (LicenseSpringException e) {  // e.g. LS_ERR_GRACE_PERIOD_EXPIRED, a TamperingException
      out.println(e.statusName());
    }
    // README-END
  }

  static void airGapped(Client client, Path folder, String hardwareId, UnaryOperator<Path> portal,
      PrintStream out) {
    // README-BEGIN
    try (Store store = Store.open(folder, "demo");
        Request request = Request.builder()
            .product("demo").hardwareId(hardwareId).licenseKey("DEMO-UNLIMITED").build()) {
      Path req = folder.resolve("activate_offline.req");
      store.offlineActivationRequest(client, request, req);   // needs no network
      Path lic = portal.apply(req);           // carried to the vendor's portal, its .lic back
      try (StoredLicense loaded = store.loadOfflineLicense(client, request, lic)) {
        out.println("offline activated: " + loaded.state().offlineActivated());
      }
      store.checkLocal(client, request).close();              // from now on, as usual
      // Giving it up: removed here, and the file tells the server.
      store.offlineDeactivationRequest(client, request, folder.resolve("deactivate_offline.req"));
    }
    // README-END
  }
}
