// Finds the native library before the first call into it: beside this assembly, then in
// runtimes/<rid>/native/ beside it (a dotnet build's output), then in ../../runtimes/<rid>/native/
// (the assembly used in place from a restored NuGet package, lib/<tfm>/), then the file named by
// LICENSESPRING_LIB, then the system search path. Then checks ls_abi_version().
//
// One netstandard2.0 assembly binds the chosen file on every runtime:
// .NET Core 3+ and .NET 5+: a DllImportResolver (NativeLibrary, found by reflection) returns the
// handle loaded from the chosen path.
// Mono: the chosen path is added to its dllmap at run time. Mono resolves a P/Invoke target when
// it compiles the calling method, so the idiomatic layer calls EnsureLoaded() before compiling
// anything that calls NativeMethods (its native calls sit in methods marked NoInlining, or in delegates).
// .NET Framework (Windows): the chosen file is loaded by full path with LoadLibraryW, after which
// DllImport("licensespring") binds to the already loaded module.
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LicenseSpring.Native
{
    /// <summary>The native library could not be found or does not match these declarations.</summary>
    public sealed class NativeLibraryException : Exception
    {
        public NativeLibraryException(string message, Exception inner = null) : base(message, inner) { }
    }

    public static class NativeLibraryLoader
    {
        /// <summary>The environment variable holding a full path to the library file.</summary>
        public const string EnvironmentVariable = "LICENSESPRING_LIB";

        private static readonly object Gate = new object();
        private static volatile bool loaded;
        private static string loadedFrom;
        private static readonly Type NativeLibraryType = Type.GetType("System.Runtime.InteropServices.NativeLibrary");
        private static bool resolverSet;
        private static string resolvedPath;

        /// <summary>Where the library was found, once loaded.</summary>
        public static string LoadedFrom
        {
            get
            {
                EnsureLoaded();
                return loadedFrom;
            }
        }

        /// <summary>The platform's file name for the library, e.g. liblicensespring.so.</summary>
        public static string FileName =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? NativeMethods.LibraryName + ".dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "lib" + NativeMethods.LibraryName + ".dylib"
            : "lib" + NativeMethods.LibraryName + ".so";

        /// <summary>The runtime identifier of this process's platform, e.g. linux-x64, linux-arm64, win-x64, osx-arm64.</summary>
        public static string RuntimeIdentifier =>
            (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux") +
            "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

        /// <summary>Loads and checks the library once; later calls return at once.</summary>
        public static void EnsureLoaded()
        {
            if (loaded)
            {
                return;
            }
            lock (Gate)
            {
                if (!loaded)
                {
                    Load();
                    loaded = true;
                }
            }
        }

        /// <summary>The message given when the library's ABI differs from the declarations', or null.</summary>
        public static string CheckAbi(uint actual, uint expected) => actual == expected ? null :
            "licensespring: the native library has ABI version " + actual + " but this wrapper was generated for ABI version " +
            expected + "; use a library and a wrapper from the same release";

        private static void Load()
        {
            var looked = new List<string>();
            string assemblyDirectory = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location);
            string fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrEmpty(assemblyDirectory))
                looked.Add("beside the assembly (location unknown)");
            string chosen = null;
            string native = "runtimes/" + RuntimeIdentifier + "/native";
            foreach (string folder in string.IsNullOrEmpty(assemblyDirectory) ? new string[0] : new[] { "", native, "../../" + native })
            {
                if (chosen != null)
                    break;
                string path = Path.GetFullPath(Path.Combine(assemblyDirectory, folder, FileName));
                if (File.Exists(path))
                    chosen = path;
                else
                    looked.Add(path + ": not found");
            }
            if (chosen == null)
            {
                if (string.IsNullOrEmpty(fromEnvironment))
                    looked.Add(EnvironmentVariable + ": not set");
                else if (File.Exists(fromEnvironment))
                    chosen = Path.GetFullPath(fromEnvironment);
                else
                    looked.Add(EnvironmentVariable + "=" + fromEnvironment + ": not found");
            }

            try
            {
                Bind(chosen);
                string mismatch = CheckAbi(ProbeAbiVersion(), NativeMethods.AbiVersion);
                if (mismatch != null)
                {
                    throw new NativeLibraryException(mismatch + " (loaded from " + (chosen ?? "the system search path") + ")");
                }
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                if (chosen != null)
                {
                    throw new NativeLibraryException("licensespring: cannot load the native library " + chosen + ": " + e.Message, e);
                }
                looked.Add("the system library search path (" + FileName + "): not found (" + e.Message + ")");
                throw new NativeLibraryException(
                    "licensespring: native library not found; looked in: " + string.Join("; ", looked) +
                    ". Put " + FileName + " beside the assembly or in runtimes/" + RuntimeIdentifier + "/native/ beside it, or set " + EnvironmentVariable + " to its full path.", e);
            }
            loadedFrom = chosen ?? "the system library search path (" + FileName + ")";
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static uint ProbeAbiVersion() => NativeMethods.ls_abi_version();

        private static void Bind(string path)
        {
            // A resolver can be set only once per assembly; a failed load may be retried.
            resolvedPath = path;
            if (path == null || resolverSet)
                return;
            if (NativeLibraryType != null)
            {
                MethodInfo set = NativeLibraryType.GetMethod("SetDllImportResolver");
                MethodInfo resolve = typeof(NativeLibraryLoader).GetMethod(nameof(Resolve), BindingFlags.NonPublic | BindingFlags.Static);
                set.Invoke(null, new object[] { typeof(NativeLibraryLoader).Assembly, Delegate.CreateDelegate(set.GetParameters()[1].ParameterType, resolve) });
                resolverSet = true;
            }
            else if (Type.GetType("Mono.Runtime") != null)
                MonoDllMap.Insert(NativeMethods.LibraryName, path);
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && Kernel32.LoadLibraryW(path) == IntPtr.Zero)
                throw new DllNotFoundException("LoadLibraryW(" + path + ") failed with error " + Marshal.GetLastWin32Error());
        }

        // The DllImportResolver: the chosen file for this library; IntPtr.Zero lets the runtime probe its usual places.
        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
            name != NativeMethods.LibraryName || resolvedPath == null ? IntPtr.Zero
            : ((Func<string, IntPtr>)Delegate.CreateDelegate(typeof(Func<string, IntPtr>), NativeLibraryType.GetMethod("Load", new[] { typeof(string) })))(resolvedPath);

        private static class MonoDllMap
        {
            // Mono's embedding API (exported by the mono executable and libmono): maps a DllImport
            // name to a file for every assembly. Strings are copied by Mono.
            [DllImport("__Internal", CallingConvention = CallingConvention.Cdecl)]
            private static extern void mono_dllmap_insert(IntPtr assembly, byte[] dll, byte[] func, byte[] tdll, byte[] tfunc);

            [MethodImpl(MethodImplOptions.NoInlining)]
            public static void Insert(string name, string path) => mono_dllmap_insert(IntPtr.Zero, Utf8.Encode(name), null, Utf8.Encode(path), null);
        }

        private static class Kernel32
        {
            [DllImport("kernel32", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern IntPtr LoadLibraryW(string path);
        }
    }
}
