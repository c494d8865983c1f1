using System;

namespace LicenseSpring
{
    /// <summary>
    /// What a <see cref="Client"/> is built from: either ApiKey and SharedKey, or ClientId and
    /// ClientSecret (OAuth client credentials; the library fetches, shares and refreshes the tokens).
    /// Every other value left null (or false) keeps the library's default. Every value is checked by
    /// the library.
    /// </summary>
    public sealed class ClientOptions
    {
        /// <summary>The vendor's API key.</summary>
        public string ApiKey { get; set; }

        /// <summary>The shared key that signs requests (never sent, never logged).</summary>
        public string SharedKey { get; set; }

        /// <summary>The OAuth client ID, instead of ApiKey and SharedKey.</summary>
        public string ClientId { get; set; }

        /// <summary>The OAuth client secret (never logged, never in a message).</summary>
        public string ClientSecret { get; set; }

        /// <summary>Where OAuth tokens are fetched instead of the vendor's token endpoint.</summary>
        public string TokenUrl { get; set; }

        /// <summary>Scheme, host and port of the License API, e.g. "http://127.0.0.1:8080".</summary>
        public string BaseUrl { get; set; }

        /// <summary>Time allowed to connect (TCP and TLS); passed to the library in seconds, fractions included.</summary>
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary>Time allowed for a whole call, from connecting to the last byte; passed in seconds, fractions included.</summary>
        public TimeSpan? TotalTimeout { get; set; }

        /// <summary>A proxy URL used for every request instead of the proxy environment variables.</summary>
        public string Proxy { get; set; }

        /// <summary>Connect directly, ignoring the proxy environment variables.</summary>
        public bool DisableProxy { get; set; }

        /// <summary>A PEM file of extra trusted certificates.</summary>
        public string CaFile { get; set; }

        /// <summary>The RSA public key (PEM) that verifies responses instead of the vendor's.</summary>
        public string PublicKeyPem { get; set; }

        /// <summary>Accept responses without verifying their signature.</summary>
        public bool DisableSignatureVerification { get; set; }

        /// <summary>The application version sent when a request does not set its own.</summary>
        public string AppVersion { get; set; }
    }
}
