package io.licensespring.nativeclient;

import java.io.PrintStream;

/** The README's example, verbatim between the markers (ReadmeTest checks and runs it). */
final class ReadmeExample {
  private ReadmeExample() {}

  static void run(String baseUrl, String publicKeyPem, String hardwareId, PrintStream out) {
    // README-BEGIN
    try (Client client = Config.builder("demo-api-key", "demo-shared-key")
            .baseUrl(baseUrl)                  // e.g. a local ls-emulator
            .publicKeyPem(publicKeyPem)        // the server's signing key
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
}
