using System;
using System.Runtime.CompilerServices;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>Facts about the native library and helpers that need no client.</summary>
    public static class Library
    {
        /// <summary>The ABI version this wrapper was written for (LS_ABI_VERSION).</summary>
        public const uint ExpectedAbiVersion = NativeMethods.AbiVersion;

        /// <summary>The native library's version, e.g. "0.1.0".</summary>
        public static string Version
        {
            get
            {
                NativeLibraryLoader.EnsureLoaded();
                return NativeVersion();
            }
        }

        /// <summary>The native library's ABI version.</summary>
        public static uint AbiVersion
        {
            get
            {
                NativeLibraryLoader.EnsureLoaded();
                return NativeAbiVersion();
            }
        }

        /// <summary>Where the native library was loaded from.</summary>
        public static string Location => NativeLibraryLoader.LoadedFrom;

        /// <summary>This machine's default hardware ID, computed the way the vendor's SDKs do.</summary>
        public static string HardwareId()
        {
            NativeLibraryLoader.EnsureLoaded();
            return NativeHardwareId();
        }

        /// <summary>The constant's name of a status, e.g. "LS_ERR_TIMEOUT".</summary>
        public static string StatusName(Status status)
        {
            NativeLibraryLoader.EnsureLoaded();
            return NativeStatusName(status);
        }

        /// <summary>A one-line English description of a status.</summary>
        public static string StatusDescription(Status status)
        {
            NativeLibraryLoader.EnsureLoaded();
            return NativeStatusDescription(status);
        }

        /// <summary>The group the library puts a status in.</summary>
        public static Category StatusCategory(Status status)
        {
            NativeLibraryLoader.EnsureLoaded();
            return NativeStatusCategory(status);
        }

        /// <summary>The wire name of a request field (e.g. "license_key"), or null.</summary>
        public static string RequestFieldName(RequestField field)
        {
            NativeLibraryLoader.EnsureLoaded();
            return NativeRequestFieldName(field);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string NativeVersion() => Utf8.PtrToString(NativeMethods.ls_version());

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static uint NativeAbiVersion() => NativeMethods.ls_abi_version();

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string NativeHardwareId()
        {
            IntPtr owned;
            LicenseSpringException.Check(NativeMethods.ls_hardware_id(out owned));
            try
            {
                return Utf8.PtrToString(owned);
            }
            finally
            {
                NativeMethods.ls_string_free(owned);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string NativeStatusName(Status status) => Utf8.PtrToString(NativeMethods.ls_status_name((int)status));

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string NativeStatusDescription(Status status) => Utf8.PtrToString(NativeMethods.ls_status_description((int)status));

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Category NativeStatusCategory(Status status) => NativeMethods.ls_status_category((int)status);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string NativeRequestFieldName(RequestField field) => Utf8.PtrToString(NativeMethods.ls_request_field_name((uint)field));
    }
}
