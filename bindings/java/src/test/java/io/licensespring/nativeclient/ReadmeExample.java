package io.licensespring.nativeclient;

import io.licensespring.nativeclient.LicenseSpring.Feature;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The README's examples, verbatim between the markers, in order (ReadmeTest checks and runs them). */
final class ReadmeExample {
  private ReadmeExample() {}

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
}
