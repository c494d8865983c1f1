// Raw declarations of include/licensespring.h, one to one: same names, same argument order, same
// widths. Input strings are NUL-terminated UTF-8 byte arrays (see Utf8.Encode); output strings are
// IntPtr so that the marshaller never frees them. Nothing here has behaviour of its own.
using System;
using System.Runtime.InteropServices;

namespace LicenseSpring.Native
{
    /// <summary>ls_status: the status of every fallible call.</summary>
    public enum Status : int
    {
        Ok = 0,
        NullArgument = 1,
        InvalidUtf8 = 2,
        InvalidArgument = 3,
        IndexOutOfRange = 4,
        HardwareIdUnavailable = 5,
        Connect = 100,
        Timeout = 101,
        Tls = 102,
        Proxy = 103,
        Network = 104,
        UnexpectedResponse = 200,
        NonJsonResponse = 201,
        ResponseTooLarge = 202,
        SignatureMissing = 203,
        SignatureInvalid = 204,
        Redirect = 205,
        Server = 300,
        RateLimited = 301,
        ServerOther = 302,
        MissingHeaders = 400,
        DateHeaderDiff = 401,
        HmacRequired = 402,
        SignatureMismatch = 403,
        InvalidApiKey = 404,
        AuthorizationInvalidHeaders = 405,
        AuthorizationMissingParams = 406,
        ApiKeyProductNotAllowed = 407,
        OauthTokenExpired = 408,
        OauthTokenMalformed = 409,
        UnknownProduct = 500,
        LicenseNotFound = 501,
        LicenseNotEnabled = 502,
        LicenseNotActive = 503,
        VmNotAllowed = 504,
        OfflineFloatingCloudNotSupported = 505,
        LicenseStartDate = 506,
        Blacklisted = 507,
        LicenseActivatedMaxTimes = 508,
        LicenseUserActivatedMaxTimes = 509,
        LicenseExpired = 510,
        LicenseTransferredMaxTimes = 511,
        LicenseDeviceExists = 512,
        DeviceNotFound = 513,
        ArchivedProduct = 514,
        DisabledProduct = 515,
        TrialExpired = 516,
        FloatingNotAvailable = 517,
        UnsupportedProductFeature = 518,
        CustomerNotFound = 519,
        MissingParameters = 600,
        ValidationError = 601,
        InvalidJson = 602,
        MissingHardwareId = 603,
        LicenseKeyRequired = 604,
        NotFound = 605,
        RequestTooLarge = 606,
        Internal = 900,
    }

    /// <summary>ls_category: the group of a status, as decided by the library.</summary>
    public enum Category : int
    {
        None = 0,
        InvalidArgument = 1,
        Network = 2,
        Authorization = 3,
        License = 4,
        Verification = 5,
        Server = 6,
        Internal = 7,
    }

    /// <summary>ls_request_field: the string fields of a request.</summary>
    public enum RequestField : uint
    {
        Product = 0,
        HardwareId = 1,
        LicenseKey = 2,
        Username = 3,
        Password = 4,
        IdToken = 5,
        Code = 6,
        CustomerAccountCode = 7,
        VmInfo = 8,
        OsVer = 9,
        Hostname = 10,
        OsHostname = 11,
        Ip = 12,
        IpLocal = 13,
        AppVer = 14,
        MacAddress = 15,
    }

    /// <summary>P/Invoke declarations of every function in licensespring.h.</summary>
    public static class NativeMethods
    {
        /// <summary>The name given to DllImport; see NativeLibraryLoader for how it is found.</summary>
        public const string LibraryName = "licensespring";

        /// <summary>LS_ABI_VERSION of the header these declarations mirror.</summary>
        public const uint AbiVersion = 1;

        /// <summary>LS_MAX_RESPONSE_BYTES of the header.</summary>
        public const int MaxResponseBytes = 2 * 1024 * 1024;

        private const CallingConvention Cdecl = CallingConvention.Cdecl;

        // Client
        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_client_new(ConfigHandle config, out ClientHandle @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern void ls_client_free(IntPtr client);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_activate(ClientHandle client, RequestHandle request, out LicenseHandle @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_check(ClientHandle client, RequestHandle request, out LicenseHandle @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_deactivate(ClientHandle client, RequestHandle request);

        // Config
        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_new(byte[] api_key, byte[] shared_key, out ConfigHandle @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern void ls_config_free(IntPtr config);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_set_base_url(ConfigHandle config, byte[] url);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_set_timeouts(ConfigHandle config, uint connect_ms, uint total_ms);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_set_proxy(ConfigHandle config, byte[] url);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_disable_proxy(ConfigHandle config);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_add_ca_file(ConfigHandle config, byte[] path);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_set_public_key_pem(ConfigHandle config, byte[] pem);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_disable_signature_verification(ConfigHandle config);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_config_set_app_version(ConfigHandle config, byte[] version);

        // Last error (thread-local in the library; read on the thread that made the failing call)
        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_last_error_status();

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern IntPtr ls_last_error_message();

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern IntPtr ls_last_error_code();

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern int ls_last_error_http_status();

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern long ls_last_error_retry_after();

        // License
        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern void ls_license_free(IntPtr license);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_json(LicenseHandle license, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_id(LicenseHandle license, out long @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_key(LicenseHandle license, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_type(LicenseHandle license, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_is_active(LicenseHandle license, [MarshalAs(UnmanagedType.U1)] out bool @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_is_enabled(LicenseHandle license, [MarshalAs(UnmanagedType.U1)] out bool @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_is_expired(LicenseHandle license, [MarshalAs(UnmanagedType.U1)] out bool @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_is_trial(LicenseHandle license, [MarshalAs(UnmanagedType.U1)] out bool @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_validity_period(LicenseHandle license, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_times_activated(LicenseHandle license, out long @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_max_activations(LicenseHandle license, out long @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_feature_count(LicenseHandle license, out UIntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_feature_code(LicenseHandle license, UIntPtr index, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_feature_name(LicenseHandle license, UIntPtr index, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_custom_field_count(LicenseHandle license, out UIntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_custom_field_name(LicenseHandle license, UIntPtr index, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_custom_field_value(LicenseHandle license, UIntPtr index, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_customer_email(LicenseHandle license, out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_license_user_email(LicenseHandle license, out IntPtr @out);

        // Library information
        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern IntPtr ls_version();

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern uint ls_abi_version();

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern IntPtr ls_status_name(int status);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern IntPtr ls_status_description(int status);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Category ls_status_category(int status);

        // Hardware ID
        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_hardware_id(out IntPtr @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern void ls_string_free(IntPtr @string);

        // Request
        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_request_new(out RequestHandle @out);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern void ls_request_free(IntPtr request);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_request_set(RequestHandle request, uint field, byte[] value);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_request_set_license_id(RequestHandle request, long license_id);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_request_set_is_vm(RequestHandle request, [MarshalAs(UnmanagedType.U1)] bool is_vm);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_request_set_consumptions(RequestHandle request, long consumptions);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern Status ls_request_set_variable(RequestHandle request, byte[] name, byte[] value);

        [DllImport(LibraryName, CallingConvention = Cdecl)]
        public static extern IntPtr ls_request_field_name(uint field);
    }
}
