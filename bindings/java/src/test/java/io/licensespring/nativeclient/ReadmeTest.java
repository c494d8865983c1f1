package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's examples are the code ReadmeExample runs, and they work. */
class ReadmeTest {

  /** The block's non-blank lines, without their common indentation. */
  private static String stripIndent(String block) {
    List<String> lines = block.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    int indent = lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.substring(indent)).collect(Collectors.joining("\n"));
  }

  private static List<String> blocks(String text, Pattern pattern) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(stripIndent(m.group(1)));
    }
    return found;
  }

  @Test
  void readmeExamplesAreTheTestedCode() throws IOException {
    List<String> readme =
        blocks(Files.readString(Path.of("README.md")), Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL));
    List<String> tested =
        blocks(
            Files.readString(Path.of("src/test/java/io/licensespring/nativeclient/ReadmeExample.java")),
            Pattern.compile("// README-BEGIN\\n(.*?)// README-END", Pattern.DOTALL));
    assertEquals(11, tested.size());
    assertEquals(tested, readme);
  }

  private static String printed(Consumer<PrintStream> example) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    example.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void readmeExamplesRun() throws Exception {
    Emulator emulator = Emulator.get();
    String sync =
        printed(out -> ReadmeExample.sync(emulator.baseUrl, emulator.publicKeyPem, Emulator.hardwareId("readme"), out));
    assertTrue(sync.startsWith("time-limited until 2099-12-31T23:59:59"), sync);
    String expired =
        printed(out -> ReadmeExample.sync(emulator.baseUrl, emulator.publicKeyPem, "blacklisted-device", out));
    assertEquals("LS_ERR_BLACKLISTED blacklisted HTTP 400", expired);

    try (Client client = emulator.client();
        Request request = ClientTest.keyRequest("DEMO-1111-2222-3333", Emulator.hardwareId("readme-async"))) {
      assertEquals("1001 [pro, export]", printed(out -> ReadmeExample.async(client, request, out)));
    }

    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Servers.Silent silent = new Servers.Silent();
        Client client = emulator.config().baseUrl(silent.url).buildClient();
        Request request = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("readme-cancel"))) {
      String cancelled = printed(out -> ReadmeExample.cancel(client, request, timer, out));
      assertTrue(cancelled.startsWith("future cancelled: true\ncall cancelled: LS_ERR_CANCELLED"), cancelled);
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void readmeStoreExamplesRun(@TempDir Path folder) throws IOException {
    Emulator emulator = Emulator.get();
    String device = Emulator.hardwareId("readme-store");
    try (Client client = emulator.client();
        Client unreachable = emulator.config().baseUrl("http://127.0.0.1:9").buildClient()) {
      assertEquals("DEMO-UNLIMITED checked locally\nchecked online",
          printed(out -> ReadmeExample.store(client, folder, device, out)));
      String graced = printed(out -> ReadmeExample.store(unreachable, folder, device, out));
      assertTrue(graced.matches("DEMO-UNLIMITED checked locally\nserver unreachable, in grace until \\d{4}-.*"), graced);

      Path airGapped = Files.createDirectory(folder.resolve("air-gapped"));
      UnaryOperator<Path> portal = req -> {
        try {
          return Files.writeString(req.resolveSibling("license.lic"),
              emulator.postOffline("activate_offline", Files.readString(req)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      String device2 = Emulator.hardwareId("readme-airgap");
      assertEquals("offline activated: true",
          printed(out -> ReadmeExample.airGapped(unreachable, airGapped, device2, portal, out)));
      assertEquals("license_deactivated", emulator.postOffline("deactivate_offline",
          Files.readString(airGapped.resolve("deactivate_offline.req"))).strip());
    }
  }

  /**
   * The examples that read LS_BASE_URL and LS_EMULATOR_PUBLIC_KEY run as written in a JVM whose
   * environment names the test emulator (Java cannot change its own environment).
   */
  @Test
  void readmeExamplesReadingTheEnvironmentRun() throws Exception {
    Emulator emulator = Emulator.get();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ReadmeExample.class.getName(), Emulator.hardwareId("readme-env")).redirectErrorStream(true);
    builder.environment().put("LS_BASE_URL", emulator.baseUrl);
    builder.environment().put("LS_EMULATOR_PUBLIC_KEY",
        Emulator.path("LS_EMULATOR_PUBLIC_KEY", "tests/fixtures/emulator-public-key.pem").toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    List<String> lines = output.lines().toList();
    assertEquals(10, lines.size(), output);
    // Consumption: max 10 plus 2 overages, then refused.
    assertEquals(List.of("4 of 10 used", "8 of 10 used", "12 of 10 used",
        "LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS"), lines.subList(0, 4));
    assertTrue(lines.get(4).matches("14-day trial, valid until \\d{4}-\\d\\d-\\d\\dT.*"), output);
    assertEquals("1 of 2 seats in use", lines.get(5));
    assertTrue(lines.get(6).matches("borrowed until \\d{4}-\\d\\d-\\d\\dT.*"), output);
    assertEquals("[1.0.0, 1.1.0, 2.0.0]", lines.get(7));
    assertEquals("latest 2.0.0: https://downloads.example.com/demo/2.0.0/demo-linux.tar.gz", lines.get(8));
    assertEquals("Demo App", lines.get(9));
  }
}
