using System;
using System.Runtime.CompilerServices;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>
    /// A failed call into the library: its status, the server's code, the HTTP status and the
    /// message. The subclass is chosen by the library's category of the status.
    /// </summary>
    public class LicenseSpringException : Exception
    {
        public LicenseSpringException(Status status, string statusName, Category category, string message,
            string serverCode, int httpStatus, long? retryAfter)
            : base(message)
        {
            Status = status;
            StatusName = statusName;
            Category = category;
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

        /// <summary>
        /// Builds the exception for <paramref name="status"/> from the library's last error. Call it
        /// on the thread that made the failing call, before any other call into the library.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static LicenseSpringException FromLastError(Status status)
        {
            string message = Utf8.PtrToString(NativeMethods.ls_last_error_message());
            string code = Utf8.PtrToString(NativeMethods.ls_last_error_code()) ?? "";
            int http = NativeMethods.ls_last_error_http_status();
            long retry = NativeMethods.ls_last_error_retry_after();
            string name = Utf8.PtrToString(NativeMethods.ls_status_name((int)status));
            Category category = NativeMethods.ls_status_category((int)status);
            if (string.IsNullOrEmpty(message))
            {
                message = Utf8.PtrToString(NativeMethods.ls_status_description((int)status));
            }
            long? retryAfter = retry < 0 ? (long?)null : retry;
            switch (category)
            {
                case Category.InvalidArgument:
                    return new InvalidArgumentException(status, name, category, message, code, http, retryAfter);
                case Category.Network:
                    return new NetworkException(status, name, category, message, code, http, retryAfter);
                case Category.Authorization:
                    return new AuthorizationException(status, name, category, message, code, http, retryAfter);
                case Category.License:
                    return new LicenseException(status, name, category, message, code, http, retryAfter);
                case Category.Verification:
                    return new SignatureVerificationException(status, name, category, message, code, http, retryAfter);
                case Category.Server:
                    return new ServerException(status, name, category, message, code, http, retryAfter);
                case Category.Internal:
                    return new InternalException(status, name, category, message, code, http, retryAfter);
                default:
                    return new LicenseSpringException(status, name, category, message, code, http, retryAfter);
            }
        }

        /// <summary>Throws the exception for <paramref name="status"/> unless it is Ok.</summary>
        public static void Check(Status status)
        {
            if (status != Status.Ok)
            {
                throw FromLastError(status);
            }
        }
    }

    /// <summary>The caller's input was refused, locally or by the server's request validation.</summary>
    public class InvalidArgumentException : LicenseSpringException
    {
        public InvalidArgumentException(Status status, string statusName, Category category, string message,
            string serverCode, int httpStatus, long? retryAfter)
            : base(status, statusName, category, message, serverCode, httpStatus, retryAfter) { }
    }

    /// <summary>No usable response: connect, timeout, TLS, proxy, connection lost.</summary>
    public class NetworkException : LicenseSpringException
    {
        public NetworkException(Status status, string statusName, Category category, string message,
            string serverCode, int httpStatus, long? retryAfter)
            : base(status, statusName, category, message, serverCode, httpStatus, retryAfter) { }
    }

    /// <summary>The server refused the credentials or the request signature.</summary>
    public class AuthorizationException : LicenseSpringException
    {
        public AuthorizationException(Status status, string statusName, Category category, string message,
            string serverCode, int httpStatus, long? retryAfter)
            : base(status, statusName, category, message, serverCode, httpStatus, retryAfter) { }
    }

    /// <summary>The server refused because of the license's or the device's state.</summary>
    public class LicenseException : LicenseSpringException
    {
        public LicenseException(Status status, string statusName, Category category, string message,
            string serverCode, int httpStatus, long? retryAfter)
            : base(status, statusName, category, message, serverCode, httpStatus, retryAfter) { }
    }

    /// <summary>The response's signature is missing or does not verify.</summary>
    public class SignatureVerificationException : LicenseSpringException
    {
        public SignatureVerificationException(Status status, string statusName, Category category, string message,
            string serverCode, int httpStatus, long? retryAfter)
            : base(status, statusName, category, message, serverCode, httpStatus, retryAfter) { }
    }

    /// <summary>The server failed or answered something unusable (5xx, 429, non-JSON, unknown code).</summary>
    public class ServerException : LicenseSpringException
    {
        public ServerException(Status status, string statusName, Category category, string message,
            string serverCode, int httpStatus, long? retryAfter)
            : base(status, statusName, category, message, serverCode, httpStatus, retryAfter) { }
    }

    /// <summary>A bug inside the library; the process is unharmed.</summary>
    public class InternalException : LicenseSpringException
    {
        public InternalException(Status status, string statusName, Category category, string message,
            string serverCode, int httpStatus, long? retryAfter)
            : base(status, statusName, category, message, serverCode, httpStatus, retryAfter) { }
    }
}
