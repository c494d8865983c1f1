using System;
using System.Collections.Generic;
using System.Linq;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>Facts about the native library and helpers that need no client.</summary>
    public static class Library
    {
        // The generated status table, by number; a status the table does not know (a newer
        // library) is asked of the library itself.
        private static readonly Dictionary<Status, StatusRow> Statuses = Tables.Statuses.ToDictionary(row => row.Status);

        /// <summary>The ABI version this wrapper was generated for (LS_ABI_VERSION).</summary>
        public const uint ExpectedAbiVersion = NativeMethods.AbiVersion;

        /// <summary>The native library's version, e.g. "0.2.0".</summary>
        public static string Version => Loaded(() => Utf8.PtrToString(NativeMethods.ls_version()));

        /// <summary>The native library's ABI version.</summary>
        public static uint AbiVersion => Loaded(() => NativeMethods.ls_abi_version());

        /// <summary>Where the native library was loaded from.</summary>
        public static string Location => NativeLibraryLoader.LoadedFrom;

        /// <summary>Every table of the ABI as the library describes it (JSON); for tools and tests.</summary>
        public static string Describe() => Loaded(() => Utf8.PtrToString(NativeMethods.ls_abi_describe()));

        /// <summary>This machine's hardware ID, computed the way the vendor's SDKs do with <paramref name="algorithm"/>.</summary>
        public static string HardwareId(HardwareIdAlgorithm algorithm = HardwareIdAlgorithm.Default) => Loaded(() =>
        {
            LicenseSpringException.Check(NativeMethods.ls_hardware_id((int)algorithm, out IntPtr owned, out IntPtr error), error);
            try
            {
                return Utf8.PtrToString(owned);
            }
            finally
            {
                NativeMethods.ls_string_free(owned);
            }
        });

        /// <summary>The constant's name of a status, e.g. "LS_ERR_TIMEOUT".</summary>
        public static string StatusName(Status status) =>
            Statuses.TryGetValue(status, out StatusRow row) ? row.Name : Loaded(() => Utf8.PtrToString(NativeMethods.ls_status_name((int)status)));

        /// <summary>A one-line English description of a status.</summary>
        public static string StatusDescription(Status status) =>
            Statuses.TryGetValue(status, out StatusRow row) ? row.Description : Loaded(() => Utf8.PtrToString(NativeMethods.ls_status_description((int)status)));

        /// <summary>The group the library puts a status in.</summary>
        public static Category StatusCategory(Status status) =>
            Statuses.TryGetValue(status, out StatusRow row) ? row.Category : Loaded(() => NativeMethods.ls_status_category((int)status));

        // Loads the library before running a delegate that calls it: on Mono a method that calls a
        // P/Invoke binds it when the method is compiled, and a delegate's body is compiled only
        // when it first runs, after the loader has chosen the file.
        private static T Loaded<T>(Func<T> call)
        {
            NativeLibraryLoader.EnsureLoaded();
            return call();
        }
    }
}
