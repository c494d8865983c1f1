package io.licensespring.nativeclient;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** One ls-emulator for the whole test run, started on first use and killed when the JVM exits. */
final class Emulator {
  static final String API_KEY = "demo-api-key";
  static final String SHARED_KEY = "demo-shared-key";
  static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();

  private static Emulator instance;

  final String baseUrl;
  final String publicKeyPem;
  private final Process process;

  private Emulator(String baseUrl, String publicKeyPem, Process process) {
    this.baseUrl = baseUrl;
    this.publicKeyPem = publicKeyPem;
    this.process = process;
  }

  static synchronized Emulator get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  static Path path(String env, String fallback) {
    String value = System.getenv(env);
    return value == null || value.isEmpty() ? REPO.resolve(fallback) : Path.of(value);
  }

  private static Emulator start() {
    Path exe = path("LS_EMULATOR", "target/debug/ls-emulator");
    Path seed = path("LS_EMULATOR_SEED", "emulator/seeds/demo.json");
    Path key = path("LS_EMULATOR_KEY", "tests/fixtures/emulator-signing-key.pem");
    Path pub = path("LS_EMULATOR_PUBLIC_KEY", "tests/fixtures/emulator-public-key.pem");
    try {
      File log = Path.of("target", "ls-emulator.log").toAbsolutePath().toFile();
      Process p =
          new ProcessBuilder(
                  exe.toString(),
                  "--listen",
                  "127.0.0.1:0",
                  "--seed",
                  seed.toString(),
                  "--signing-key",
                  key.toString())
              .redirectError(ProcessBuilder.Redirect.appendTo(log))
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p)));
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      String prefix = "listening on ";
      if (line == null || !line.startsWith(prefix)) {
        stop(p);
        throw new IllegalStateException(
            "ls-emulator (" + exe + ") did not start: first line " + line + "; see " + log);
      }
      return new Emulator(line.substring(prefix.length()).trim(), Files.readString(pub), p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ls-emulator " + exe, e);
    }
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A builder for a client of this emulator with verification by its public key. */
  Config.Builder config() {
    return Config.builder(API_KEY, SHARED_KEY).baseUrl(baseUrl).publicKeyPem(publicKeyPem);
  }

  Client client() {
    return config().buildClient();
  }

  /** A hardware ID no other test uses. */
  static String hardwareId(String label) {
    return "java-" + label + "-" + UUID.randomUUID();
  }

  /**
   * Posts an offline request file's text to {@code /api/v4/<endpoint>} ({@code activate_offline}
   * or {@code deactivate_offline}) as the vendor's portal would, signed with the demo keys; gives
   * the answer's body (a {@code .lic}'s JSON, or {@code license_deactivated}), refusing another
   * status than 200.
   */
  String postOffline(String endpoint, String text) {
    String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
        .format(ZonedDateTime.now(ZoneOffset.UTC));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SHARED_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = Base64.getEncoder().encodeToString(
          mac.doFinal(("licenseSpring\ndate: " + date).getBytes(StandardCharsets.UTF_8)));
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v4/" + endpoint))
          .header("Date", date)
          .header("Authorization", "algorithm=\"hmac-sha256\",headers=\"date\",signature=\""
              + signature + "\",apikey=\"" + API_KEY + "\"")
          .header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString(text))
          .build();
      HttpResponse<String> answer =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(endpoint + ": HTTP " + answer.statusCode() + " " + answer.body());
      }
      return answer.body();
    } catch (IOException | InterruptedException | GeneralSecurityException e) {
      throw new IllegalStateException(endpoint, e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }
}
