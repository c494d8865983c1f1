// The license store (Store, StoreState) against the emulator: activation through the store, local
// checks, grace when the server is gone and after its window, tampering, time and grace hours,
// local consumption, asynchronous calls and cancellation, and the air-gapped round trip (buffers
// and files) through the emulator's activate_offline / deactivate_offline. Each test has its own
// temporary folder.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class StoreTests
    {
        /// <summary>A new empty folder under the system's temporary folder, removed by Dispose.</summary>
        public sealed class TempFolder : IDisposable
        {
            public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cs-store-" + Guid.NewGuid().ToString("N"));

            public TempFolder() => Directory.CreateDirectory(Path);

            public string File(string name) => System.IO.Path.Combine(Path, name);

            public void Dispose()
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, true);
            }
        }

        /// <summary>A URL where nothing listens (a port just released), as for a server that is gone.</summary>
        public static string ClosedUrl()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return "http://127.0.0.1:" + port;
        }

        public static Client OfflineClient()
        {
            ClientOptions options = Session.Options();
            options.BaseUrl = ClosedUrl();
            return new Client(options);
        }

        private static Request Bare(string hardwareId) => new Request { Product = "demo", HardwareId = hardwareId };

        private static Request Keyed(string hardwareId, string key) => new Request { Product = "demo", HardwareId = hardwareId, LicenseKey = key };

        private static void Near(DateTimeOffset expected, DateTimeOffset? actual, string what) =>
            Assert.True(actual.HasValue && Math.Abs((actual.Value - expected).TotalSeconds) < 120, what + " near " + expected + ", got " + actual);

        /// <summary>
        /// Posts a request file to the emulator's activate_offline or deactivate_offline, signed as
        /// any License API request, and returns the HTTP status and the body (a .lic's JSON, or
        /// "license_deactivated").
        /// </summary>
        public static (int Status, string Body) PostOffline(string endpoint, string requestFile)
        {
            var url = new Uri(Session.Emulator.BaseUrl);
            string date = DateTime.UtcNow.ToString("r");
            string signature;
            using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("demo-shared-key")))
                signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes("licenseSpring\ndate: " + date)));
            byte[] body = Encoding.UTF8.GetBytes(requestFile);
            string head = "POST /api/v4/" + endpoint + " HTTP/1.1\r\nHost: " + url.Authority + "\r\nDate: " + date +
                "\r\nAuthorization: algorithm=\"hmac-sha256\",headers=\"date\",signature=\"" + signature + "\",apikey=\"demo-api-key\"" +
                "\r\nContent-Type: text/plain\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n";
            using (var tcp = new TcpClient(url.Host, url.Port))
            using (NetworkStream stream = tcp.GetStream())
            {
                byte[] headBytes = Encoding.ASCII.GetBytes(head);
                stream.Write(headBytes, 0, headBytes.Length);
                stream.Write(body, 0, body.Length);
                string answer = new StreamReader(stream, Encoding.UTF8).ReadToEnd();
                int split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                return (int.Parse(answer.Split(' ')[1]), answer.Substring(split + 4));
            }
        }

        [Test]
        public static void ActivateThenCheckLocallyAndInGraceWhenTheServerIsGone()
        {
            string device = Session.NewHardwareId("store");
            using (var folder = new TempFolder())
            using (var client = new Client(Session.Options()))
            using (var offline = OfflineClient())
            using (var store = new Store(folder.Path, "demo"))
            using (var keyed = Keyed(device, "DEMO-UNLIMITED"))
            using (var bare = Bare(device))
            {
                Assert.Equal(Path.Combine(folder.Path, "demo.lsstore"), store.Path, "Path");
                var none = Assert.Throws<LicenseException>(() => store.CheckLocal(offline, bare), "nothing stored yet");
                Assert.Equal(Status.NoStoredLicense, none.Status, "Status");

                var (license, state) = store.Activate(client, keyed);
                using (license)
                    Assert.Equal("DEMO-UNLIMITED", license.Key, "the activated license");
                Assert.True(state.Online && !state.InGrace && !state.OfflineActivated, "online, not in grace: " + state);
                Assert.Equal(Status.Ok, state.SaveStatus, "SaveStatus");
                Near(DateTimeOffset.UtcNow, state.LastCheck, "LastCheck");
                Assert.Equal(null, state.GraceEnd, "GraceEnd");
                Assert.True(File.Exists(store.Path), "the store file is written");

                // A second handle, as after a restart: no network, no identity in the request.
                using (var again = new Store(folder.Path, "demo"))
                {
                    (license, state) = again.CheckLocal(offline, bare);
                    using (license)
                        Assert.Equal("DEMO-UNLIMITED", license.Key, "the stored license, checked locally");
                    Assert.True(!state.Online && !state.InGrace && state.ValidUntil == null, "decided locally: " + state);
                    again.License(offline, bare).License.Dispose();

                    // The server is gone: the online check passes in grace, with its end reported.
                    (license, state) = again.Check(offline, bare);
                    license.Dispose();
                    Assert.True(!state.Online && state.InGrace, "in grace: " + state);
                    Near(DateTimeOffset.UtcNow, state.GraceStart, "GraceStart");
                    Near(DateTimeOffset.UtcNow.AddHours(24), state.GraceEnd, "GraceEnd (24 hours by default)");

                    // Past the window: the grace-expired error; a longer window lets it pass again.
                    again.SetTime(DateTimeOffset.UtcNow.AddHours(25));
                    var expired = Assert.Throws<NetworkException>(() => again.Check(offline, bare), "after the grace window");
                    Assert.Equal(Status.GracePeriodExpired, expired.Status, "Status");
                    Assert.True(expired.Message.Contains("grace"), "the message says why: " + expired.Message);
                    again.SetGraceHours(48);
                    (license, state) = again.Check(offline, bare);
                    license.Dispose();
                    Near(state.GraceStart.Value.AddHours(48), state.GraceEnd, "GraceEnd with 48 grace hours");

                    // The clock set back behind the last use is tampering.
                    again.SetTime(DateTimeOffset.UtcNow.AddDays(-1));
                    var clock = Assert.Throws<TamperingException>(() => again.CheckLocal(offline, bare), "the clock set back");
                    Assert.Equal(Status.ClockTampered, clock.Status, "Status");
                    again.SetTime(null);
                    (license, state) = again.Check(client, bare);
                    license.Dispose();
                    Assert.True(state.Online && !state.InGrace && state.GraceStart == null, "the server again closes the window: " + state);

                    using (var stranger = Bare(Session.NewHardwareId("stranger")))
                    {
                        var other = Assert.Throws<TamperingException>(() => again.CheckLocal(offline, stranger), "another device");
                        Assert.Equal(Status.HardwareIdMismatch, other.Status, "Status");
                    }
                    Assert.Throws<InvalidArgumentException>(() => again.SetTime(DateTimeOffset.MinValue), "a time before the epoch");
                    var hours = Assert.Throws<InvalidArgumentException>(() => again.SetGraceHours(100000), "more than a year of grace");
                    Assert.Equal(Status.InvalidArgument, hours.Status, "Status");
                }

                store.Deactivate(client, bare);
                Assert.Equal(Status.NoStoredLicense, Assert.Throws<LicenseException>(() => store.CheckLocal(offline, bare)).Status, "deactivation removes it");
                Assert.Equal(Status.DeviceNotFound, Assert.Throws<LicenseException>(() => client.Check(keyed)).Status, "and frees the device");
            }
        }

        [Test]
        public static void ATamperedStoreFileIsATamperingError()
        {
            string device = Session.NewHardwareId("tamper");
            using (var folder = new TempFolder())
            using (var client = new Client(Session.Options()))
            using (var offline = OfflineClient())
            using (var store = new Store(folder.Path, "demo"))
            using (var keyed = Keyed(device, "DEMO-UNLIMITED"))
            using (var bare = Bare(device))
            {
                store.Activate(client, keyed).License.Dispose();
                byte[] bytes = File.ReadAllBytes(store.Path);
                foreach (int at in new[] { 0, 30, bytes.Length / 2, bytes.Length - 1 })
                {
                    bytes[at] ^= 0x20;
                    File.WriteAllBytes(store.Path, bytes);
                    bytes[at] ^= 0x20;
                    using (var fresh = new Store(folder.Path, "demo"))
                    {
                        var e = Assert.Throws<TamperingException>(() => fresh.CheckLocal(offline, bare), "byte " + at + " flipped");
                        Assert.Equal(Status.LicenseFileTampered, e.Status, "byte " + at + ": Status");
                        Assert.Equal(Category.Tampering, e.Category, "Category");
                    }
                }
                File.WriteAllBytes(store.Path, bytes);
                store.CheckLocal(offline, bare).License.Dispose();
                store.Remove();
                Assert.True(!File.Exists(store.Path), "Remove deletes the file");
                Assert.Equal(Status.NoStoredLicense, Assert.Throws<LicenseException>(() => store.CheckLocal(offline, bare)).Status, "nothing stored");
                client.Deactivate(keyed);
            }
        }

        [Test]
        public static void StorageFailuresAreStorageErrors()
        {
            using (var folder = new TempFolder())
            using (var client = new Client(Session.Options()))
            using (var request = Keyed(Session.NewHardwareId("storage"), "DEMO-UNLIMITED"))
            {
                // The store's "folder" is a file: nothing can be written there.
                File.WriteAllText(folder.File("file"), "");
                using (var store = new Store(folder.File("file"), "demo"))
                {
                    var e = Assert.Throws<StorageException>(() => store.OfflineActivationRequest(client, request), "a folder that is a file");
                    Assert.Equal(Category.Storage, e.Category, "Category " + e.StatusName);
                }
            }
        }

        [Test]
        public static void LocalConsumptionIsSentByTheNextCheck()
        {
            string device = Session.NewHardwareId("consume");
            using (var folder = new TempFolder())
            using (var client = new Client(Session.Options()))
            using (var store = new Store(folder.Path, "demo"))
            using (var keyed = Keyed(device, "DEMO-UNLIMITED-CONSUMPTION"))
            using (var bare = Bare(device))
            {
                var (license, state) = store.Activate(client, keyed);
                long before = license.TotalConsumptions ?? 0;
                license.Dispose();
                Assert.Equal(2L, store.AddLocalConsumption(client, bare, 2).LocalConsumptions, "recorded locally");
                Assert.Equal(3L, store.AddLocalConsumption(client, bare, 1).LocalConsumptions, "and added up");
                (license, state) = store.Check(client, bare);
                using (license)
                    Assert.Equal(before + 3, license.TotalConsumptions ?? 0, "sent by the check");
                Assert.Equal(0L, state.LocalConsumptions, "none left to send");
                using (var plain = Keyed(Session.NewHardwareId("not-consumption"), "DEMO-UNLIMITED"))
                using (var other = new Store(folder.File("other"), "demo"))
                {
                    other.Activate(client, plain).License.Dispose();
                    Assert.Equal(Status.LicenseNotConsumption, Assert.Throws<LicenseException>(() => other.AddLocalConsumption(client, plain, 1)).Status, "not a consumption license");
                    other.Deactivate(client, plain);
                }
                store.Deactivate(client, bare);
            }
        }

        [Test]
        public static void NetworkCallsRunAsynchronouslyAndCancel()
        {
            string device = Session.NewHardwareId("store-async");
            using (var folder = new TempFolder())
            using (var client = new Client(Session.Options()))
            using (var store = new Store(folder.Path, "demo"))
            using (var keyed = Keyed(device, "DEMO-UNLIMITED"))
            using (var bare = Bare(device))
            {
                var (license, state) = store.ActivateAsync(client, keyed).GetAwaiter().GetResult();
                license.Dispose();
                Assert.True(state.Online, "activated");
                (license, state) = store.CheckAsync(client, bare).GetAwaiter().GetResult();
                license.Dispose();
                Assert.True(state.Online, "checked");

                using (var cancelled = new CancellationTokenSource())
                {
                    cancelled.Cancel();
                    Task<(License, StoreState)> task = store.CheckAsync(client, bare, cancelled.Token);
                    Assert.Throws<TaskCanceledException>(() => task.GetAwaiter().GetResult(), "a token cancelled before the call");
                }

                // A server that never answers: cancelling ends the call at once.
                using (var silent = new TestServer(request => null))
                using (var source = new CancellationTokenSource())
                {
                    ClientOptions options = Session.Options();
                    options.BaseUrl = silent.BaseUrl;
                    using (var stalled = new Client(options))
                    {
                        Task<(License, StoreState)> task = store.CheckAsync(stalled, bare, source.Token);
                        Thread.Sleep(200);
                        Assert.True(!task.IsCompleted, "the stalled check waits");
                        var watch = Stopwatch.StartNew();
                        source.Cancel();
                        var e = Assert.Throws<OperationCanceledException>(() => task.GetAwaiter().GetResult(), "cancelled in flight");
                        Assert.True(watch.ElapsedMilliseconds < 2000, "promptly (" + watch.ElapsedMilliseconds + " ms)");
                        Assert.True(task.IsCanceled, "the task is cancelled");
                        Assert.True(e.CancellationToken == source.Token, "with the caller's token");
                        Assert.Throws<OperationCanceledException>(() => store.Check(stalled, bare, source.Token), "the synchronous call with a cancelled token");
                    }
                }
                store.DeactivateAsync(client, bare).GetAwaiter().GetResult();
                Assert.Equal(Status.NoStoredLicense, Assert.Throws<LicenseException>(() => store.License(client, bare)).Status, "removed by the deactivation");
            }
        }

        [Test]
        public static void AirGappedRoundTripThroughFilesAndBuffers()
        {
            string device = Session.NewHardwareId("airgap");
            using (var folder = new TempFolder())
            using (var offline = OfflineClient())
            using (var online = new Client(Session.Options()))
            using (var keyed = Keyed(device, "DEMO-OFFLINE"))
            using (var bare = Bare(device))
            {
                // Files: the device writes activate_offline.req, the portal answers with a .lic.
                using (var store = new Store(folder.Path, "demo"))
                {
                    string requestPath = folder.File("out/activate_offline.req");
                    store.OfflineActivationRequestFile(offline, keyed, requestPath);
                    var (http, answer) = PostOffline("activate_offline", File.ReadAllText(requestPath));
                    Assert.Equal(200, http, "activate_offline: " + answer);
                    File.WriteAllText(folder.File("license.lic"), Convert.ToBase64String(Encoding.UTF8.GetBytes(answer)));
                    var (license, state) = store.LoadOfflineLicenseFile(offline, bare, folder.File("license.lic"));
                    using (license)
                        Assert.Equal("DEMO-OFFLINE", license.Key, "the .lic's license");
                    Assert.True(state.OfflineActivated && !state.Online, "offline activated: " + state);
                    Assert.Equal(Status.OfflineRequestMismatch,
                        Assert.Throws<VerificationException>(() => store.LoadOfflineLicenseFile(offline, bare, folder.File("license.lic"))).Status, "a .lic loads once");
                    Assert.Equal(Status.LicenseDeviceExists, Assert.Throws<LicenseException>(() => online.Activate(keyed)).Status, "the server counts the device");
                }
                using (var fresh = new Store(folder.Path, "demo"))
                {
                    var (license, state) = fresh.CheckLocal(offline, bare);
                    license.Dispose();
                    Assert.True(state.OfflineActivated, "checked locally after a restart");
                    fresh.OfflineDeactivationRequestFile(offline, bare, folder.File("deactivate_offline.req"));
                    var (http, answer) = PostOffline("deactivate_offline", File.ReadAllText(folder.File("deactivate_offline.req")));
                    Assert.Equal("200 license_deactivated", http + " " + answer.Trim(), "deactivate_offline");
                    Assert.Equal(Status.NoStoredLicense, Assert.Throws<LicenseException>(() => fresh.CheckLocal(offline, bare)).Status, "given up");
                }

                // Buffers: the same round trip as text, in another folder.
                using (var other = new TempFolder())
                using (var store = new Store(other.Path, "demo"))
                {
                    var (http, answer) = PostOffline("activate_offline", store.OfflineActivationRequest(offline, keyed));
                    Assert.Equal(200, http, "activate_offline: " + answer);
                    using (var stranger = Bare(Session.NewHardwareId("airgap-stranger")))
                        Assert.Equal(Status.HardwareIdMismatch,
                            Assert.Throws<TamperingException>(() => store.LoadOfflineLicense(offline, stranger, answer)).Status, "another device's .lic");
                    Assert.Equal(Status.OfflineLicenseInvalid,
                        Assert.Throws<InvalidArgumentException>(() => store.LoadOfflineLicense(offline, bare, "not a license")).Status, "not a .lic");
                    var (license, state) = store.LoadOfflineLicense(offline, bare, answer);
                    license.Dispose();
                    Assert.True(state.OfflineActivated, "loaded from text");
                    (http, answer) = PostOffline("deactivate_offline", store.OfflineDeactivationRequest(offline, bare));
                    Assert.Equal("200 license_deactivated", http + " " + answer.Trim(), "deactivate_offline from text");
                }
                online.Activate(keyed).Dispose();
                online.Deactivate(keyed);
            }
        }

        [Test]
        public static void StoreArgumentsAndLifetime()
        {
            using (var client = new Client(Session.Options()))
            using (var request = Bare("x"))
            {
                using (var store = new Store(null, "demo"))
                    Assert.True(store.Path.Replace('\\', '/').EndsWith(".LicenseSpring/LicenseSpring/demo/demo.lsstore", StringComparison.Ordinal), "null: the vendor SDKs' folder, got " + store.Path);
                Assert.Equal(Status.InvalidArgument, Assert.Throws<InvalidArgumentException>(() => new Store("", "demo")).Status, "an empty folder");
                Assert.Equal(Status.NullArgument, Assert.Throws<InvalidArgumentException>(() => new Store("/tmp", null)).Status, "no product");
                var disposed = new Store(Path.GetTempPath(), "demo");
                disposed.Dispose();
                disposed.Dispose();
                Assert.True(disposed.IsDisposed, "IsDisposed");
                Assert.Throws<ObjectDisposedException>(() => disposed.CheckLocal(client, request), "a disposed store");
                using (var store = new Store(Path.GetTempPath(), "demo"))
                {
                    Assert.Throws<ArgumentNullException>(() => store.CheckLocal(null, request), "no client");
                    Assert.Throws<ArgumentNullException>(() => store.CheckAsync(client, null).GetAwaiter().GetResult(), "no request");
                    using (var wrong = new Request { Product = "demo-user", HardwareId = "x" })
                        Assert.Equal(Status.InvalidArgument, Assert.Throws<InvalidArgumentException>(() => store.CheckLocal(client, wrong)).Status, "another product's request");
                }
            }
        }

        [Test]
        public static void EveryStoreFunctionIsAStoreMember()
        {
            var members = typeof(Store).GetMembers(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).ToList();
            foreach (MethodInfo native in typeof(NativeMethods).GetMethods().Where(m => m.Name.StartsWith("ls_store_", StringComparison.Ordinal)))
            {
                string name = string.Concat(native.Name.Substring("ls_store_".Length).Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
                if (name == "New" || name == "Free") continue;
                Assert.True(members.Contains(name), "Store." + name + " for " + native.Name);
                bool cancellable = native.GetParameters().Any(p => p.ParameterType == typeof(CancelHandle));
                Assert.Equal(cancellable, members.Contains(name + "Async"), "Store." + name + "Async exactly when " + native.Name + " takes a cancel handle");
            }
            foreach (FieldInfo field in typeof(LsStoreState).GetFields())
            {
                PropertyInfo property = typeof(StoreState).GetProperty(string.Concat(field.Name.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1))));
                Type expected = field.FieldType == typeof(int) ? typeof(bool) : field.FieldType == typeof(Status) ? typeof(Status)
                    : field.Name == "local_consumptions" ? typeof(long) : typeof(DateTimeOffset?);
                Assert.Equal(expected, property?.PropertyType, "StoreState property for " + field.Name);
            }
        }
    }
}
