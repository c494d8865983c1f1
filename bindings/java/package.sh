#!/usr/bin/env bash
# Builds the Maven artifact of the Java binding from the native libraries in $DIST/native:
#   $DIST/java/licensespring-native-<version>.jar           classes, native libraries, LICENSE
#   $DIST/java/licensespring-native-<version>.pom           its POM (dependency: JNA)
#   $DIST/java/licensespring-native-<version>-sources.jar
#   $DIST/java/licensespring-native-<version>-javadoc.jar
# Inside the jar, each library sits at JNA's resource prefix for its platform, where the wrapper
# looks first (com.sun.jna.Platform.RESOURCE_PREFIX, see README.md "Finding the native library"):
#   linux-x86-64/liblicensespring.so    from $DIST/native/linux-x64/
#   linux-aarch64/liblicensespring.so   from $DIST/native/linux-arm64/
#   win32-x86-64/licensespring.dll      from $DIST/native/win-x64/
#   META-INF/LICENSE                    MIT OR Apache-2.0
# The native libraries are built once by `bash scripts/package.sh native`; one that is missing is
# left out with a warning. Version: Cargo.toml's, which pom.xml must state too. Maven resolves its
# plugins through ~/.m2 (Maven Central when missing).
#   DIST=/path/to/dist bindings/java/package.sh      (default DIST: <repo>/dist)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"
out="$DIST/java"

if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  echo "installing a JDK and Maven"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
pom_version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$here/pom.xml")"
[ "$pom_version" = "$version" ] ||
  { echo "package.sh: pom.xml says version $pom_version, Cargo.toml $version" >&2; exit 1; }
[ -d "$DIST/native" ] || { echo "package.sh: no $DIST/native: run 'bash scripts/package.sh native' first" >&2; exit 1; }

# The jar's resources: each platform's library under JNA's prefix, and the license text.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
found=0
for pair in linux-x64:linux-x86-64:liblicensespring.so linux-arm64:linux-aarch64:liblicensespring.so \
  win-x64:win32-x86-64:licensespring.dll; do
  IFS=: read -r rid prefix file <<<"$pair"
  if [ -f "$DIST/native/$rid/$file" ]; then
    mkdir -p "$stage/$prefix"
    cp "$DIST/native/$rid/$file" "$stage/$prefix/"
    found=$((found + 1))
  else
    echo "package.sh: warning: $DIST/native/$rid/$file not found; $prefix/$file is not in the jar" >&2
  fi
done
[ "$found" -gt 0 ] || { echo "package.sh: no native library under $DIST/native" >&2; exit 1; }
mkdir -p "$stage/META-INF"
cp "$root/LICENSE" "$stage/META-INF/LICENSE"

cd "$here"
rm -rf target/classes target/licensespring-native-*.jar
log="$(mktemp)"
if ! mvn -B -q -Prelease -DskipTests -Dlicensespring.native="$stage" package >"$log" 2>&1; then
  sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
  rm -f "$log"
  echo "package.sh: mvn package failed" >&2
  exit 1
fi
rm -f "$log"

rm -rf "$out"
mkdir -p "$out"
name="licensespring-native-$version"
cp "target/$name.jar" "target/$name-sources.jar" "target/$name-javadoc.jar" "$out/"
cp pom.xml "$out/$name.pom"
# The build's classes hold the release libraries now; the tests use the checkout's (test.sh).
rm -rf target/classes
