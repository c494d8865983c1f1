using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class LibraryTests
    {
        [Test]
        public static void LoadsFromLicensespringLibWhenNothingIsBesideTheAssembly()
        {
            string fromEnvironment = Session.Require("LICENSESPRING_LIB");
            Assert.True(!File.Exists(Path.Combine(Session.TestsDirectory, NativeLibraryLoader.FileName)),
                "the build directory has no library beside the assembly");
            Assert.Equal(Path.GetFullPath(fromEnvironment), Library.Location, "Library.Location");
        }

        [Test]
        public static void AbiAndVersion()
        {
            Assert.Equal(Library.ExpectedAbiVersion, Library.AbiVersion, "ABI version");
            Assert.True(Regex.IsMatch(Library.Version, @"^\d+\.\d+\.\d+"), "a semantic version, got " + Library.Version);
            string mismatch = NativeLibraryLoader.CheckAbi(3, 2);
            Assert.True(mismatch.Contains("3") && mismatch.Contains("2") && mismatch.Contains("ABI"), "a mismatch names both versions: " + mismatch);
            Assert.Equal(null, NativeLibraryLoader.CheckAbi(2, 2), "no message when equal");
        }

        // Runs the test program from a temporary directory with the assembly in assemblyFolder and
        // the library in libraryFolder (null: none), LICENSESPRING_LIB naming a missing file.
        private static (int, string) Probe(string assemblyFolder, string libraryFolder)
        {
            string directory = Path.Combine(Path.GetTempPath(), "ls-cs-probe-" + Guid.NewGuid().ToString("N"));
            string assemblies = Path.Combine(directory, assemblyFolder);
            Directory.CreateDirectory(assemblies);
            try
            {
                foreach (string file in new[] { "LicenseSpring.Native.dll", "LicenseSpring.Tests.exe" })
                {
                    File.Copy(Path.Combine(Session.TestsDirectory, file), Path.Combine(assemblies, file));
                }
                if (libraryFolder != null)
                {
                    Directory.CreateDirectory(Path.Combine(directory, libraryFolder));
                    File.Copy(Session.Require("LICENSESPRING_LIB"), Path.Combine(directory, libraryFolder, NativeLibraryLoader.FileName));
                }
                bool mono = Type.GetType("Mono.Runtime") != null;
                string exe = Path.Combine(assemblies, "LicenseSpring.Tests.exe");
                var start = new ProcessStartInfo(mono ? Process.GetCurrentProcess().MainModule.FileName : exe,
                    (mono ? "\"" + exe + "\" " : "") + "--probe-load")
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    WorkingDirectory = directory,
                };
                start.EnvironmentVariables["LICENSESPRING_LIB"] = "/nonexistent/dir/liblicensespring.so";
                start.EnvironmentVariables.Remove("LD_LIBRARY_PATH");
                using (Process child = Process.Start(start))
                {
                    string output = child.StandardOutput.ReadToEnd();
                    child.WaitForExit();
                    return (child.ExitCode, output.Trim().Replace(directory + "/", "<probe>/"));
                }
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        private static string Native => "runtimes/" + NativeLibraryLoader.RuntimeIdentifier + "/native";

        [Test]
        public static void RuntimeIdentifierNamesThisPlatform()
        {
            var uname = new ProcessStartInfo("uname", "-sm") { UseShellExecute = false, RedirectStandardOutput = true };
            string machine;
            using (Process child = Process.Start(uname))
                machine = child.StandardOutput.ReadToEnd().Trim();
            string expected = machine.Replace("Linux ", "linux-").Replace("Darwin ", "osx-").Replace("x86_64", "x64").Replace("aarch64", "arm64");
            Assert.Equal(expected, NativeLibraryLoader.RuntimeIdentifier, "RuntimeIdentifier (uname -sm: " + machine + ")");
        }

        [Test]
        public static void LibraryBesideTheAssemblyComesFirst()
        {
            var (code, output) = Probe("", "");
            Assert.Equal(0, code, "exit status (output: " + output + ")");
            Assert.True(output.StartsWith("loaded from <probe>/" + NativeLibraryLoader.FileName + " version "), "loaded from beside the assembly: " + output);
        }

        [Test]
        public static void LibraryInTheRuntimesFolderBesideTheAssembly()
        {
            var (code, output) = Probe("", Native);
            Assert.Equal(0, code, "exit status (output: " + output + ")");
            Assert.True(output.StartsWith("loaded from <probe>/" + Native + "/" + NativeLibraryLoader.FileName + " version "), "loaded from runtimes/<rid>/native: " + output);
        }

        [Test]
        public static void LibraryInARestoredNuGetPackage()
        {
            var (code, output) = Probe("lib/netstandard2.0", Native);
            Assert.Equal(0, code, "exit status (output: " + output + ")");
            Assert.True(output.StartsWith("loaded from <probe>/" + Native + "/" + NativeLibraryLoader.FileName + " version "), "loaded from the package's runtimes/<rid>/native: " + output);
        }

        [Test]
        public static void MissingLibraryErrorNamesEveryPlace()
        {
            var (code, output) = Probe("lib/netstandard2.0", null);
            Assert.Equal(3, code, "exit status (output: " + output + ")");
            foreach (string place in new[] { "lib/netstandard2.0/", "lib/netstandard2.0/" + Native + "/", Native + "/" })
                Assert.True(output.Contains("<probe>/" + place + NativeLibraryLoader.FileName + ": not found"), "names " + place + ": " + output);
            Assert.True(output.Contains("LICENSESPRING_LIB=/nonexistent/dir/liblicensespring.so"), "names LICENSESPRING_LIB: " + output);
            Assert.True(output.Contains("system library search path"), "names the system search path: " + output);
        }

        [Test]
        public static void StatusNamesDescriptionsAndCategoriesComeFromTheLibrary()
        {
            Assert.Equal("LS_ERR_LICENSE_EXPIRED", Library.StatusName(Status.LicenseExpired), "name");
            Assert.Equal(Category.License, Library.StatusCategory(Status.LicenseExpired), "category");
            Assert.Equal(Category.Network, Library.StatusCategory(Status.Timeout), "category");
            Assert.Equal(Category.Cancelled, Library.StatusCategory(Status.Cancelled), "category");
            Assert.Equal(Category.None, Library.StatusCategory(Status.Ok), "category");
            foreach (Status status in Enum.GetValues(typeof(Status)).Cast<Status>())
            {
                Assert.True(Library.StatusName(status).StartsWith("LS_"), "a name for " + status);
                Assert.True(Library.StatusName(status) != "LS_UNKNOWN_STATUS", "a known name for " + status);
                Assert.True(Library.StatusDescription(status) != "unknown status", "a description for " + status);
            }
            Assert.Equal("LS_UNKNOWN_STATUS", Library.StatusName((Status)12345), "unknown status");
            Assert.Equal("unknown status", Library.StatusDescription((Status)12345), "unknown status");
            Assert.Equal(Category.Internal, Library.StatusCategory((Status)12345), "unknown status");
            Assert.Equal("license_key", Tables.Params.Single(p => p.Param == Param.LicenseKey).WireName, "param wire name");
            Assert.Equal("mac_address", Tables.Params.Single(p => p.Param == Param.MacAddress).WireName, "param wire name");
        }

        [Test]
        public static void HardwareIdIsStableForEveryAlgorithm()
        {
            string id = Library.HardwareId();
            Assert.True(Regex.IsMatch(id, "^[0-9a-f]{64}$"), "64 lower-case hex digits, got " + id);
            Assert.Equal(id, Library.HardwareId(), "the same ID twice");
            foreach (HardwareIdAlgorithm algorithm in Tables.HardwareIdAlgorithms)
            {
                string other = Library.HardwareId(algorithm);
                Assert.True(Regex.IsMatch(other, "^[0-9a-f]{64}$"), algorithm + ": 64 lower-case hex digits, got " + other);
                Assert.Equal(other, Library.HardwareId(algorithm), algorithm + ": the same ID twice");
            }
            var e = Assert.Throws<InvalidArgumentException>(() => Library.HardwareId((HardwareIdAlgorithm)5), "algorithm 5 (cloud) is refused");
            Assert.Equal(Status.InvalidArgument, e.Status, "status");
        }

        // Each README example with what it prints (run twice: the examples leave nothing behind).
        private static readonly Tuple<string, Action, string>[] Examples =
        {
            Tuple.Create("QuickStart", (Action)QuickStart.Run, @"^license 1002 \(time-limited\) valid until 2099-12-31\S*\n$"),
            Tuple.Create("AsyncQuickStart", (Action)(() => AsyncQuickStart.RunAsync().GetAwaiter().GetResult()),
                @"^license 1016 features: credits, render, basic, tokens\ncancelled: True\nrefused: LS_ERR_DEVICE_NOT_FOUND device_not_found \(HTTP 4\d\d\)\n$"),
            Tuple.Create("TrialExample", (Action)TrialExample.Run, @"^trial [A-Z0-9]{4}(-[A-Z0-9]{4}){3} \(time-limited\) valid until \d{4}-\d\d-\d\dT\S+\n$"),
            Tuple.Create("ConsumptionExample", (Action)ConsumptionExample.Run, @"^used \d+ of 10 \(\+2 overages\)\n$"),
            Tuple.Create("FloatingExample", (Action)FloatingExample.Run, @"^seats in use: 1 of 2\nborrowed until \d{4}-\d\d-\d\dT\S+\n$"),
            Tuple.Create("OAuthExample", (Action)OAuthExample.Run, @"^Demo App \(demo\): license-key\n$"),
            Tuple.Create("UpdateCheckExample", (Action)UpdateCheckExample.Run,
                @"^versions: 1\.0\.0, 1\.1\.0, 2\.0\.0\nupdate 1\.1\.0 -> 2\.0\.0: https://downloads\.example\.com/\S+ \(SHA-256 [0-9a-f]{64}\)\n$"),
            Tuple.Create("StoreExample", (Action)RunStoreExample,
                @"^DEMO-UNLIMITED: online True, checked at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\nDEMO-UNLIMITED: online False, in grace until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n$"),
            Tuple.Create("AirGappedExample", (Action)RunAirGappedExample, @"^DEMO-OFFLINE: offline activated True\n$"),
        };

        private static void RunStoreExample()
        {
            using (var folder = new StoreTests.TempFolder())
            {
                Environment.SetEnvironmentVariable("LS_STORE_FOLDER", folder.Path);
                StoreExample.Run();
            }
        }

        // The portal's part is played by the emulator's activate_offline and deactivate_offline.
        private static void RunAirGappedExample()
        {
            using (var temp = new StoreTests.TempFolder())
            {
                string folder = temp.Path;
                AirGappedExample.WriteRequest(folder);
                var (http, lic) = StoreTests.PostOffline("activate_offline", File.ReadAllText(Path.Combine(folder, "activate_offline.req")));
                Assert.Equal(200, http, "activate_offline: " + lic);
                File.WriteAllText(Path.Combine(folder, "license.lic"), lic);
                AirGappedExample.LoadLicense(folder);
                var (status, body) = StoreTests.PostOffline("deactivate_offline", File.ReadAllText(Path.Combine(folder, "deactivate_offline.req")));
                Assert.Equal("200 license_deactivated", status + " " + body.Trim(), "deactivate_offline");
            }
        }

        [Test]
        public static void ReadmeExamplesAreCompiledAsWrittenAndRun()
        {
            string root = Path.GetFullPath(Path.Combine(Session.TestsDirectory, ".."));
            string readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n");
            var blocks = Regex.Matches(readme, "```csharp\n(.*?)```", RegexOptions.Singleline).Cast<Match>().Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(Examples.Length, blocks.Count, "README.md has one C# block per example");
            Environment.SetEnvironmentVariable("LS_BASE_URL", Session.Emulator.BaseUrl);
            foreach (var example in Examples)
            {
                string compiled = File.ReadAllText(Path.Combine(Session.TestsDirectory, "examples", example.Item1 + ".cs")).Replace("\r\n", "\n");
                Assert.True(blocks.Contains(compiled), "the compiled examples/" + example.Item1 + ".cs is a README.md block verbatim");
                for (int run = 1; run <= 2; run++)
                {
                    string output = RunExample(example.Item2);
                    Assert.True(Regex.IsMatch(output, example.Item3), example.Item1 + "'s output (run " + run + "), got: " + output);
                }
            }
        }

        private static string RunExample(Action run)
        {
            TextWriter saved = Console.Out;
            var captured = new StringWriter { NewLine = "\n" };
            Console.SetOut(captured);
            try
            {
                run();
            }
            finally
            {
                Console.SetOut(saved);
            }
            return captured.ToString();
        }

        [Test]
        public static void ProjectFileTargetsNetStandardAndPacksEveryNativeLibrary()
        {
            var project = new XmlDocument();
            project.Load(Path.Combine(Session.TestsDirectory, "..", "LicenseSpring.csproj"));
            Assert.Equal("Microsoft.NET.Sdk", project.DocumentElement.GetAttribute("Sdk"), "SDK-style project");
            Assert.Equal("netstandard2.0", project.SelectSingleNode("//TargetFramework")?.InnerText, "TargetFramework");
            Assert.Equal("MIT OR Apache-2.0", project.SelectSingleNode("//PackageLicenseExpression")?.InnerText, "PackageLicenseExpression");
            string cargo = File.ReadAllText(Path.Combine(Session.TestsDirectory, "..", "..", "..", "Cargo.toml"));
            string version = Regex.Match(cargo, "(?m)^version = \"([^\"]+)\"").Groups[1].Value;
            Assert.Equal(version, project.SelectSingleNode("//Version")?.InnerText, "Version (Cargo.toml's)");
            var packagePaths = project.SelectNodes("//None[@PackagePath]").Cast<XmlElement>().Select(e => e.GetAttribute("PackagePath")).ToList();
            foreach (string expected in new[] { "runtimes/linux-x64/native/liblicensespring.so", "runtimes/linux-arm64/native/liblicensespring.so", "runtimes/win-x64/native/licensespring.dll", "LICENSE", "README.md" })
            {
                Assert.True(packagePaths.Contains(expected), "packs " + expected);
            }
            Assert.Equal("src/**/*.cs", project.SelectSingleNode("//Compile/@Include")?.Value, "compiles the wrapper sources only");
        }
    }
}
