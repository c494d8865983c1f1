using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>
    /// A failed call into the library: its status, the server's code, the HTTP status, Retry-After
    /// and the message, all read from the ls_error the failed call handed back. The subclass
    /// (generated, one per category) is chosen by the library's category of the status.
    /// </summary>
    public partial class LicenseSpringException : Exception
    {
        public LicenseSpringException(Status status, string message, string serverCode = "", int httpStatus = 0, long? retryAfter = null)
            : base(message)
        {
            Status = status;
            StatusName = Library.StatusName(status);
            Category = Library.StatusCategory(status);
            ServerCode = serverCode;
            HttpStatus = httpStatus;
            RetryAfter = retryAfter;
        }

        /// <summary>The ls_status (its number is stable).</summary>
        public Status Status { get; }

        /// <summary>The status's constant name, e.g. "LS_ERR_LICENSE_EXPIRED".</summary>
        public string StatusName { get; }

        /// <summary>The status's group, as the library decides it.</summary>
        public Category Category { get; }

        /// <summary>The server's error code, e.g. "license_expired"; "" when it sent none.</summary>
        public string ServerCode { get; }

        /// <summary>The HTTP status of the response; 0 when no response arrived.</summary>
        public int HttpStatus { get; }

        /// <summary>Seconds the server asked to wait before retrying, or null when it did not say.</summary>
        public long? RetryAfter { get; }

        /// <summary>Throws the exception for a failed call's status and error (which it frees).</summary>
        internal static void Check(Status status, IntPtr error)
        {
            if (status != Status.Ok)
            {
                throw FromError(status, error);
            }
        }

        /// <summary>
        /// Reads the owned ls_error <paramref name="error"/> field by field, frees it, and builds the
        /// exception. Nothing thread-local is read, so this may run on any thread.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static LicenseSpringException FromError(Status status, IntPtr error)
        {
            if (error == IntPtr.Zero)
            {
                // Only if the library could not allocate the error: the status is all there is.
                return Create(status, Library.StatusDescription(status));
            }
            try
            {
                LsError e = Marshal.PtrToStructure<LsError>(error);
                return Create(e.status, Utf8.PtrToString(e.message), Utf8.PtrToString(e.server_code), e.http_status,
                    e.retry_after_secs < 0 ? (long?)null : e.retry_after_secs);
            }
            finally
            {
                NativeMethods.ls_error_free(error);
            }
        }
    }
}
