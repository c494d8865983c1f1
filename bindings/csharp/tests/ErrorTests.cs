using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class ErrorTests
    {
        private static T Activate<T>(string product, string key, ClientOptions options = null, Action<Request> extra = null,
            string hardwareId = null) where T : LicenseSpringException
        {
            using (var client = new Client(options ?? Session.Options()))
            using (var request = new Request { Product = product, HardwareId = hardwareId ?? Session.NewHardwareId("err"), LicenseKey = key })
            {
                extra?.Invoke(request);
                T e = Assert.Throws<T>(() => client.Activate(request).Dispose(), "activating " + key);
                Assert.Equal(Library.StatusName(e.Status), e.StatusName, "StatusName");
                Assert.Equal(Library.StatusCategory(e.Status), e.Category, "Category");
                Assert.True(!string.IsNullOrEmpty(e.Message), "a message");
                return e;
            }
        }

        [Test]
        public static void ExpiredLicenseIsALicenseError()
        {
            var e = Activate<LicenseException>("demo", "DEMO-EXPIRED");
            Assert.Equal(Status.LicenseExpired, e.Status, "Status");
            Assert.Equal("LS_ERR_LICENSE_EXPIRED", e.StatusName, "StatusName");
            Assert.Equal(Category.License, e.Category, "Category");
            Assert.Equal("license_expired", e.ServerCode, "ServerCode");
            Assert.Equal(400, e.HttpStatus, "HttpStatus");
            Assert.Equal(null, e.RetryAfter, "RetryAfter");
        }

        [Test]
        public static void OtherLicenseStatesAreLicenseErrors()
        {
            Assert.Equal("license_not_enabled", Activate<LicenseException>("demo", "DEMO-DISABLED").ServerCode, "disabled");
            Assert.Equal("license_not_active", Activate<LicenseException>("demo", "DEMO-INACTIVE").ServerCode, "inactive");
            Assert.Equal("license_start_date_error", Activate<LicenseException>("demo", "DEMO-NOT-STARTED").ServerCode, "not started");
            Assert.Equal(Status.LicenseStartDate, Activate<LicenseException>("demo", "DEMO-NOT-STARTED").Status, "not started status");
            Assert.Equal("vm_not_allowed", Activate<LicenseException>("demo", "DEMO-NO-VM", extra: r => r.IsVm = true).ServerCode, "vm");
            Assert.Equal("license_not_found", Activate<LicenseException>("demo", "NO-SUCH-KEY").ServerCode, "wrong key");
            Assert.Equal("blacklisted", Activate<LicenseException>("demo", "DEMO-UNLIMITED", hardwareId: "blacklisted-device").ServerCode, "blacklisted");
        }

        [Test]
        public static void UnknownProductIsALicenseError()
        {
            var e = Activate<LicenseException>("no-such-product", "DEMO-1111-2222-3333");
            Assert.Equal(Status.UnknownProduct, e.Status, "Status");
            Assert.Equal("unknown_product", e.ServerCode, "ServerCode");
        }

        [Test]
        public static void SingleSeatRunsOut()
        {
            using (var client = new Client(Session.Options()))
            using (var first = new Request { Product = "demo", HardwareId = Session.NewHardwareId("seat1"), LicenseKey = "DEMO-SINGLE-SEAT" })
            {
                client.Activate(first).Dispose();
            }
            var e = Activate<LicenseException>("demo", "DEMO-SINGLE-SEAT");
            Assert.Equal(Status.LicenseActivatedMaxTimes, e.Status, "Status");
        }

        [Test]
        public static void WrongSharedKeyIsAnAuthorizationError()
        {
            var options = Session.Options();
            options.SharedKey = "wrong-shared-key";
            var e = Activate<AuthorizationException>("demo", "DEMO-1111-2222-3333", options);
            Assert.Equal(Status.SignatureMismatch, e.Status, "Status");
            Assert.Equal("signature_mismatch", e.ServerCode, "ServerCode");
            Assert.Equal(Category.Authorization, e.Category, "Category");
            Assert.True(!e.Message.Contains("wrong-shared-key"), "the message never holds the shared key");
        }

        [Test]
        public static void UnknownApiKeyIsAnAuthorizationError()
        {
            var options = Session.Options();
            options.ApiKey = "no-such-api-key";
            var e = Activate<AuthorizationException>("demo", "DEMO-1111-2222-3333", options);
            Assert.Equal(Status.InvalidApiKey, e.Status, "Status");
            Assert.Equal("invalid_api_key", e.ServerCode, "ServerCode");
        }

        [Test]
        public static void ClosedPortIsANetworkError()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var options = Session.Options();
            options.BaseUrl = "http://127.0.0.1:" + port;
            options.ConnectTimeout = TimeSpan.FromSeconds(2);
            options.TotalTimeout = TimeSpan.FromSeconds(4);
            var e = Activate<NetworkException>("demo", "DEMO-1111-2222-3333", options);
            Assert.Equal(Status.Connect, e.Status, "Status");
            Assert.Equal(Category.Network, e.Category, "Category");
            Assert.Equal(0, e.HttpStatus, "HttpStatus");
            Assert.Equal("", e.ServerCode, "ServerCode");
        }

        [Test]
        public static void WrongPublicKeyIsAVerificationError()
        {
            var options = Session.Options();
            options.PublicKeyPem = Session.UnrelatedPublicKeyPem;
            var e = Activate<VerificationException>("demo", "DEMO-UNLIMITED", options);
            Assert.Equal(Status.SignatureInvalid, e.Status, "Status");
            Assert.Equal(Category.Verification, e.Category, "Category");
            Assert.Equal(200, e.HttpStatus, "HttpStatus");
        }

        [Test]
        public static void WrongBasePathIsNotFound()
        {
            var options = Session.Options();
            options.BaseUrl = Session.Emulator.BaseUrl + "/no-such-prefix";
            var e = Activate<LicenseSpringException>("demo", "DEMO-UNLIMITED", options);
            Assert.Equal(Status.NotFound, e.Status, "Status");
            Assert.Equal(404, e.HttpStatus, "HttpStatus");
        }

        private static T AgainstServer<T>(string response, bool verify = true) where T : LicenseSpringException
        {
            using (var server = new TestServer(_ => response))
            {
                var options = Session.Options();
                options.BaseUrl = server.BaseUrl;
                options.DisableSignatureVerification = !verify;
                return Activate<T>("demo", "DEMO-UNLIMITED", options);
            }
        }

        [Test]
        public static void RateLimitingCarriesRetryAfterAndTheServersMessage()
        {
            var e = AgainstServer<ServerException>(TestServer.Response(429, "{\"message\":\"slow down\"}", "Retry-After: 7"));
            Assert.Equal(Status.RateLimited, e.Status, "Status");
            Assert.Equal("LS_ERR_RATE_LIMITED", e.StatusName, "StatusName");
            Assert.Equal(Category.Server, e.Category, "Category");
            Assert.Equal(429, e.HttpStatus, "HttpStatus");
            Assert.Equal(7L, e.RetryAfter, "RetryAfter");
            Assert.Equal("slow down", e.Message, "Message");
            Assert.Equal("", e.ServerCode, "ServerCode");
        }

        [Test]
        public static void ServerFailuresAreServerErrors()
        {
            var e = AgainstServer<ServerException>(TestServer.Response(500, "{\"code\":\"internal_error\",\"message\":\"boom\"}"));
            Assert.Equal(Status.Server, e.Status, "500: Status");
            Assert.Equal("internal_error", e.ServerCode, "500: ServerCode");
            Assert.Equal("boom", e.Message, "500: Message");
            Assert.Equal(null, e.RetryAfter, "500: RetryAfter");
            e = AgainstServer<ServerException>(TestServer.Response(400, "{\"code\":\"brand_new_code\",\"message\":\"new\"}"));
            Assert.Equal(Status.ServerOther, e.Status, "unknown code: Status");
            Assert.Equal("brand_new_code", e.ServerCode, "unknown code: the raw ServerCode");
            e = AgainstServer<ServerException>(TestServer.Response(502, "<html>bad gateway</html>"));
            Assert.Equal(Status.Server, e.Status, "502 HTML: Status");
            Assert.Equal(502, e.HttpStatus, "502 HTML: HttpStatus");
            e = AgainstServer<ServerException>(TestServer.Response(200, "not json"), verify: false);
            Assert.Equal(Status.NonJsonResponse, e.Status, "200 not JSON: Status");
            var missing = AgainstServer<VerificationException>(TestServer.Response(200, "{}"));
            Assert.Equal(Status.SignatureMissing, missing.Status, "200 unsigned: Status");
        }

        [Test]
        public static void EveryCategoryMapsToItsExceptionType()
        {
            var expected = new Dictionary<Category, Type>
            {
                { Category.InvalidArgument, typeof(InvalidArgumentException) },
                { Category.Network, typeof(NetworkException) },
                { Category.Authorization, typeof(AuthorizationException) },
                { Category.License, typeof(LicenseException) },
                { Category.Verification, typeof(VerificationException) },
                { Category.Server, typeof(ServerException) },
                { Category.Internal, typeof(InternalException) },
                { Category.Cancelled, typeof(CancelledException) },
                { Category.Tampering, typeof(TamperingException) },
                { Category.Storage, typeof(StorageException) },
            };
            Assert.Equal(Tables.Categories.Count - 1, expected.Count, "every category but None is listed here");
            foreach (StatusRow row in Tables.Statuses.Where(r => r.Category != Category.None))
            {
                LicenseSpringException e = LicenseSpringException.Create(row.Status, "m", "code", 418, 3);
                Assert.Equal(expected[row.Category], e.GetType(), row.Name + " exception type");
                Assert.Equal(row.Name, e.StatusName, row.Name + " name");
                Assert.Equal(row.Category, e.Category, row.Name + " category");
                Assert.Equal("code", e.ServerCode, "server code");
                Assert.Equal(418, e.HttpStatus, "http");
                Assert.Equal(3L, e.RetryAfter, "retry");
            }
            LicenseSpringException unknown = LicenseSpringException.Create((Status)12345, "m");
            Assert.Equal(typeof(InternalException), unknown.GetType(), "an unknown status is internal, as the library says");
            Assert.Equal("LS_UNKNOWN_STATUS", unknown.StatusName, "its name comes from the library");
        }

        private static InvalidArgumentException Invalid(Action action, Status expected, string what)
        {
            var e = Assert.Throws<InvalidArgumentException>(action, what);
            Assert.Equal(expected, e.Status, what + ": Status");
            Assert.Equal(Category.InvalidArgument, e.Category, what + ": Category");
            Assert.Equal(0, e.HttpStatus, what + ": HttpStatus");
            return e;
        }

        [Test]
        public static void InvalidClientOptions()
        {
            Func<ClientOptions> options = Session.Options;
            Invalid(() => new Client(new ClientOptions { SharedKey = "x" }), Status.NullArgument, "null API key");
            Invalid(() => new Client(new ClientOptions { ApiKey = "", SharedKey = "x" }), Status.InvalidArgument, "empty API key");
            Invalid(() => new Client(new ClientOptions { ApiKey = "x", SharedKey = "" }), Status.InvalidArgument, "empty shared key");
            var o = options(); o.BaseUrl = "ftp://example.com";
            Invalid(() => new Client(o), Status.InvalidArgument, "non-http base URL");
            o = options(); o.BaseUrl = "";
            Invalid(() => new Client(o), Status.InvalidArgument, "empty base URL");
            o = options(); o.ConnectTimeout = TimeSpan.Zero; o.TotalTimeout = TimeSpan.FromSeconds(1);
            Invalid(() => new Client(o), Status.InvalidArgument, "zero connect timeout");
            o = options(); o.PublicKeyPem = "not a key";
            Invalid(() => new Client(o), Status.InvalidArgument, "bad public key");
            o = options(); o.Proxy = "not a url";
            Invalid(() => new Client(o), Status.InvalidArgument, "bad proxy");
            o = options(); o.CaFile = "/nonexistent/ca.pem";
            Invalid(() => new Client(o), Status.InvalidArgument, "missing CA file");
            o = options(); o.ConnectTimeout = TimeSpan.FromSeconds(1);
            new Client(o).Dispose(); // each timeout is set on its own; the other keeps its default
            Assert.Throws<ArgumentNullException>(() => new Client(null), "null options");
        }

        [Test]
        public static void InvalidRequests()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request())
            {
                Invalid(() => request.Product = null, Status.NullArgument, "null product");
                Invalid(() => request.SetVariable("", "x"), Status.InvalidArgument, "empty variable name");
                Invalid(() => request.SetVariable(null, "x"), Status.NullArgument, "null variable name");
                Invalid(() => request.SetVariable("x", null), Status.NullArgument, "null variable value");
                Invalid(() => request.SetString((Param)99, "x"), Status.InvalidArgument, "unknown param");
                Invalid(() => request.SetInt(Param.Product, 1), Status.InvalidArgument, "an int for a string param");
                Invalid(() => request.SetString(Param.LicenseId, "1"), Status.InvalidArgument, "a string for an int param");
                Invalid(() => request.SetBool(Param.Consumptions, true), Status.InvalidArgument, "a bool for an int param");
                Invalid(() => request.Clear((Param)99), Status.InvalidArgument, "clearing an unknown param");

                Invalid(() => client.Activate(request), Status.InvalidArgument, "empty request");
                request.Product = "demo";
                request.HardwareId = Session.NewHardwareId("invalid");
                var e = Invalid(() => client.Activate(request), Status.InvalidArgument, "missing identity");
                Assert.True(e.Message.Length > 0, "the message names what is missing");
                request.LicenseKey = "DEMO-UNLIMITED";
                request.Username = "alice@example.com";
                request.Password = "alice-password";
                Invalid(() => client.Activate(request), Status.InvalidArgument, "two identities");
                request.Username = "";
                request.Password = "";
                request.HardwareId = "";
                Invalid(() => client.Check(request), Status.InvalidArgument, "cleared hardware ID");
                Invalid(() => client.Deactivate(request), Status.InvalidArgument, "cleared hardware ID (deactivate)");
                request.HardwareId = Session.NewHardwareId("valid");
                client.Activate(request).Dispose();
                Assert.Throws<ArgumentNullException>(() => client.Activate(null), "null request");
            }
        }
    }

    public static class LifetimeTests
    {
        [Test]
        public static void DisposeTwiceIsHarmlessAndUseAfterDisposeIsAClearError()
        {
            var client = new Client(Session.Options());
            var request = new Request { Product = "demo", HardwareId = Session.NewHardwareId("life"), LicenseKey = "DEMO-UNLIMITED" };
            License license = client.Activate(request);
            Assert.Equal(1010L, license.Id, "Id");
            using (License withFeatures = client.Activate(new Request { Product = "demo", HardwareId = Session.NewHardwareId("life-f"), LicenseKey = "DEMO-FEATURES" }))
            {
                Feature feature = withFeatures.Features[0];
                Assert.Equal("credits", feature.Code, "an item while its license lives");
                feature.Dispose(); // an item owns nothing
                Assert.Equal("credits", feature.Code, "an item after its own Dispose");
                withFeatures.Dispose();
                Assert.Throws<ObjectDisposedException>(() => { var _ = feature.Code; }, "an item after its license's Dispose");
                Assert.True(feature.IsDisposed, "feature.IsDisposed");
            }

            license.Dispose();
            license.Dispose();
            Assert.True(license.IsDisposed, "license.IsDisposed");
            Assert.Throws<ObjectDisposedException>(() => { var _ = license.Id; }, "license.Id after Dispose");
            Assert.Throws<ObjectDisposedException>(() => { var _ = license.Json; }, "license.Json after Dispose");
            Assert.Throws<ObjectDisposedException>(() => { var _ = license.Features; }, "license.Features after Dispose");

            request.Dispose();
            request.Dispose();
            Assert.Throws<ObjectDisposedException>(() => request.LicenseKey = "x", "request setter after Dispose");
            Assert.Throws<ObjectDisposedException>(() => client.Check(request), "a call with a disposed request");

            client.Dispose();
            client.Dispose();
            Assert.True(client.IsDisposed, "client.IsDisposed");
            using (var fresh = new Request { Product = "demo", HardwareId = Session.NewHardwareId("life2"), LicenseKey = "DEMO-UNLIMITED" })
            {
                Assert.Throws<ObjectDisposedException>(() => client.Activate(fresh), "client.Activate after Dispose");
                Assert.Throws<ObjectDisposedException>(() => client.Deactivate(fresh), "client.Deactivate after Dispose");
            }
        }

        [Test]
        public static void LicenseOutlivesItsClientAndRequest()
        {
            License license;
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo", HardwareId = Session.NewHardwareId("outlive"), LicenseKey = "DEMO-UNLIMITED" })
            {
                license = client.Activate(request);
            }
            using (license)
            {
                Assert.Equal("DEMO-UNLIMITED", license.Key, "Key after the client is gone");
            }
        }
    }
}
