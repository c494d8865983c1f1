#!/usr/bin/env bash
# Installs $DIST/java/licensespring-native-<version>.jar the way its users get it, outside the
# repository, and activates and deactivates a license against ls-emulator with it:
#  1. checks the artifact: the jar holds each native library of $DIST/native at JNA's resource
#     prefix, byte for byte, and META-INF/LICENSE; the POM names the version and both licenses;
#  2. installs the jar, its POM, sources and javadoc with maven-install-plugin's install-file into
#     a fresh local repository in a temporary folder (-Dmaven.repo.local), as `mvn install` or a
#     download from a repository would put them;
#  3. builds a fresh Maven project there that depends on io.licensespring:licensespring-native and
#     runs its JUnit test (`mvn test`): activate, deactivate, the same through a license store,
#     then it reports where the classes came from (the installed jar) and the library file mapped
#     into the JVM (/proc/self/maps), which must be JNA's extracted copy of the jar's library, byte
#     for byte the packaged file, with no LICENSESPRING_LIB set.
# Maven reads dependencies and plugins from ~/.m2 where it has them (as a file:// repository) and
# from Maven Central otherwise; nothing from the checkout is used at run time. Quiet on success.
# Run bindings/java/package.sh first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
name="licensespring-native-$version"
jar="$DIST/java/$name.jar"
[ -f "$jar" ] || { echo "test-package.sh: $jar not found: run bindings/java/package.sh first" >&2; exit 1; }

if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then
  echo "installing a JDK, Maven and unzip"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq openjdk-17-jdk-headless maven unzip >/dev/null
fi

# shellcheck source=../../scripts/env.sh
source "$root/scripts/env.sh"
[ -x "$LS_EMULATOR" ] || (cd "$root" && cargo build --quiet -p ls-emulator)
unset LICENSESPRING_LIB LD_LIBRARY_PATH CLASSPATH JAVA_TOOL_OPTIONS

tmp="$(mktemp -d /tmp/ls-java-package.XXXXXX)"
cleanup() { stop_emulator; rm -rf "$tmp"; }
trap cleanup EXIT
case "$tmp" in "$root"/*) echo "test-package.sh: $tmp is inside the repository" >&2; exit 1 ;; esac
fail() { echo "test-package.sh: $*" >&2; exit 1; }

# 1. The artifact.
for f in "$name.pom" "$name-sources.jar" "$name-javadoc.jar"; do
  [ -f "$DIST/java/$f" ] || fail "$DIST/java/$f is missing"
done
unzip -q "$jar" -d "$tmp/jar"
for pair in linux-x64:linux-x86-64:liblicensespring.so linux-arm64:linux-aarch64:liblicensespring.so \
  win-x64:win32-x86-64:licensespring.dll; do
  IFS=: read -r rid prefix file <<<"$pair"
  [ -f "$tmp/jar/$prefix/$file" ] || fail "the jar has no $prefix/$file"
  cmp -s "$tmp/jar/$prefix/$file" "$DIST/native/$rid/$file" || fail "the jar's $prefix/$file is not $DIST/native/$rid/$file"
done
cmp -s "$tmp/jar/META-INF/LICENSE" "$root/LICENSE" || fail "the jar has no META-INF/LICENSE"
grep -q "<version>$version</version>" "$DIST/java/$name.pom" || fail "the POM does not say version $version"
for l in MIT Apache-2.0; do
  grep -q "<name>$l</name>" "$DIST/java/$name.pom" || fail "the POM does not name the license $l"
done
case "$(uname -m)" in
  x86_64) prefix=linux-x86-64 ;;
  aarch64) prefix=linux-aarch64 ;;
  *) fail "no packaged library for $(uname -m)" ;;
esac

# 2. A fresh local repository; ~/.m2 is read as a file:// repository before Maven Central.
repo="$tmp/repository"
cat >"$tmp/settings.xml" <<EOF
<settings>
  <profiles>
    <profile>
      <id>user-cache</id>
      <repositories>
        <repository><id>user-cache</id><url>file://$HOME/.m2/repository</url></repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository><id>user-cache</id><url>file://$HOME/.m2/repository</url></pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>user-cache</activeProfile></activeProfiles>
</settings>
EOF
mvn_tmp() { # mvn_tmp DIR ARGS...: mvn in DIR with the fresh repository, its output only on failure
  local dir="$1" log="$tmp/mvn.log"
  shift
  (cd "$dir" && mvn -B -q -s "$tmp/settings.xml" -Dmaven.repo.local="$repo" "$@") >"$log" 2>&1 ||
    { sed 's/\x1b\[[0-9;]*m//g' "$log" >&2; fail "mvn $* failed in $dir"; }
}
install_plugin=org.apache.maven.plugins:maven-install-plugin:3.1.2
# Once into ~/.m2 (where the later runs find it): the plugin that installs.
[ -d "$HOME/.m2/repository/org/apache/maven/plugins/maven-install-plugin/3.1.2" ] ||
  (cd "$tmp" && mvn -B -q "$install_plugin:help" >/dev/null 2>&1) || true
mvn_tmp "$tmp" "$install_plugin:install-file" -Dfile="$jar" -DpomFile="$DIST/java/$name.pom" \
  -Dsources="$DIST/java/$name-sources.jar" -Djavadoc="$DIST/java/$name-javadoc.jar"
installed="$repo/io/licensespring/licensespring-native/$version/$name.jar"
cmp -s "$installed" "$jar" || fail "install-file did not install the jar as $installed"

# 3. The user's project: a POM that depends on the artifact, a test that uses it.
app="$tmp/app"
mkdir -p "$app/src/test/java/example"
cp "$LS_EMULATOR_PUBLIC_KEY" "$tmp/emulator-public-key.pem"
cat >"$app/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>uses-licensespring</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>io.licensespring</groupId>
      <artifactId>licensespring-native</artifactId>
      <version>$version</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>6.1.3</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-resources-plugin</artifactId><version>2.6</version></plugin>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.4</version>
        <configuration>
          <systemPropertyVariables><jna.tmpdir>$tmp/jna</jna.tmpdir></systemPropertyVariables>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
EOF
cat >"$app/src/test/java/example/InstallTest.java" <<'JAVA'
package example;

import com.sun.jna.Platform;
import io.licensespring.nativeclient.Client;
import io.licensespring.nativeclient.Config;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.StoredLicense;
import io.licensespring.nativeclient.Request;
import io.licensespring.nativeclient.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallTest {
  @Test
  void activatesAndDeactivates(@TempDir Path folder) throws Exception {
    List<String> out = new ArrayList<>();
    String pem = Files.readString(Path.of(System.getenv("LS_PUBLIC_KEY")));
    try (Client client = Config.builder("demo-api-key", "demo-shared-key")
            .baseUrl(System.getenv("LS_URL")).publicKeyPem(pem).buildClient();
        Request request = Request.builder().product("demo")
            .hardwareId("java-package-" + UUID.randomUUID()).licenseKey("DEMO-UNLIMITED").build()) {
      try (License license = client.activate(request)) {
        out.add("activated " + license.key().orElseThrow());
      }
      client.deactivate(request);
      try (Store store = Store.open(folder, "demo"); StoredLicense stored = store.activate(client, request)) {
        store.checkLocal(client, request).close();
        store.deactivate(client, request);
        out.add("store " + stored.state().online() + " " + Files.exists(store.path()));
      }
      try {
        client.check(request).close();
      } catch (LicenseException e) {
        out.add("deactivated " + e.statusName());
      }
    }
    out.add("version " + Client.libraryVersion());
    out.add("jar " + Path.of(Client.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    String resource = Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("licensespring");
    byte[] packaged = Client.class.getClassLoader().getResourceAsStream(resource).readAllBytes();
    for (String path : Files.readAllLines(Path.of("/proc/self/maps")).stream()
        .map(line -> line.split("\\s+", 6)).filter(f -> f.length == 6 && f[5].startsWith("/"))
        .map(f -> f[5]).distinct().toList()) {
      Path file = Path.of(path);
      boolean same = Files.isRegularFile(file) && Files.size(file) == packaged.length
          && Arrays.equals(Files.readAllBytes(file), packaged);
      if (same || path.contains("licensespring")) {
        out.add("mapped " + path + (same ? " = " : " != ") + resource);
      }
    }
    Files.write(Path.of(System.getenv("LS_OUT")), out);
  }
}
JAVA

start_emulator
LS_URL="$EMULATOR_URL" LS_PUBLIC_KEY="$tmp/emulator-public-key.pem" LS_OUT="$tmp/out.txt" mvn_tmp "$app" test
[ -f "$tmp/out.txt" ] || fail "the project's test ran no activation"
output="$(cat "$tmp/out.txt")"
mapped="$(sed -n 's/^mapped \(.*\) = .*/\1/p' "$tmp/out.txt")"
expected="activated DEMO-UNLIMITED
store true false
deactivated LS_ERR_DEVICE_NOT_FOUND
version $version
jar $installed
mapped $mapped = $prefix/liblicensespring.so"
if [ "$output" != "$expected" ]; then
  echo "test-package.sh: unexpected output from the project's test:" >&2
  diff <(echo "$expected") <(echo "$output") >&2 || true
  exit 1
fi
# (The jar installed is the packaged one, whose library is $DIST/native's: checked above.)
case "$mapped" in "$tmp/jna/"*) ;; *) fail "the library mapped is $mapped, not JNA's copy from the jar" ;; esac
