#!/usr/bin/env bash
# Compiles the Java wrapper's sources and the driver with javac (JNA from the local Maven
# repository, fetched with mvn if missing) and runs it. $1: a scratch directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v javac >/dev/null || { echo "RESULT wrapper lang=java skipped=\"no JDK\""; exit 0; }
ver="$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$root/bindings/java/pom.xml")"
jna="$HOME/.m2/repository/net/java/dev/jna/jna/$ver/jna-$ver.jar"
if [[ ! -f "$jna" ]]; then
    mvn -q dependency:get -Dartifact="net.java.dev.jna:jna:$ver" >/dev/null
fi
out="$1/java"
mkdir -p "$out"
javac -nowarn -d "$out" -cp "$jna" $(find "$root/bindings/java/src/main/java" -name '*.java') "$here/java/Bench.java"
java -cp "$out:$jna" Bench
