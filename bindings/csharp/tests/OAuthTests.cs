// OAuth client credentials through ClientOptions (ClientId, ClientSecret, TokenUrl) against the
// emulator's token endpoint: calls authenticated with a bearer token, a refused client in its own
// status without the secret anywhere, and the options passed to the library as given.
using System;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class OAuthTests
    {
        private const string Secret = "demo-client-secret";

        internal static ClientOptions OAuth(string clientId, string clientSecret) => new ClientOptions
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            TokenUrl = Session.Emulator.BaseUrl + "/auth/realms/user-portal/protocol/openid-connect/token",
            BaseUrl = Session.Emulator.BaseUrl,
            PublicKeyPem = Session.PublicKeyPem,
            DisableProxy = true,
        };

        [Test]
        public static void ClientCredentialsAuthenticateEveryCall()
        {
            using (var client = new Client(OAuth("demo-client", Secret)))
            using (var request = OperationTests.Key("DEMO-UNLIMITED", "oauth"))
            {
                using (License license = client.Activate(request))
                {
                    Assert.Equal("DEMO-UNLIMITED", license.Key, "Key");
                }
                client.Check(request).Dispose();
                using (var product = new Request { Product = "demo" })
                using (Product details = client.ProductDetailsAsync(product).GetAwaiter().GetResult())
                {
                    Assert.Equal(1L, details.Id, "Id");
                }
                client.Deactivate(request);
                // Authorized, so the server looked for the device.
                OperationTests.Fails<LicenseException>(() => client.Check(request).Dispose(), Status.DeviceNotFound, "device_not_found");
            }
        }

        [Test]
        public static void AWrongSecretIsAnInvalidClientWithoutTheSecret()
        {
            foreach (var credentials in new[] { Tuple.Create("demo-client", "wrong-secret-value"), Tuple.Create("demo-client-invalid", Secret) })
            {
                using (var client = new Client(OAuth(credentials.Item1, credentials.Item2)))
                using (var request = OperationTests.Key("DEMO-UNLIMITED", "oauth-wrong"))
                {
                    var e = OperationTests.Fails<AuthorizationException>(() => client.Activate(request).Dispose(), Status.OauthInvalidClient, "invalid_client", 401);
                    Assert.Equal("LS_ERR_OAUTH_INVALID_CLIENT", e.StatusName, "StatusName");
                    Assert.True(!e.ToString().Contains(credentials.Item2), credentials.Item1 + ": the secret is neither in the message nor in ToString: " + e);
                }
            }
        }

        [Test]
        public static void OAuthOptionsArePassedToTheLibrary()
        {
            var both = OAuth("demo-client", Secret);
            both.ApiKey = "demo-api-key";
            Assert.Throws<ArgumentException>(() => new Client(both), "an API key and OAuth client credentials");
            var empty = Assert.Throws<InvalidArgumentException>(() => new Client(OAuth("demo-client", "")), "an empty secret");
            Assert.Equal(Status.InvalidArgument, empty.Status, "refused by the library");
            var missing = Assert.Throws<InvalidArgumentException>(() => new Client(OAuth("demo-client", null)), "no secret");
            Assert.Equal(Status.NullArgument, missing.Status, "a null secret is passed as NULL");
            var url = OAuth("demo-client", Secret);
            url.TokenUrl = "ftp://127.0.0.1/token";
            Assert.Equal(Status.InvalidArgument, Assert.Throws<InvalidArgumentException>(() => new Client(url), "an ftp URL").Status, "the library checks the token URL");
            var apiKey = Session.Options();
            apiKey.TokenUrl = url.TokenUrl.Replace("ftp:", "http:");
            var e = Assert.Throws<InvalidArgumentException>(() => new Client(apiKey), "a token URL with an API key");
            Assert.Equal(Status.InvalidArgument, e.Status, "the library refuses a token URL for an API key");
        }
    }
}
