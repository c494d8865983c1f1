using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class ClientTests
    {
        private static Request KeyRequest(string key, string hardwareId) =>
            new Request { Product = "demo", HardwareId = hardwareId, LicenseKey = key };

        [Test]
        public static void ActivateByKeyAndReadTheLicense()
        {
            using (var client = new Client(Session.Options()))
            using (var request = KeyRequest("DEMO-1111-2222-3333", Session.NewHardwareId("key")))
            using (License license = client.Activate(request))
            {
                Assert.Equal(1001L, license.Id, "Id");
                Assert.Equal(Kind.License, license.Kind, "Kind");
                Assert.Equal("DEMO-1111-2222-3333", license.Key, "Key");
                Assert.Equal("perpetual", license.Type, "Type");
                Assert.Equal(true, license.Active, "Active");
                Assert.Equal(true, license.Enabled, "Enabled");
                Assert.Equal(false, license.Expired, "Expired");
                Assert.Equal(false, license.Trial, "Trial");
                Assert.Equal(null, license.ValidityPeriod, "ValidityPeriod");
                Assert.True(license.TimesActivated >= 1, "TimesActivated >= 1, got " + license.TimesActivated);
                Assert.Equal(3L, license.MaxActivations, "MaxActivations");
                Assert.Equal(request.HardwareId, license.HardwareId, "HardwareId");
                Assert.Equal(2, license.Features.Count, "Features.Count");
                Assert.Equal("pro", license.Features[0].Code, "Features[0].Code");
                Assert.Equal("Pro features", license.Features[0].Name, "Features[0].Name");
                Assert.Equal(5001L, license.Features[0].Id, "Features[0].Id");
                Assert.Equal(Kind.Feature, license.Features[0].Kind, "Features[0].Kind");
                Assert.Equal("export", license.Features[1].Code, "Features[1].Code");
                Assert.Equal("Export", license.Features[1].Name, "Features[1].Name");
                Assert.Equal("pro,export", string.Join(",", license.Features.Select(f => f.Code)), "Features");
                Assert.Equal(1, license.CustomFields.Count, "CustomFields.Count");
                Assert.Equal("tier", license.CustomFields[0].Name, "CustomFields[0].Name");
                Assert.Equal("gold", license.CustomFields[0].Value, "CustomFields[0].Value");
                Assert.Equal("tier=gold", string.Join(",", license.CustomFields.Select(f => f.Name + "=" + f.Value)), "CustomFields");
                Assert.Equal("customer@example.com", license.CustomerEmail, "CustomerEmail");
                Assert.Equal("Ada", license.CustomerFirstName, "CustomerFirstName");
                Assert.Equal("Example Ltd", license.CustomerCompanyName, "CustomerCompanyName");
                Assert.Equal("{\"edition\":\"pro\"}", license.Metadata, "Metadata (JSON text)");
                Assert.Equal(null, license.UserEmail, "UserEmail");
                Assert.Equal("demo", license.ProductShortCode, "ProductShortCode");
                Assert.True(license.Json.StartsWith("{") && license.Json.Contains("DEMO-1111-2222-3333"), "Json is the body");
                Assert.Equal(1001L, (long)((Dictionary<string, object>)Json.Parse(license.Json))["id"], "Json parses to the same id");
                Assert.True(license.Features[0].Json.Contains("\"pro\""), "an item's Json");
                Assert.Equal(1001L, license.Get(Field.LicenseId), "Get(Field)");
                Assert.Equal(2L, license.Get(Field.LicenseFeatures), "Get of a list is its length");

                var e = Assert.Throws<InvalidArgumentException>(() => { var _ = license.Features[2]; }, "Features[2]");
                Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
                Assert.Equal(Library.StatusCategory(Status.IndexOutOfRange), e.Category, "category");
                e = Assert.Throws<InvalidArgumentException>(() => { var _ = license.CustomFields[-1]; }, "CustomFields[-1]");
                Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
                e = Assert.Throws<InvalidArgumentException>(() => { var _ = license.Features[7].Name; }, "Features[7]");
                Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
                e = Assert.Throws<InvalidArgumentException>(() => { var _ = license.CustomFields[1]; }, "CustomFields[1]");
                Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
                e = Assert.Throws<InvalidArgumentException>(() => license.Get(Field.FeatureCode), "a feature field of a license");
                Assert.Equal(Status.InvalidArgument, e.Status, "status");
            }
        }

        [Test]
        public static void EveryFieldReadsAsItsDeclaredType()
        {
            var types = new Dictionary<string, Type> { { "bool", typeof(bool) }, { "int", typeof(long) }, { "string", typeof(string) }, { "text", typeof(string) }, { "json", typeof(string) }, { "list", typeof(long) } };
            using (var client = new Client(Session.Options()))
            using (var request = KeyRequest("DEMO-FEATURES", Session.NewHardwareId("fields")))
            using (License license = client.Activate(request))
            {
                var read = new List<Result> { license };
                read.AddRange(license.Features);
                read.AddRange(license.CustomFields ?? new CustomField[0]);
                Assert.Equal(4, license.Features.Count, "four features");
                int values = 0;
                foreach (Result result in read)
                {
                    foreach (FieldRow row in Tables.Fields.Where(f => f.Kind == result.Kind))
                    {
                        object value = result.Get(row.Field);
                        Assert.True(value == null || value.GetType() == types[row.Type], row.Field + " is a " + row.Type + ", got " + value?.GetType());
                        object property = result.GetType().GetProperties().Single(p => p.Name == row.Field.ToString().Substring(result.Kind.ToString().Length)).GetValue(result);
                        Assert.True(row.Type == "list" ? (property == null) == (value == null) : Equals(property, value), row.Field + ": the property equals Get");
                        if (value != null) values++;
                    }
                }
                Assert.True(values > 20, "many fields have values (" + values + ")");
                Assert.Equal(5L, license.Features[0].MaxConsumption, "credits: MaxConsumption");
                Assert.Equal("daily", license.Features[0].ConsumptionPeriod, "credits: ConsumptionPeriod");
                Assert.Equal(true, license.Features[1].IsFloatingCloud, "render: IsFloatingCloud");
                Assert.Equal("{\"tier\":1}", license.Features[2].Metadata, "basic: Metadata");
            }
        }

        [Test]
        public static void TimeLimitedLicenseHasItsValidityPeriod()
        {
            using (var client = new Client(Session.Options()))
            using (var request = KeyRequest("DEMO-TIME-LIMITED", Session.NewHardwareId("time")))
            using (License license = client.Activate(request))
            {
                Assert.Equal("time-limited", license.Type, "Type");
                Assert.True(license.ValidityPeriod != null && license.ValidityPeriod.StartsWith("2099-12-31"), "ValidityPeriod, got " + license.ValidityPeriod);
                Assert.Equal(false, license.Expired, "Expired");
            }
        }

        [Test]
        public static void ActivateUserBasedWithPassword()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo-user", HardwareId = Session.NewHardwareId("user"), Username = "alice@example.com", Password = "alice-password" })
            using (License license = client.Activate(request))
            {
                Assert.Equal("alice@example.com", license.UserEmail, "UserEmail");
                Assert.Equal(null, license.Key, "Key of a user-based license");
                Assert.Equal(2001L, license.Id, "Id");
                Assert.Equal("user", license.AuthorizationMethod, "AuthorizationMethod");
            }
        }

        [Test]
        public static void ActivateWithSsoIdToken()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo-user", HardwareId = Session.NewHardwareId("sso-token"), IdToken = "sso-id-token-alice", CustomerAccountCode = "demo-corp" })
            using (License license = client.Activate(request))
            {
                Assert.Equal("alice@example.com", license.UserEmail, "UserEmail");
            }
        }

        [Test]
        public static void ActivateWithSsoCode()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo-user", HardwareId = Session.NewHardwareId("sso-code"), Code = "sso-code-bob", CustomerAccountCode = "demo-corp" })
            using (License license = client.Activate(request))
            {
                Assert.Equal("bob@example.com", license.UserEmail, "UserEmail");
            }
        }

        [Test]
        public static void CheckThenDeactivateThenCheckFails()
        {
            using (var client = new Client(Session.Options()))
            using (var request = KeyRequest("DEMO-TIME-LIMITED", Session.NewHardwareId("check")))
            {
                var notYet = Assert.Throws<LicenseException>(() => client.Check(request), "check before activation");
                Assert.Equal(Status.DeviceNotFound, notYet.Status, "status");
                Assert.Equal("device_not_found", notYet.ServerCode, "server code");

                client.Activate(request).Dispose();
                using (License checkedLicense = client.Check(request))
                {
                    Assert.Equal(1002L, checkedLicense.Id, "Id");
                    Assert.Equal(true, checkedLicense.Active, "Active");
                }

                var again = Assert.Throws<LicenseException>(() => client.Activate(request), "second activation");
                Assert.Equal(Status.LicenseDeviceExists, again.Status, "status");
                Assert.Equal(409, again.HttpStatus, "HTTP status");
                Assert.Equal("license_device_exists", again.ServerCode, "server code");

                client.Deactivate(request);
                var gone = Assert.Throws<LicenseException>(() => client.Check(request), "check after deactivation");
                Assert.Equal(Status.DeviceNotFound, gone.Status, "status");
                gone = Assert.Throws<LicenseException>(() => client.Deactivate(request), "second deactivation");
                Assert.Equal(Status.DeviceNotFound, gone.Status, "status");
            }
        }

        [Test]
        public static void EveryParamVariableAndOptionIsAccepted()
        {
            var options = Session.Options();
            options.ConnectTimeout = TimeSpan.FromSeconds(5);
            options.TotalTimeout = TimeSpan.FromSeconds(20);
            options.AppVersion = "1.2.3";
            using (var client = new Client(options))
            using (var request = new Request
            {
                Product = "demo",
                HardwareId = Session.NewHardwareId("params"),
                LicenseKey = "DEMO-CONSUMPTION",
                VmInfo = "none",
                OsVer = "Debian 12",
                Hostname = "host",
                OsHostname = "os-host",
                Ip = "192.0.2.1",
                IpLocal = "10.0.0.1",
                AppVer = "2.0.0 \u00e9t\u00e9",
                MacAddress = "00:11:22:33:44:55",
                LicenseId = 1012,
                IsVm = false,
                IncludeExpiredFeatures = true,
                Env = "linux",
            })
            {
                request.SetVariable("seat", "kiosk-\u4e2d");
                request.SetVariable("seat", "kiosk-2");
                Assert.Equal("kiosk-2", request.Variables["seat"], "variable replaced");
                Assert.Equal("2.0.0 \u00e9t\u00e9", request.AppVer, "getter returns what was set");
                Assert.Equal(1012L, request.LicenseId, "LicenseId getter");
                using (License license = client.Activate(request))
                {
                    Assert.Equal(1012L, license.Id, "Id");
                    Assert.Equal("consumption", license.Type, "Type");
                    Assert.True(license.Variables.Contains("kiosk-2"), "the variable reached the server: " + license.Variables);
                }
                request.Consumptions = 5;
                Assert.Equal(5L, request.Consumptions, "Consumptions");
                request.LicenseId = null;
                Assert.Equal(null, request.LicenseId, "LicenseId cleared");
                request.Clear(Param.IsVm);
                Assert.Equal(null, request.IsVm, "IsVm cleared");
                client.Deactivate(request);
            }
        }

        private static Dictionary<string, object> CapturedBody(TestServer server) =>
            (Dictionary<string, object>)Json.Parse(server.Requests.Last().Split(new[] { "\r\n\r\n" }, 2, StringSplitOptions.None)[1]);

        [Test]
        public static void AppVersionAndEveryParamReachTheServer()
        {
            using (var server = new TestServer(_ => TestServer.Response(500, "{\"code\":\"internal_error\",\"message\":\"captured\"}")))
            {
                var options = Session.Options();
                options.BaseUrl = server.BaseUrl;
                options.AppVersion = "1.2.3";
                using (var client = new Client(options))
                using (var request = KeyRequest("DEMO-UNLIMITED", "captured-device"))
                {
                    Assert.Throws<ServerException>(() => client.Activate(request), "the capturing server answers 500");
                    Assert.Equal("1.2.3", CapturedBody(server)["app_ver"], "the config's app version reached the server");
                    request.AppVer = "9.9";
                    Assert.Throws<ServerException>(() => client.Activate(request), "again");
                    Assert.Equal("9.9", CapturedBody(server)["app_ver"], "the request's app version wins");

                    // Every parameter activate accepts (one identity only) arrives under its wire name.
                    var describe = (Dictionary<string, object>)Json.Parse(Library.Describe());
                    var paramValues = ((List<object>)describe["params"]).Cast<Dictionary<string, object>>().ToDictionary(p => (string)p["name"], p => (Param)(long)p["value"]);
                    var activate = ((List<object>)((List<object>)describe["operations"]).Cast<Dictionary<string, object>>()
                        .Single(o => (string)o["name"] == "activate")["params"]).Select(name => paramValues[(string)name]).ToList();
                    var identities = new[] { Param.Username, Param.Password, Param.IdToken, Param.Code, Param.CustomerAccountCode };
                    var expected = new Dictionary<string, object>();
                    foreach (ParamRow row in Tables.Params.Where(p => activate.Contains(p.Param) && !identities.Contains(p.Param)))
                    {
                        SetThroughProperty(request, row, expected);
                    }
                    request.SetVariable("seat", "s1");
                    Assert.Throws<ServerException>(() => client.Activate(request), "with every param");
                    var body = CapturedBody(server);
                    foreach (var pair in expected)
                    {
                        Assert.True(body.ContainsKey(pair.Key), pair.Key + " was sent: " + string.Join(",", body.Keys));
                        Assert.Equal(pair.Value, body[pair.Key], pair.Key + " value");
                    }
                    Assert.True(expected.Count >= 10, "at least 10 params checked (" + expected.Count + ")");
                }
            }
        }

        private static void SetThroughProperty(Request request, ParamRow row, Dictionary<string, object> expected)
        {
            System.Reflection.PropertyInfo property = typeof(Request).GetProperty(row.Param.ToString());
            object value = row.Type == "int" ? (object)(long?)(1000 + (int)row.Param) : row.Type == "bool" ? (object)(bool?)true : "v-" + row.WireName;
            if (row.Param == Param.LicenseKey) value = "DEMO-UNLIMITED";
            if (row.Param == Param.HardwareId) value = "captured-device";
            property.SetValue(request, value);
            Assert.Equal(value, request.Get(row.Param), row.Param + " getter");
            expected[row.WireName] = value;
        }

        [Test]
        public static void SignatureVerificationCanBeDisabled()
        {
            var options = Session.Options();
            options.PublicKeyPem = null;
            options.DisableSignatureVerification = true;
            using (var client = new Client(options))
            using (var request = KeyRequest("DEMO-UNLIMITED", Session.NewHardwareId("noverify")))
            using (License license = client.Activate(request))
            {
                Assert.Equal(1010L, license.Id, "Id");
            }
        }

        [Test]
        public static void OneClientFromManyThreads()
        {
            const int threads = 8, callsPerThread = 4;
            var failures = new List<string>();
            using (var client = new Client(Session.Options()))
            {
                var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
                {
                    try
                    {
                        for (int i = 0; i < callsPerThread; i++)
                        {
                            using (var request = KeyRequest("DEMO-UNLIMITED", Session.NewHardwareId("thread" + t)))
                            {
                                using (License license = client.Activate(request))
                                {
                                    if (license.Id != 1010) throw new Exception("wrong license " + license.Id);
                                }
                                using (License license = client.Check(request))
                                {
                                    if (license.Active != true) throw new Exception("not active");
                                }
                                client.Deactivate(request);
                                // A failure on this thread carries this call's details.
                                try
                                {
                                    client.Deactivate(request);
                                    throw new Exception("second deactivation succeeded");
                                }
                                catch (LicenseException e) when (e.Status == Status.DeviceNotFound && e.ServerCode == "device_not_found")
                                {
                                }
                                using (var expired = KeyRequest("DEMO-EXPIRED", Session.NewHardwareId("thread-expired")))
                                {
                                    try
                                    {
                                        client.Activate(expired).Dispose();
                                        throw new Exception("expired license activated");
                                    }
                                    catch (LicenseException e) when (e.ServerCode == "license_expired" && e.HttpStatus == 400)
                                    {
                                    }
                                }
                            }
                        }
                    }
                    catch (Exception e)
                    {
                        lock (failures)
                        {
                            failures.Add("thread " + t + ": " + e);
                        }
                    }
                })).ToList();
                workers.ForEach(w => w.Start());
                workers.ForEach(w => w.Join());
            }
            Assert.True(failures.Count == 0, "no thread failed:\n" + string.Join("\n", failures));
        }
    }
}
