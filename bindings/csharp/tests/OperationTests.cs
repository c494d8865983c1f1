// The operations beyond activate/check/deactivate against the emulator's demo seed: each one's
// success, read back through its generated class (list kinds as lists, object fields as nested
// results), and at least one server error with its status and exception class.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class OperationTests
    {
        internal static Request Key(string key, string label) =>
            new Request { Product = "demo", HardwareId = Session.NewHardwareId(label), LicenseKey = key };

        /// <summary>A call that the server refuses: the exception class, status, server code and HTTP status.</summary>
        internal static T Fails<T>(Action call, Status status, string serverCode, int httpStatus = 400) where T : LicenseSpringException
        {
            T e = Assert.Throws<T>(call, serverCode);
            Assert.Equal(status, e.Status, serverCode + ": Status");
            Assert.Equal(serverCode, e.ServerCode, serverCode + ": ServerCode");
            Assert.Equal(httpStatus, e.HttpStatus, serverCode + ": HttpStatus");
            Assert.Equal(Library.StatusCategory(status), e.Category, serverCode + ": Category");
            return e;
        }

        private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));

        private static readonly Dictionary<string, Type> Types = new Dictionary<string, Type>
        {
            { "bool", typeof(bool) }, { "int", typeof(long) }, { "string", typeof(string) }, { "text", typeof(string) }, { "json", typeof(string) }, { "list", typeof(long) },
        };

        /// <summary>
        /// Reads every field of <paramref name="result"/> and of its items and nested results, both
        /// through Get and through its property, checking each against the field table; returns how
        /// many values were present.
        /// </summary>
        internal static int Walk(Result result, string path)
        {
            int values = 0;
            foreach (FieldRow row in Tables.Fields.Where(f => f.Kind == result.Kind))
            {
                string where = path + "." + row.Name;
                object value = result.Get(row.Field);
                object property = result.GetType().GetProperty(Pascal(row.Name)).GetValue(result);
                Assert.Equal(value == null, property == null, where + ": the property is null when Get is");
                if (value == null) continue;
                values++;
                if (row.Type == "object")
                {
                    var nested = (Result)value;
                    Assert.Equal(row.ItemKind, nested.Kind, where + ": the nested result's kind");
                    Assert.Equal(property.GetType(), nested.GetType(), where + ": Get gives the property's class");
                    Assert.Equal(((Result)property).Json, nested.Json, where + ": the same nested result");
                    values += Walk(nested, where);
                    continue;
                }
                Assert.Equal(Types[row.Type], value.GetType(), where + ": Get's type");
                if (row.Type != "list")
                {
                    Assert.Equal(value, property, where + ": the property equals Get");
                    continue;
                }
                var items = ((IEnumerable<Result>)property).ToList();
                Assert.Equal((long)value, (long)items.Count, where + ": Get of a list is its length");
                for (int i = 0; i < items.Count; i++)
                {
                    Assert.Equal(row.ItemKind, items[i].Kind, where + "[" + i + "]: kind");
                    values += Walk(items[i], where + "[" + i + "]");
                }
            }
            return values;
        }

        private static void Walked(Result result, string path, int atLeast)
        {
            int values = Walk(result, path);
            Assert.True(values >= atLeast, path + ": every field reads as declared, " + atLeast + " or more with values, got " + values);
        }

        [Test]
        public static void ProductDetailsWithLatestVersionAndCustomFields()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo-trial" })
            {
                using (Product plain = client.ProductDetails(request))
                {
                    Assert.Equal(Kind.Product, plain.Kind, "Kind");
                    Assert.Equal(3L, plain.Id, "Id");
                    Assert.Equal("Demo Trial App", plain.Name, "Name");
                    Assert.Equal(true, plain.AllowTrial, "AllowTrial");
                    Assert.Equal(14L, plain.TrialDays, "TrialDays");
                    Assert.Equal("license-key", plain.AuthorizationMethod, "AuthorizationMethod");
                    Assert.Equal("{\"channel\":\"trial\"}", plain.Metadata, "Metadata");
                    Assert.Equal(null, plain.LatestVersion, "LatestVersion, not asked for");
                    Assert.True(plain.CustomFields == null || plain.CustomFields.Count == 0, "no custom fields, not asked for");
                }
                request.IncludeLatestVersion = true;
                request.IncludeCustomFields = true;
                using (Product full = client.ProductDetails(request))
                {
                    Assert.True(full.LatestVersion.Contains("\"version\":\"2.1.0\""), "LatestVersion, got " + full.LatestVersion);
                    Assert.Equal(1, full.CustomFields.Count, "CustomFields.Count");
                    Assert.Equal(7001L, full.CustomFields[0].Id, "CustomFields[0].Id");
                    Assert.Equal("region", full.CustomFields[0].Name, "CustomFields[0].Name");
                    Assert.Equal("eu", full.CustomFields[0].DefaultValue, "CustomFields[0].DefaultValue");
                    Walked(full, "product", 17);
                }
                request.Product = "no-such-product";
                Fails<LicenseException>(() => client.ProductDetails(request).Dispose(), Status.UnknownProduct, "unknown_product");
            }
        }

        [Test]
        public static void KeyAndUserTrials()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo-trial", HardwareId = Session.NewHardwareId("trial"), Email = "trial@example.com" })
            {
                string key;
                using (Trial trial = client.TrialKey(request))
                {
                    Assert.Equal(Kind.Trial, trial.Kind, "Kind");
                    Assert.Equal(true, trial.IsTrial, "IsTrial");
                    Assert.Equal(14L, trial.TrialDays, "TrialDays");
                    Assert.Equal("time-limited", trial.LicenseType, "LicenseType");
                    key = trial.Key;
                    Assert.True(!string.IsNullOrEmpty(key), "a license key");
                    Walked(trial, "trial", 7);
                }
                request.Email = "";
                using (Trial again = client.TrialKey(request))
                {
                    Assert.Equal(key, again.Key, "the same device gets its trial back");
                }
                request.LicenseKey = key;
                using (License license = client.Activate(request))
                {
                    Assert.Equal(true, license.Trial, "the trial is a license: Trial");
                    Assert.True(license.ValidityPeriod != null, "a trial ends");
                }
                client.Deactivate(request);

                request.Product = "demo";
                Fails<LicenseException>(() => client.TrialKey(request).Dispose(), Status.TrialNotAllowed, "trial_not_allowed");
                request.Product = "demo-trial-user";
                Fails<InvalidArgumentException>(() => client.TrialKey(request).Dispose(), Status.EmailMissing, "email_missing");

                string email = "newcomer-" + Guid.NewGuid().ToString("N") + "@example.com";
                request.Email = email;
                request.LicenseKey = "";
                using (Trial userTrial = client.TrialKey(request))
                {
                    Assert.Equal(email, userTrial.LicenseUser, "LicenseUser");
                    request.Username = email;
                    request.Password = userTrial.InitialPassword;
                }
                using (License license = client.Activate(request))
                {
                    Assert.Equal(email, license.UserEmail, "the user trial activates with its first password");
                }
                client.Deactivate(request);
            }
        }

        [Test]
        public static void FeaturesAndTheirConsumption()
        {
            using (var client = new Client(Session.Options()))
            using (var request = Key("DEMO-FEATURES", "features"))
            {
                client.Activate(request).Dispose();
                request.Feature = "basic";
                using (Feature basic = client.CheckFeature(request))
                {
                    Assert.Equal(Kind.Feature, basic.Kind, "Kind");
                    Assert.Equal("basic", basic.Code, "Code");
                    Assert.Equal("{\"tier\":1}", basic.Metadata, "Metadata");
                    Assert.Equal(1016L, basic.LicenseId, "LicenseId");
                }
                request.Feature = "nope";
                Fails<LicenseException>(() => client.CheckFeature(request).Dispose(), Status.InvalidLicenseFeatureCode, "invalid_license_feature_code");
                request.Feature = "";
                var missing = Assert.Throws<InvalidArgumentException>(() => client.CheckFeature(request).Dispose(), "no feature");
                Assert.Equal(Status.InvalidArgument, missing.Status, "checked before sending");
                Assert.Equal("feature is required by check_feature", missing.Message, "Message");

                request.Feature = "credits";
                long before;
                using (Feature credits = client.CheckFeature(request))
                {
                    before = credits.TotalConsumptions ?? 0;
                    Assert.Equal(5L, credits.MaxConsumption, "MaxConsumption");
                }
                request.Consumptions = 2;
                using (Feature after = client.AddFeatureConsumption(request))
                {
                    Assert.Equal(before + 2, after.TotalConsumptions, "TotalConsumptions");
                }
                request.Consumptions = 4;
                Fails<LicenseException>(() => client.AddFeatureConsumption(request).Dispose(), Status.FeatureNotEnoughConsumptions, "feature_not_enough_consumptions");
                request.Consumptions = null;
                client.Deactivate(request);
            }
        }

        [Test]
        public static void LicenseConsumptionLimitOveragesAndNegatives()
        {
            using (var client = new Client(Session.Options()))
            using (var request = Key("DEMO-METERED", "metered"))
            {
                long before;
                using (License license = client.Activate(request))
                {
                    before = license.TotalConsumptions ?? 0;
                }
                request.Consumptions = 12 - before; // the limit of 10 and both overages
                using (Consumption used = client.AddConsumption(request))
                {
                    Assert.Equal(Kind.Consumption, used.Kind, "Kind");
                    Assert.Equal(12L, used.TotalConsumptions, "TotalConsumptions");
                    Assert.Equal(10L, used.MaxConsumptions, "MaxConsumptions");
                    Assert.Equal(true, used.AllowOverages, "AllowOverages");
                    Assert.Equal(2L, used.MaxOverages, "MaxOverages");
                    Walked(used, "consumption", 9);
                }
                request.Consumptions = 1;
                Fails<LicenseException>(() => client.AddConsumption(request).Dispose(), Status.LicenseNotEnoughConsumptions, "license_not_enough_consumptions");
                request.Consumptions = before - 12; // negative consumptions are allowed here: back to where it was
                using (Consumption back = client.AddConsumption(request))
                {
                    Assert.Equal(before, back.TotalConsumptions, "TotalConsumptions after giving back");
                }
                request.Consumptions = null;
                client.Deactivate(request);
            }
            using (var client = new Client(Session.Options()))
            using (var request = Key("DEMO-UNLIMITED", "not-metered"))
            {
                client.Activate(request).Dispose();
                Fails<LicenseException>(() => client.AddConsumption(request).Dispose(), Status.LicenseNotConsumption, "license_not_consumption");
                client.Deactivate(request);
            }
        }

        [Test]
        public static void FloatingSeatsCheckBorrowAndRelease()
        {
            using (var client = new Client(Session.Options()))
            {
                var devices = Enumerable.Range(0, 3).Select(i => Key("DEMO-FLOATING-CLOUD", "seat" + i)).ToList();
                Fails<LicenseException>(() => client.FloatingRelease(devices[0]), Status.DeviceNotFound, "device_not_found");
                try
                {
                    devices.ForEach(d => client.Activate(d).Dispose());
                    client.Check(devices[0]).Dispose();
                    client.Check(devices[1]).Dispose();
                    Fails<LicenseException>(() => client.Check(devices[2]).Dispose(), Status.FloatingNotAvailable, "floating_not_available");
                    using (Borrow borrow = client.FloatingBorrow(devices[1]))
                    {
                        Assert.Equal(Kind.Borrow, borrow.Kind, "Kind");
                        Assert.True(borrow.BorrowedUntil.Length > 0, "BorrowedUntil");
                        Assert.Equal(48L, borrow.MaxBorrowTime, "MaxBorrowTime");
                        Assert.Equal(1015L, borrow.LicenseId, "LicenseId");
                    }
                    devices[1].BorrowedUntil = "2000-01-01T00:00:00Z";
                    Fails<LicenseException>(() => client.FloatingBorrow(devices[1]).Dispose(), Status.BorrowUntilNotValid, "borrow_until_not_valid");
                    client.FloatingRelease(devices[0]);
                    using (License license = client.Check(devices[2]))
                    {
                        Assert.Equal(2L, license.FloatingInUseDevices, "the released seat is taken again");
                    }
                    using (License license = client.Check(devices[1]))
                    {
                        Assert.Equal(true, license.IsBorrowed, "IsBorrowed");
                    }
                }
                finally
                {
                    devices.ForEach(d => client.Deactivate(d));
                }
                using (var noBorrow = Key("DEMO-FLOATING-NO-BORROW", "no-borrow"))
                using (var notFloating = Key("DEMO-UNLIMITED", "not-floating"))
                {
                    client.Activate(noBorrow).Dispose();
                    Fails<LicenseException>(() => client.FloatingBorrow(noBorrow).Dispose(), Status.LicenseBorrowNotAllowed, "license_borrow_not_allowed");
                    client.Deactivate(noBorrow);
                    client.Activate(notFloating).Dispose();
                    Fails<LicenseException>(() => client.FloatingRelease(notFloating), Status.FloatingNotAvailable, "floating_not_available");
                    client.Deactivate(notFloating);
                }
            }
        }

        [Test]
        public static void FloatingFeatureBorrowAndRelease()
        {
            using (var client = new Client(Session.Options()))
            using (var a = Key("DEMO-FEATURES", "feature-a"))
            using (var b = Key("DEMO-FEATURES", "feature-b"))
            {
                client.Activate(a).Dispose();
                client.Activate(b).Dispose();
                a.Feature = b.Feature = "render";
                using (Feature borrowed = client.FloatingFeatureBorrow(a))
                {
                    Assert.Equal(Kind.Feature, borrowed.Kind, "Kind");
                    Assert.Equal(true, borrowed.IsBorrowed, "IsBorrowed");
                    Assert.True(borrowed.BorrowedUntil != null, "BorrowedUntil");
                }
                Fails<LicenseException>(() => client.CheckFeature(b).Dispose(), Status.FloatingNotAvailable, "floating_not_available");
                client.FloatingFeatureRelease(a);
                using (Feature render = client.CheckFeature(b))
                {
                    Assert.Equal(1L, render.FloatingInUseDevices, "FloatingInUseDevices");
                }
                Fails<LicenseException>(() => client.FloatingFeatureRelease(a), Status.FloatingFeatureDeviceNotInUse, "floating_feature_device_not_in_use");
                a.Feature = "basic";
                Fails<LicenseException>(() => client.FloatingFeatureBorrow(a).Dispose(), Status.FeatureNotFloating, "feature_not_floating");
                client.FloatingFeatureRelease(b);
                a.Feature = b.Feature = "";
                client.Deactivate(a);
                client.Deactivate(b);
            }
        }

        [Test]
        public static void BundleActivateCheckAndDeactivate()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo-suite", HardwareId = Session.NewHardwareId("bundle"), LicenseKey = "DEMO-SUITE-KEY" })
            {
                using (Bundle bundle = client.ActivateBundle(request))
                {
                    Assert.Equal(Kind.Bundle, bundle.Kind, "Kind");
                    Assert.Equal(2, bundle.Count, "Count");
                    Assert.Equal("1019,1101", string.Join(",", bundle.Select(l => l.Id)), "the bundle is the list of its licenses");
                    Assert.Equal("demo,demo-addon", string.Join(",", bundle.Licenses.Select(l => l.ProductShortCode)), "Licenses");
                    Assert.Equal(Kind.License, bundle[0].Kind, "an item is a License");
                    Assert.Equal("DEMO-SUITE-KEY", bundle[0].Key, "Key");
                    Assert.Equal(request.HardwareId, bundle[0].HardwareId, "HardwareId");
                    Assert.Equal("suite", bundle[0].Features[0].Code, "Features[0].Code");
                    Assert.Equal(2L, bundle.Get(Field.BundleLicenses), "Get of the list is its length");
                    Assert.True(bundle.Json.StartsWith("["), "Json is the whole list");
                    var e = Assert.Throws<InvalidArgumentException>(() => { var _ = bundle[2]; }, "bundle[2]");
                    Assert.Equal(Status.IndexOutOfRange, e.Status, "status");
                    Walked(bundle, "bundle", 100);
                }
                Fails<LicenseException>(() => client.ActivateBundle(request).Dispose(), Status.LicenseDeviceExists, "license_device_exists", 409);
                using (Bundle bundle = client.CheckBundle(request))
                {
                    Assert.Equal(true, bundle[0].Active, "Active");
                    Assert.Equal(1L, bundle[0].TimesActivated, "TimesActivated");
                    Assert.Equal(true, bundle[1].Enabled, "Enabled");
                }
                using (var addon = new Request { Product = "demo-addon", HardwareId = request.HardwareId, LicenseKey = "DEMO-SUITE-KEY" })
                using (License license = client.Check(addon))
                {
                    Assert.Equal(1101L, license.Id, "each license of the bundle stays a license of its product");
                }
                client.DeactivateBundle(request);
                Fails<LicenseException>(() => client.CheckBundle(request).Dispose(), Status.DeviceNotFound, "device_not_found");
                Fails<LicenseException>(() => client.DeactivateBundle(request), Status.DeviceNotFound, "device_not_found");
                request.Product = "no-such-bundle";
                Fails<LicenseException>(() => client.ActivateBundle(request).Dispose(), Status.UnknownProduct, "unknown_product");
            }
        }

        [Test]
        public static void VersionsAndInstallationFiles()
        {
            using (var client = new Client(Session.Options()))
            using (var maintenance = Key("DEMO-MAINTENANCE", "maintenance"))
            using (var current = Key("DEMO-TIME-LIMITED", "versions"))
            {
                Fails<LicenseException>(() => client.Versions(maintenance).Dispose(), Status.DeviceNotFound, "device_not_found");
                client.Activate(maintenance).Dispose();
                using (Versions versions = client.Versions(maintenance))
                {
                    Assert.Equal(Kind.Versions, versions.Kind, "Kind");
                    Assert.Equal("1.0.0,1.1.0", string.Join(",", versions.Select(v => v.Version)), "only the versions of the maintenance period");
                    Assert.Equal(versions.Count, versions.Items.Count, "Items");
                    Assert.Equal(Kind.Version, versions[1].Kind, "an item is a VersionInfo");
                    Assert.Equal("2020-01-01T00:00:00.000Z", versions[0].ReleaseDate, "ReleaseDate");
                    Walked(versions, "versions", 5);
                }
                using (InstallationFile file = client.InstallationFile(maintenance))
                {
                    Assert.Equal(Kind.InstallationFile, file.Kind, "Kind");
                    Assert.Equal(9003L, file.Id, "Id");
                    Assert.Equal("1.1.0", file.Version, "Version");
                    Assert.Equal("linux", file.Environment, "Environment");
                    Assert.Equal("stable", file.Channel, "Channel");
                    Assert.Equal("https://downloads.example.com/demo/1.1.0/demo-linux.tar.gz", file.Url, "Url");
                    Assert.True(file.EulaLink != null && file.ReleaseNotesLink != null, "links");
                    Walked(file, "installation_file", 9);
                }
                maintenance.Version = "2.0.0";
                Fails<LicenseException>(() => client.InstallationFile(maintenance).Dispose(), Status.VersionNotFound, "version_not_found");
                maintenance.Version = "";
                client.Deactivate(maintenance);

                client.Activate(current).Dispose();
                current.Env = "linux";
                current.Channel = "stable";
                using (Versions versions = client.Versions(current))
                {
                    Assert.Equal("1.0.0,1.1.0,2.0.0", string.Join(",", versions.Select(v => v.Version)), "linux, stable");
                }
                current.Channel = "beta";
                using (InstallationFile beta = client.InstallationFile(current))
                {
                    Assert.Equal("2.1.0-beta", beta.Version, "the latest beta");
                }
                current.Channel = "";
                current.Version = "2.0.0";
                using (InstallationFile file = client.InstallationFile(current))
                {
                    Assert.Equal(9004L, file.Id, "Id");
                    Assert.Equal("1.1.0", file.RequiresVersion, "RequiresVersion");
                    Assert.True(file.Sha256 != null, "Sha256");
                }
                current.Version = "";
                current.Env = "win64";
                using (InstallationFile file = client.InstallationFile(current))
                {
                    Assert.Equal("https://downloads.example.com/demo/1.0.0/demo-win64.msi", file.Url, "win64");
                }
                current.Env = "mac";
                Fails<LicenseException>(() => client.InstallationFile(current).Dispose(), Status.VersionNotFound, "version_not_found");
                current.Env = "bsd";
                Fails<InvalidArgumentException>(() => client.Versions(current).Dispose(), Status.ValidationError, "validation_error");
                current.Env = "";
                client.Deactivate(current);
            }
        }

        [Test]
        public static void DeviceVariablesTrackedAndRead()
        {
            using (var client = new Client(Session.Options()))
            using (var request = Key("DEMO-UNLIMITED", "variables"))
            {
                Fails<LicenseException>(() => client.GetDeviceVariables(request).Dispose(), Status.DeviceNotFound, "device_not_found");
                client.Activate(request).Dispose();
                var none = Assert.Throws<InvalidArgumentException>(() => client.TrackDeviceVariables(request).Dispose(), "no variables");
                Assert.Equal(Status.InvalidArgument, none.Status, "variables are required, checked before sending");
                request.SetVariable("gpu", "rtx");
                request.SetVariable("os", "linux");
                using (DeviceVariables tracked = client.TrackDeviceVariables(request))
                {
                    Assert.Equal(Kind.DeviceVariables, tracked.Kind, "Kind");
                    Assert.Equal("gpu=rtx,os=linux", string.Join(",", tracked.Select(v => v.Name + "=" + v.Value)), "tracked");
                    Assert.True(tracked[0].DeviceId != null, "DeviceId");
                }
                using (DeviceVariables stored = client.GetDeviceVariables(request))
                {
                    Assert.Equal("gpu=rtx,os=linux", string.Join(",", stored.Select(v => v.Name + "=" + v.Value)), "stored");
                    Assert.Equal(Kind.DeviceVariable, stored[0].Kind, "an item is a DeviceVariable");
                    Assert.True(stored[0].Id != null && stored[0].CreatedAt != null, "Id, CreatedAt");
                    Walked(stored, "device_variables", 11);
                }
                client.Deactivate(request);
                Fails<LicenseException>(() => client.TrackDeviceVariables(request).Dispose(), Status.DeviceNotFound, "device_not_found");
            }
        }

        [Test]
        public static void UserLicensesHoldNestedLicensesAndUsers()
        {
            License nested;
            using (var client = new Client(Session.Options()))
            using (var carol = new Request { Product = "demo-user", Username = "carol@example.com", Password = "carol-password" })
            {
                using (UserLicenses licenses = client.UserLicenses(carol))
                {
                    Assert.Equal(Kind.UserLicenses, licenses.Kind, "Kind");
                    Assert.Equal(1, licenses.Count, "Count");
                    UserLicense mine = licenses[0];
                    Assert.Equal(Kind.UserLicense, mine.Kind, "an item is a UserLicense");
                    nested = mine.License;
                    Assert.Equal(Kind.License, nested.Kind, "License is a nested License");
                    Assert.Equal(2002L, nested.Id, "License.Id");
                    Assert.Equal(true, nested.Active, "License.Active");
                    Assert.Equal("buyer@example.com", nested.CustomerEmail, "License.CustomerEmail");
                    Assert.Equal("demo-user", nested.ProductShortCode, "License.ProductShortCode");
                    Assert.Equal(Kind.User, mine.User.Kind, "User is a nested User");
                    Assert.Equal(3003L, mine.User.Id, "User.Id");
                    Assert.Equal("carol@example.com", mine.User.Email, "User.Email");
                    Assert.Equal(2002L, ((License)mine.Get(Field.UserLicenseLicense)).Id, "Get of an object field is its nested result");
                    Assert.True(mine.License.Json.StartsWith("{\"") && mine.License.Json.Contains("\"id\":2002"), "the nested result's Json");
                    Walked(licenses, "user_licenses", 50);
                }
                Assert.Throws<ObjectDisposedException>(() => { var _ = nested.Id; }, "a nested result ends with its owner");

                using (var alice = new Request { Product = "demo-user", IdToken = "sso-id-token-alice", CustomerAccountCode = "demo-corp" })
                using (UserLicenses licenses = client.UserLicenses(alice))
                {
                    Assert.Equal(2001L, licenses[0].License.Id, "through single sign-on");
                    Assert.Equal("alice@example.com", licenses[0].User.Email, "User.Email");
                }
                carol.Password = "wrong-password-value";
                var e = Fails<LicenseException>(() => client.UserLicenses(carol).Dispose(), Status.LicenseNotFound, "license_not_found");
                Assert.True(!e.Message.Contains("wrong-password-value"), "the password is not in the message");
            }
        }

        [Test]
        public static void CustomerLicenseUsers()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo-user", Customer = "buyer@example.com" })
            {
                using (CustomerUsers customer = client.CustomerLicenseUsers(request))
                {
                    Assert.Equal(Kind.CustomerUsers, customer.Kind, "Kind");
                    Assert.Equal("buyer@example.com", customer.CustomerEmail, "CustomerEmail");
                    Assert.Equal("Grace", customer.CustomerFirstName, "CustomerFirstName");
                    Assert.Equal("Hopper", customer.CustomerLastName, "CustomerLastName");
                    Assert.Equal("Example Corp", customer.CustomerCompanyName, "CustomerCompanyName");
                    Assert.Equal("carol@example.com,dave@example.com", string.Join(",", customer.Users.Select(u => u.Email)), "Users");
                    Assert.Equal(Kind.User, customer.Users[0].Kind, "a User");
                    Walked(customer, "customer_users", 20);
                }
                request.Customer = "nobody@example.com";
                Fails<LicenseException>(() => client.CustomerLicenseUsers(request).Dispose(), Status.CustomerNotFound, "customer_not_found");
            }
        }

        [Test]
        public static void SsoUrlOfACustomerAccount()
        {
            using (var client = new Client(Session.Options()))
            using (var request = new Request { Product = "demo-user", CustomerAccountCode = "demo-corp", ResponseType = "code", RedirectUri = "http://127.0.0.1/signed-in" })
            {
                using (SsoUrl sso = client.SsoUrl(request))
                {
                    Assert.Equal(Kind.SsoUrl, sso.Kind, "Kind");
                    Assert.True(sso.Url.Contains("/realms/demo-corp/") && sso.Url.Contains("response_type=code"), "Url, got " + sso.Url);
                    Assert.True(sso.Url.Contains("redirect_uri=http%3A%2F%2F127.0.0.1%2Fsigned-in"), "the redirect URI is in the Url");
                    Assert.True(sso.OpenidConfiguration.Contains("\"issuer\""), "OpenidConfiguration (JSON text)");
                }
                request.CustomerAccountCode = "no-such-account";
                Fails<LicenseException>(() => client.SsoUrl(request).Dispose(), Status.CustomerNotFound, "customer_not_found");
            }
        }

        [Test]
        public static void ChangePasswordThenActivateWithTheNewOne()
        {
            using (var client = new Client(Session.Options()))
            using (var change = new Request { Username = "dave@example.com", Password = "wrong-password-value", NewPassword = "dave-password-2" })
            using (var dave = new Request { Product = "demo-user", HardwareId = Session.NewHardwareId("password"), Username = "dave@example.com", Password = "dave-password" })
            {
                var e = Fails<LicenseException>(() => client.ChangePassword(change), Status.LicenseNotFound, "license_not_found");
                Assert.True(!e.Message.Contains("wrong-password-value") && !e.Message.Contains("dave-password-2"), "no password in the message");
                change.Password = "dave-password";
                client.ChangePassword(change);
                try
                {
                    Fails<LicenseException>(() => client.Activate(dave).Dispose(), Status.LicenseNotFound, "license_not_found");
                    dave.Password = "dave-password-2";
                    using (License license = client.Activate(dave))
                    {
                        Assert.Equal("dave@example.com", license.UserEmail, "UserEmail");
                    }
                    using (UserLicenses licenses = client.UserLicenses(dave))
                    {
                        Assert.Equal(false, licenses[0].User.IsInitialPassword, "IsInitialPassword");
                        Assert.Equal(1L, licenses[0].User.TotalActivations, "TotalActivations");
                    }
                    client.Deactivate(dave);
                }
                finally
                {
                    change.Password = "dave-password-2";
                    change.NewPassword = "dave-password";
                    client.ChangePassword(change);
                }
            }
        }

        [Test]
        public static void NewOperationsRunAsynchronously()
        {
            using (var client = new Client(Session.Options()))
            using (var request = Key("DEMO-TIME-LIMITED", "async-versions"))
            using (var cancel = new CancellationTokenSource())
            {
                request.Env = "linux";
                client.ActivateAsync(request).GetAwaiter().GetResult().Dispose();
                using (Versions versions = client.VersionsAsync(request, cancel.Token).GetAwaiter().GetResult())
                {
                    Assert.Equal(4, versions.Count, "every linux version, of both channels");
                }
                var e = Assert.Throws<LicenseException>(() => client.FloatingReleaseAsync(request).GetAwaiter().GetResult(), "release of a license without seats");
                Assert.Equal(Status.FloatingNotAvailable, e.Status, "Status");
                client.DeactivateAsync(request).GetAwaiter().GetResult();
                cancel.Cancel();
                Assert.Throws<OperationCanceledException>(() => client.UserLicensesAsync(request, cancel.Token).GetAwaiter().GetResult(), "a cancelled token");
            }
        }
    }
}
