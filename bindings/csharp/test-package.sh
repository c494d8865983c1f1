#!/usr/bin/env bash
# Installs $DIST/csharp/LicenseSpring.Native.<version>.nupkg the way its users get it, outside the
# repository, and activates and deactivates a license against ls-emulator with it:
#  1. checks the package: its .nuspec (id, version, license), its files against what
#     LicenseSpring.csproj packs, and each native library's format (ELF x86-64 / AArch64, PE x64);
#  2. lays it out in a fresh temporary folder as a restore does (packages/<id>/<version>/, the
#     .nupkg, its .sha512 and the extracted files), compiles a small program with mcs against the
#     packaged assembly only, and runs it with mono twice: with the assembly used in place from the
#     package folder (the library found in ../../runtimes/<rid>/native/), and from an output folder
#     laid out as `dotnet build` does (the assembly and runtimes/<rid>/native/ beside the program);
#  3. each run activates and deactivates (directly and through the license store), and reports
#     Library.Location and the library file mapped into the process (/proc/self/maps): both must be
#     the package's copy, byte for byte the packaged file, with no LICENSESPRING_LIB set.
# Quiet on success; on failure says what differed. Run bindings/csharp/package.sh first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
nupkg="$DIST/csharp/LicenseSpring.Native.$version.nupkg"
[ -f "$nupkg" ] || { echo "test-package.sh: $nupkg not found: run bindings/csharp/package.sh first" >&2; exit 1; }

if ! command -v mcs >/dev/null 2>&1 || ! command -v mono >/dev/null 2>&1; then
    echo "installing mono-mcs mono-runtime"
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q mono-mcs mono-runtime >/dev/null 2>&1; then
        $sudo apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q mono-mcs mono-runtime >/dev/null
    fi
fi

# shellcheck source=../../scripts/env.sh
source "$root/scripts/env.sh"
[ -x "$LS_EMULATOR" ] || (cd "$root" && cargo build --quiet -p ls-emulator)
unset LICENSESPRING_LIB LD_LIBRARY_PATH MONO_PATH

tmp="$(mktemp -d /tmp/ls-csharp-package.XXXXXX)"
cleanup() { stop_emulator; rm -rf "$tmp"; }
trap cleanup EXIT
case "$tmp" in "$root"/*) echo "test-package.sh: $tmp is inside the repository" >&2; exit 1 ;; esac

# 1 and 2: check the package and lay it out as a restore does.
packages="$tmp/packages"
package="$packages/licensespring.native/$version"
python3 - "$nupkg" "$here/LicenseSpring.csproj" "$version" "$package" <<'PYTHON'
import base64, hashlib, json, shutil, struct, sys, zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

nupkg, csproj, version, package = sys.argv[1:]
problems = []
z = zipfile.ZipFile(nupkg)
names = set(z.namelist())
ns = {"n": "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"}
nuspec = ET.fromstring(z.read("LicenseSpring.Native.nuspec"))
meta = lambda tag: nuspec.findtext(f"n:metadata/n:{tag}", namespaces=ns)
for tag, expected in [("id", "LicenseSpring.Native"), ("version", version), ("license", "MIT OR Apache-2.0"), ("readme", "README.md")]:
    if meta(tag) != expected:
        problems.append(f"nuspec {tag}: {meta(tag)!r}, expected {expected!r}")
if nuspec.find("n:metadata/n:license", ns).get("type") != "expression":
    problems.append("nuspec license is not an expression")
# Every file the .csproj packs, and the assembly.
project = ET.parse(csproj).getroot()
wanted = {i.get("PackagePath") for i in project.iter("None") if i.get("Pack") == "true"} | {"lib/netstandard2.0/LicenseSpring.Native.dll"}
if project.findtext("PropertyGroup/Version") != version:
    problems.append(f"LicenseSpring.csproj Version {project.findtext('PropertyGroup/Version')}, Cargo.toml {version}")
problems += [f"missing from the package: {name}" for name in sorted(wanted - names)]
problems += [f"in the package but not in LicenseSpring.csproj: {name}" for name in sorted(names - wanted)
             if name not in ("LicenseSpring.Native.nuspec", "[Content_Types].xml", "_rels/.rels")]
# Each native library is built for its runtime identifier.
formats = {"linux-x64": ("ELF", 62), "linux-arm64": ("ELF", 183), "win-x64": ("PE", 0x8664)}
for rid, (kind, machine) in formats.items():
    found = [n for n in names if n.startswith(f"runtimes/{rid}/native/")]
    if not found:
        continue
    data = z.read(found[0])
    if kind == "ELF":
        ok = data[:4] == b"\x7fELF" and data[4] == 2 and struct.unpack_from("<H", data, 18)[0] == machine
    else:
        pe = struct.unpack_from("<I", data, 0x3C)[0] if data[:2] == b"MZ" else 0
        ok = pe and data[pe:pe + 4] == b"PE\0\0" and struct.unpack_from("<H", data, pe + 4)[0] == machine
    if not ok:
        problems.append(f"{found[0]} is not a {kind} library for {rid}")
if problems:
    sys.exit("test-package.sh: the package is wrong:\n  " + "\n  ".join(problems))
# The global packages folder's layout: lower-case id and version, the extracted files (not the
# OPC parts), the .nupkg, its SHA-512 and the lower-case .nuspec.
root = Path(package)
root.mkdir(parents=True)
for name in names - {"[Content_Types].xml", "_rels/.rels", "LicenseSpring.Native.nuspec"}:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(z.read(name))
(root / "licensespring.native.nuspec").write_bytes(z.read("LicenseSpring.Native.nuspec"))
shutil.copy(nupkg, root / f"licensespring.native.{version}.nupkg")
digest = base64.b64encode(hashlib.sha512(Path(nupkg).read_bytes()).digest()).decode()
(root / f"licensespring.native.{version}.nupkg.sha512").write_text(digest)
(root / ".nupkg.metadata").write_text(json.dumps({"version": 2, "contentHash": digest, "source": str(Path(nupkg).parent)}))
PYTHON

rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
packaged_lib="$package/runtimes/$rid/native/liblicensespring.so"
[ -f "$packaged_lib" ] || { echo "test-package.sh: the package has no runtimes/$rid/native/liblicensespring.so" >&2; exit 1; }

# The user's program, its own copy of the emulator's public key, nothing from the checkout.
app="$tmp/app"
mkdir -p "$app/obj"
cp "$LS_EMULATOR_PUBLIC_KEY" "$app/emulator-public-key.pem"
cat >"$app/Program.cs" <<'CSHARP'
using System;
using System.IO;
using System.Linq;
using LicenseSpring;
using LicenseSpring.Native;

public static class Program
{
    public static int Main(string[] args)
    {
        var options = new ClientOptions
        {
            ApiKey = "demo-api-key", SharedKey = "demo-shared-key", BaseUrl = args[0],
            PublicKeyPem = File.ReadAllText(args[1]), DisableProxy = true,
        };
        using (var client = new Client(options))
        using (var request = new Request { Product = "demo", HardwareId = "cs-package-" + Guid.NewGuid().ToString("N"), LicenseKey = "DEMO-UNLIMITED" })
        {
            using (License license = client.Activate(request))
                Console.WriteLine("activated " + license.Key);
            client.Deactivate(request);
            using (var store = new Store(args[2], "demo"))
            {
                var (activated, state) = store.Activate(client, request);
                activated.Dispose();
                store.CheckLocal(client, request).License.Dispose();
                store.Deactivate(client, request);
                Console.WriteLine("store " + state.Online + " " + File.Exists(store.Path));
            }
            try
            {
                client.Check(request).Dispose();
            }
            catch (LicenseException e)
            {
                Console.WriteLine("deactivated " + e.StatusName);
            }
        }
        Console.WriteLine("location " + Library.Location);
        Console.WriteLine("mapped " + File.ReadAllLines("/proc/self/maps").Select(l => l.Split(new[] { ' ' }, 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 6 && f[5].EndsWith("/" + NativeLibraryLoader.FileName)).Select(f => f[5]).Distinct().Single());
        return 0;
    }
}
CSHARP
mcs -nologo -warnaserror -target:exe -out:"$app/obj/App.exe" \
    -r:"$package/lib/netstandard2.0/LicenseSpring.Native.dll" -r:System.Core.dll "$app/Program.cs"

start_emulator

# run LABEL EXPECTED-LIBRARY COMMAND...: the program's output must be exactly this.
run() {
    local label="$1" library="$2"
    shift 2
    local output expected
    output="$(cd "$app" && "$@" "$EMULATOR_URL" "$app/emulator-public-key.pem" "$tmp/store-$label" 2>&1)" ||
        { echo "test-package.sh ($label): the program failed:" >&2; echo "$output" >&2; exit 1; }
    expected="activated DEMO-UNLIMITED
store True False
deactivated LS_ERR_DEVICE_NOT_FOUND
location $library
mapped $library"
    if [ "$output" != "$expected" ]; then
        echo "test-package.sh ($label): unexpected output:" >&2
        diff <(echo "$expected") <(echo "$output") >&2 || true
        exit 1
    fi
    cmp -s "$library" "$packaged_lib" || { echo "test-package.sh ($label): $library is not the packaged library" >&2; exit 1; }
}

# The assembly used in place from the package folder.
run in-place "$packaged_lib" env MONO_PATH="$package/lib/netstandard2.0" mono "$app/obj/App.exe"

# A build output as `dotnet build` lays it out.
bin="$app/bin"
mkdir -p "$bin/runtimes/$rid/native"
cp "$app/obj/App.exe" "$package/lib/netstandard2.0/LicenseSpring.Native.dll" "$bin/"
cp "$packaged_lib" "$bin/runtimes/$rid/native/"
run build-output "$bin/runtimes/$rid/native/liblicensespring.so" mono "$bin/App.exe"
