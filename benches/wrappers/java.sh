#!/usr/bin/env bash
# Java driver: the wrapper's sources and the driver compiled with javac (JNA from the local
# Maven repository, fetched with mvn if missing), run over LICENSESPRING_LIB.
#   java.sh build DIR   compiles into DIR;   java.sh run DIR   runs it (it serves paired.py)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ver="$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$root/bindings/java/pom.xml")"
jna="$HOME/.m2/repository/net/java/dev/jna/jna/$ver/jna-$ver.jar"
out="$2/java"
case "$1" in
build)
    command -v javac >/dev/null || { echo "no JDK" >&2; exit 1; }
    [[ -f "$jna" ]] || mvn -q dependency:get -Dartifact="net.java.dev.jna:jna:$ver" >/dev/null
    mkdir -p "$out"
    javac -nowarn -d "$out" -cp "$jna" $(find "$root/bindings/java/src/main/java" -name '*.java') "$here/java/Bench.java" ;;
run) exec java -cp "$out:$jna" Bench ;;
esac
