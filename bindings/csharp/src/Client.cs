using System;
using System.Runtime.CompilerServices;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>
    /// A License API client. Immutable and safe to use from many threads at once; Dispose it once
    /// no call is in progress (a call in progress keeps it alive until it returns).
    /// </summary>
    /// <remarks>
    /// Members that call the native library are NoInlining so that no caller compiled before the
    /// library is located binds to it early (Mono resolves P/Invoke targets at compile time).
    /// </remarks>
    public sealed class Client : IDisposable
    {
        private readonly ClientHandle handle;

        /// <summary>Builds a client; does not touch the network.</summary>
        public Client(ClientOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }
            NativeLibraryLoader.EnsureLoaded();
            handle = Create(options);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ClientHandle Create(ClientOptions options)
        {
            ConfigHandle config;
            LicenseSpringException.Check(NativeMethods.ls_config_new(
                Utf8.Encode(options.ApiKey), Utf8.Encode(options.SharedKey), out config));
            using (config)
            {
                if (options.BaseUrl != null)
                {
                    LicenseSpringException.Check(NativeMethods.ls_config_set_base_url(config, Utf8.Encode(options.BaseUrl)));
                }
                if (options.ConnectTimeout.HasValue || options.TotalTimeout.HasValue)
                {
                    if (!options.ConnectTimeout.HasValue || !options.TotalTimeout.HasValue)
                    {
                        throw new ArgumentException("ConnectTimeout and TotalTimeout are set together", nameof(options));
                    }
                    LicenseSpringException.Check(NativeMethods.ls_config_set_timeouts(config,
                        Milliseconds(options.ConnectTimeout.Value, "ConnectTimeout"),
                        Milliseconds(options.TotalTimeout.Value, "TotalTimeout")));
                }
                if (options.Proxy != null)
                {
                    LicenseSpringException.Check(NativeMethods.ls_config_set_proxy(config, Utf8.Encode(options.Proxy)));
                }
                if (options.DisableProxy)
                {
                    LicenseSpringException.Check(NativeMethods.ls_config_disable_proxy(config));
                }
                if (options.CaFile != null)
                {
                    LicenseSpringException.Check(NativeMethods.ls_config_add_ca_file(config, Utf8.Encode(options.CaFile)));
                }
                if (options.PublicKeyPem != null)
                {
                    LicenseSpringException.Check(NativeMethods.ls_config_set_public_key_pem(config, Utf8.Encode(options.PublicKeyPem)));
                }
                if (options.DisableSignatureVerification)
                {
                    LicenseSpringException.Check(NativeMethods.ls_config_disable_signature_verification(config));
                }
                if (options.AppVersion != null)
                {
                    LicenseSpringException.Check(NativeMethods.ls_config_set_app_version(config, Utf8.Encode(options.AppVersion)));
                }
                ClientHandle client;
                LicenseSpringException.Check(NativeMethods.ls_client_new(config, out client));
                return client;
            }
        }

        private static uint Milliseconds(TimeSpan value, string name)
        {
            double ms = Math.Ceiling(value.TotalMilliseconds);
            if (ms < 0 || ms > uint.MaxValue)
            {
                throw new ArgumentOutOfRangeException(name, value, "must be between 0 and " + uint.MaxValue + " ms");
            }
            return (uint)ms;
        }

        /// <summary>Activates a license on the request's device. Blocks on the network.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public License Activate(Request request)
        {
            LicenseHandle license;
            LicenseSpringException.Check(NativeMethods.ls_activate(Handle, Request.HandleOf(request), out license));
            return new License(license);
        }

        /// <summary>Reads the license's current state for the request's device. Blocks on the network.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public License Check(Request request)
        {
            LicenseHandle license;
            LicenseSpringException.Check(NativeMethods.ls_check(Handle, Request.HandleOf(request), out license));
            return new License(license);
        }

        /// <summary>Deactivates the license on the request's device. Blocks on the network.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Deactivate(Request request)
        {
            LicenseSpringException.Check(NativeMethods.ls_deactivate(Handle, Request.HandleOf(request)));
        }

        /// <summary>True once disposed.</summary>
        public bool IsDisposed => handle.IsClosed;

        /// <summary>Releases the client; calling it again does nothing.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        private ClientHandle Handle
        {
            get
            {
                if (handle.IsClosed)
                {
                    throw new ObjectDisposedException(nameof(Client), "the client was disposed");
                }
                return handle;
            }
        }
    }
}
