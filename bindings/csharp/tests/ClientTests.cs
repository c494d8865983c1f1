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
        public static void ActivateByKeyAndReadEveryAccessor()
        {
            using (var client = new Client(Session.Options()))
            using (var request = KeyRequest("DEMO-1111-2222-3333", Session.NewHardwareId("key")))
            using (License license = client.Activate(request))
            {
                Assert.Equal(1001L, license.Id, "Id");
                Assert.Equal("DEMO-1111-2222-3333", license.Key, "Key");
                Assert.Equal("perpetual", license.Type, "Type");
                Assert.True(license.IsActive, "IsActive");
                Assert.True(license.IsEnabled, "IsEnabled");
                Assert.True(!license.IsExpired, "!IsExpired");
                Assert.True(!license.IsTrial, "!IsTrial");
                Assert.Equal(null, license.ValidityPeriod, "ValidityPeriod");
                Assert.True(license.TimesActivated >= 1, "TimesActivated >= 1, got " + license.TimesActivated);
                Assert.Equal(3L, license.MaxActivations, "MaxActivations");
                Assert.Equal(2, license.FeatureCount, "FeatureCount");
                Assert.Equal("pro", license.FeatureCode(0), "FeatureCode(0)");
                Assert.Equal("Pro features", license.FeatureName(0), "FeatureName(0)");
                Assert.Equal("export", license.FeatureCode(1), "FeatureCode(1)");
                Assert.Equal("Export", license.FeatureName(1), "FeatureName(1)");
                Assert.Equal("pro,export", string.Join(",", license.Features.Select(f => f.Code)), "Features");
                Assert.Equal(1, license.CustomFieldCount, "CustomFieldCount");
                Assert.Equal("tier", license.CustomFieldName(0), "CustomFieldName(0)");
                Assert.Equal("gold", license.CustomFieldValue(0), "CustomFieldValue(0)");
                Assert.Equal("tier=gold", string.Join(",", license.CustomFields.Select(f => f.Key + "=" + f.Value)), "CustomFields");
                Assert.Equal("customer@example.com", license.CustomerEmail, "CustomerEmail");
                Assert.Equal(null, license.UserEmail, "UserEmail");
                Assert.True(license.Json.StartsWith("{") && license.Json.Contains("DEMO-1111-2222-3333"), "Json is the body");

                var e = Assert.Throws<LicenseSpringException>(() => license.FeatureCode(2), "FeatureCode(2)");
                Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
                Assert.Equal(Library.StatusCategory(Status.IndexOutOfRange), e.Category, "category");
                e = Assert.Throws<LicenseSpringException>(() => license.CustomFieldValue(-1), "CustomFieldValue(-1)");
                Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
                e = Assert.Throws<LicenseSpringException>(() => license.FeatureName(7), "FeatureName(7)");
                Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
                e = Assert.Throws<LicenseSpringException>(() => license.CustomFieldName(1), "CustomFieldName(1)");
                Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
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
                Assert.True(!license.IsExpired, "!IsExpired");
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
                    Assert.True(checkedLicense.IsActive, "IsActive");
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
        public static void EveryRequestFieldVariableAndOptionIsAccepted()
        {
            var options = Session.Options();
            options.ConnectTimeout = TimeSpan.FromSeconds(5);
            options.TotalTimeout = TimeSpan.FromSeconds(20);
            options.AppVersion = "1.2.3";
            using (var client = new Client(options))
            using (var request = new Request
            {
                Product = "demo",
                HardwareId = Session.NewHardwareId("fields"),
                LicenseKey = "DEMO-CONSUMPTION",
                VmInfo = "none",
                OsVersion = "Debian 12",
                Hostname = "host",
                OsHostname = "os-host",
                Ip = "192.0.2.1",
                IpLocal = "10.0.0.1",
                AppVersion = "2.0.0 \u00e9t\u00e9",
                MacAddress = "00:11:22:33:44:55",
                LicenseId = 1012,
                IsVm = false,
            })
            {
                request.SetVariable("seat", "kiosk-\u4e2d");
                request.SetVariable("seat", "kiosk-2");
                Assert.Equal("kiosk-2", request.Variables["seat"], "variable replaced");
                Assert.Equal("2.0.0 \u00e9t\u00e9", request.AppVersion, "getter returns what was set");
                using (License license = client.Activate(request))
                {
                    Assert.Equal(1012L, license.Id, "Id");
                    Assert.Equal("consumption", license.Type, "Type");
                }
                request.Consumptions = 5;
                Assert.Equal(5L, request.Consumptions, "Consumptions");
                client.Deactivate(request);
            }
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
                                    if (!license.IsActive) throw new Exception("not active");
                                }
                                client.Deactivate(request);
                                // A failure on this thread carries this thread's details.
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
