using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>
    /// A License API client. Immutable and safe to use from many threads at once; Dispose it once
    /// no call is in progress (a call in progress keeps it alive until it returns). The operation
    /// methods (Activate, ActivateAsync, Check, ...) are generated, one pair per operation.
    /// </summary>
    /// <remarks>
    /// Methods that call the native library are NoInlining so that no caller compiled before the
    /// library is located binds to it early (Mono binds a P/Invoke when it compiles the caller).
    /// </remarks>
    public sealed partial class Client : IDisposable
    {
        // Passed as the cancel handle (NULL) when the caller's token can never be cancelled.
        private static readonly CancelHandle NoCancel = new CancelHandle();

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

        // Each option the caller gave becomes one config setter; what was left null keeps the
        // library's default, and every value is checked by the library alone. A client ID or secret
        // selects OAuth client credentials.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ClientHandle Create(ClientOptions o)
        {
            bool oauth = o.ClientId != null || o.ClientSecret != null;
            if (oauth && (o.ApiKey != null || o.SharedKey != null))
                throw new ArgumentException("give either ApiKey and SharedKey or ClientId and ClientSecret, not both", "options");
            ConfigHandle config;
            IntPtr error;
            LicenseSpringException.Check(oauth
                ? NativeMethods.ls_config_new_oauth(Utf8.Encode(o.ClientId), Utf8.Encode(o.ClientSecret), out config, out error)
                : NativeMethods.ls_config_new(Utf8.Encode(o.ApiKey), Utf8.Encode(o.SharedKey), out config, out error), error);
            using (config)
            {
                if (o.TokenUrl != null)
                    LicenseSpringException.Check(NativeMethods.ls_config_set_token_url(config, Utf8.Encode(o.TokenUrl), out error), error);
                if (o.BaseUrl != null)
                    LicenseSpringException.Check(NativeMethods.ls_config_set_base_url(config, Utf8.Encode(o.BaseUrl), out error), error);
                if (o.ConnectTimeout.HasValue)
                    LicenseSpringException.Check(NativeMethods.ls_config_set_connect_timeout(config, o.ConnectTimeout.Value.TotalSeconds, out error), error);
                if (o.TotalTimeout.HasValue)
                    LicenseSpringException.Check(NativeMethods.ls_config_set_total_timeout(config, o.TotalTimeout.Value.TotalSeconds, out error), error);
                if (o.Proxy != null)
                    LicenseSpringException.Check(NativeMethods.ls_config_set_proxy(config, Utf8.Encode(o.Proxy), out error), error);
                if (o.DisableProxy)
                    LicenseSpringException.Check(NativeMethods.ls_config_disable_proxy(config, out error), error);
                if (o.CaFile != null)
                    LicenseSpringException.Check(NativeMethods.ls_config_add_ca_file(config, Utf8.Encode(o.CaFile), out error), error);
                if (o.PublicKeyPem != null)
                    LicenseSpringException.Check(NativeMethods.ls_config_set_public_key_pem(config, Utf8.Encode(o.PublicKeyPem), out error), error);
                if (o.DisableSignatureVerification)
                    LicenseSpringException.Check(NativeMethods.ls_config_disable_signature_verification(config, out error), error);
                if (o.AppVersion != null)
                    LicenseSpringException.Check(NativeMethods.ls_config_set_app_version(config, Utf8.Encode(o.AppVersion), out error), error);
                LicenseSpringException.Check(NativeMethods.ls_client_new(config, out ClientHandle client, out error), error);
                return client;
            }
        }

        /// <summary>True once disposed.</summary>
        public bool IsDisposed => handle.IsClosed;

        /// <summary>Releases the client; calling it again does nothing.</summary>
        public void Dispose() => handle.Dispose();

        /// <summary>Performs <paramref name="operation"/> on the calling thread and returns its result (an invalid handle for an operation that gives none).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal ResultHandle Call(Operation operation, Request request, CancellationToken token)
        {
            RequestHandle requestHandle = Request.HandleOf(request);
            ClientHandle clientHandle = Handle;
            ResultHandle result = null;
            Cancellable(token, (CancelHandle cancel, out IntPtr error) => NativeMethods.ls_call(clientHandle, (uint)operation, requestHandle, cancel, out result, out error));
            return result;
        }

        internal delegate Status NativeCall(CancelHandle cancel, out IntPtr error);

        /// <summary>
        /// Makes a blocking native call that takes a cancel handle (an operation, a store's network
        /// call). A token that can be cancelled gets its own native cancel handle, triggered when the
        /// token is; the call then ends at once with LS_ERR_CANCELLED, which becomes an
        /// OperationCanceledException carrying the token.
        /// </summary>
        internal static void Cancellable(CancellationToken token, NativeCall call)
        {
            Status status;
            IntPtr error;
            if (!token.CanBeCanceled)
            {
                LicenseSpringException.Check(call(NoCancel, out error), error);
                return;
            }
            token.ThrowIfCancellationRequested();
            LicenseSpringException.Check(NativeMethods.ls_cancel_new(out CancelHandle cancel, out error), error);
            using (cancel)
            {
                // Disposing the registration waits for a trigger in progress, so the handle is
                // never used after it is freed.
                using (token.Register(state => NativeMethods.ls_cancel_trigger((CancelHandle)state), cancel))
                {
                    status = call(cancel, out error);
                }
            }
            if (status == Status.Cancelled && token.IsCancellationRequested)
            {
                LicenseSpringException cancelled = LicenseSpringException.FromError(status, error);
                throw new OperationCanceledException(cancelled.Message, cancelled, token);
            }
            LicenseSpringException.Check(status, error);
        }

        // An asynchronous operation runs the blocking native call on a thread-pool worker. A new
        // thread per call (TaskCreationOptions.LongRunning) would keep the pool's workers free
        // during a long wait, but starting it doubles the time of a call (BENCHMARKS.md); the pool
        // adds workers when all of its own are busy. An OperationCanceledException carrying the
        // token marks the task as cancelled.
        internal static Task<T> RunAsync<T>(Func<T> call, CancellationToken token) =>
            Task.Run(call, token);

        internal static Task RunAsync(Action call, CancellationToken token) =>
            Task.Run(call, token);

        internal static ClientHandle HandleOf(Client client) => (client ?? throw new ArgumentNullException(nameof(client))).Handle;

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
