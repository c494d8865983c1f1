package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's example is the code ReadmeExample runs, and it works. */
class ReadmeTest {

  /** The block's non-blank lines, without their common indentation. */
  private static String stripIndent(String block) {
    List<String> lines = block.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    int indent = lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.substring(indent)).collect(Collectors.joining("\n"));
  }

  @Test
  void readmeExampleIsTheTestedCode() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("```java\n");
    int end = readme.indexOf("```", start + 8);
    assertTrue(start >= 0 && end > start, "README.md has no ```java block");
    String example = readme.substring(start + 8, end);

    String source =
        Files.readString(Path.of("src/test/java/io/licensespring/nativeclient/ReadmeExample.java"));
    String marked =
        source.substring(
            source.indexOf("// README-BEGIN") + "// README-BEGIN".length(),
            source.indexOf("// README-END"));
    assertEquals(stripIndent(marked), stripIndent(example));
  }

  @Test
  void readmeExampleRuns() {
    Emulator emulator = Emulator.get();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ReadmeExample.run(emulator.baseUrl, emulator.publicKeyPem, Emulator.hardwareId("readme"), out);
    String printed = bytes.toString(StandardCharsets.UTF_8).strip();
    assertTrue(printed.startsWith("time-limited until 2099-12-31T23:59:59"), printed);
  }
}
