#!/usr/bin/env bash
# Builds the NuGet package of the C# binding without a .NET SDK:
#   $DIST/csharp/LicenseSpring.Native.<version>.nupkg
# The assembly is compiled by Mono's mcs from src/ (the API netstandard2.0 has: it runs on .NET
# Framework 4.6.1+, .NET Core / .NET 5+ and Mono); the package's metadata and files are read from
# LicenseSpring.csproj, so `dotnet pack` with the SDK describes the same package. Layout:
#   LicenseSpring.Native.nuspec, README.md, LICENSE
#   lib/netstandard2.0/LicenseSpring.Native.dll
#   runtimes/linux-x64/native/liblicensespring.so     from $DIST/native/linux-x64/
#   runtimes/linux-arm64/native/liblicensespring.so   from $DIST/native/linux-arm64/
#   runtimes/win-x64/native/licensespring.dll         from $DIST/native/win-x64/
# The wrapper picks runtimes/<rid>/native/ at load time (see README.md, "Finding the native
# library"). The native libraries are built once by `bash scripts/package.sh native`; each is
# required. Version: Cargo.toml's, which the .csproj must state too.
#   DIST=/path/to/dist bindings/csharp/package.sh      (default DIST: <repo>/dist)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"
out="$DIST/csharp"

if ! command -v mcs >/dev/null 2>&1; then
    echo "installing mono-mcs"
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q mono-mcs >/dev/null 2>&1; then
        $sudo apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q mono-mcs >/dev/null
    fi
fi

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
[ -d "$DIST/native" ] || { echo "package.sh: no $DIST/native: run 'bash scripts/package.sh native' first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/AssemblyInfo.cs" <<EOF
[assembly: System.Reflection.AssemblyTitle("LicenseSpring.Native")]
[assembly: System.Reflection.AssemblyProduct("LicenseSpring.Native")]
[assembly: System.Reflection.AssemblyVersion("$version.0")]
[assembly: System.Reflection.AssemblyFileVersion("$version.0")]
[assembly: System.Reflection.AssemblyInformationalVersion("$version")]
EOF
mcs -nologo -warnaserror -optimize+ -target:library -out:"$work/LicenseSpring.Native.dll" \
    "$work/AssemblyInfo.cs" $(find "$here/src" -name '*.cs' | sort)

rm -rf "$out"
mkdir -p "$out"
python3 - "$here/LicenseSpring.csproj" "$root" "$DIST" "$version" "$work/LicenseSpring.Native.dll" "$out" <<'PYTHON'
import sys, zipfile
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

csproj, root, dist, version, assembly, out = sys.argv[1:]
here = Path(csproj).parent
project = ET.parse(csproj).getroot()
prop = lambda name: project.findtext(f"PropertyGroup/{name}")
if prop("Version") != version:
    sys.exit(f"package.sh: LicenseSpring.csproj says Version {prop('Version')}, Cargo.toml {version}")
if prop("TargetFrameworks") or prop("TargetFramework") != "netstandard2.0":
    sys.exit("package.sh: LicenseSpring.csproj must target netstandard2.0 alone, as this package does")
package_id = prop("PackageId")

# The packed files, as the .csproj lists them (None items with Pack="true").
files = {f"lib/netstandard2.0/{prop('AssemblyName')}.dll": Path(assembly)}
for item in project.iter("None"):
    if item.get("Pack") != "true":
        continue
    source = item.get("Include").replace("$(LicenseSpringNativeDir)", f"{dist}/native/").replace("$(MSBuildThisFileDirectory)", f"{here}/")
    source = (here / source).resolve()
    if not source.exists():
        sys.exit(f"package.sh: {source} not found (for {item.get('PackagePath')}): run 'bash scripts/package.sh native' first")
    files[item.get("PackagePath")] = source

license = prop("PackageLicenseExpression")
nuspec = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>{escape(package_id)}</id>
    <version>{escape(version)}</version>
    <authors>{escape(prop("Authors"))}</authors>
    <license type="expression">{escape(license)}</license>
    <licenseUrl>https://licenses.nuget.org/{escape(license.replace(" ", "%20"))}</licenseUrl>
    <readme>{escape(prop("PackageReadmeFile"))}</readme>
    <description>{escape(prop("Description"))}</description>
    <tags>{escape(prop("PackageTags").replace(";", " "))}</tags>
    <dependencies>
      <group targetFramework=".NETStandard2.0" />
    </dependencies>
  </metadata>
</package>
"""
content_types = """<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />
  <Default Extension="nuspec" ContentType="application/octet" />
  <Default Extension="dll" ContentType="application/octet" />
  <Default Extension="so" ContentType="application/octet" />
  <Default Extension="md" ContentType="application/octet" />
  <Default Extension="xml" ContentType="application/octet" />
  <Override PartName="/LICENSE" ContentType="application/octet" />
</Types>
"""
rels = f"""<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/{package_id}.nuspec" Id="R0" />
</Relationships>
"""
with zipfile.ZipFile(f"{out}/{package_id}.{version}.nupkg", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("_rels/.rels", rels)
    z.writestr(f"{package_id}.nuspec", nuspec)
    for path, source in sorted(files.items()):
        z.write(source, path)
    z.writestr("[Content_Types].xml", content_types)
PYTHON
