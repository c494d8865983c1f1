// SafeHandle subclasses owning the library's opaque handles. ReleaseHandle calls the matching
// *_free function exactly once; SafeHandle's reference counting keeps a handle alive while a call
// that uses it is in progress, and makes use after Dispose an ObjectDisposedException.
using System;
using System.Runtime.InteropServices;

namespace LicenseSpring.Native
{
    /// <summary>Owns an ls_config*.</summary>
    public sealed class ConfigHandle : SafeHandle
    {
        public ConfigHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            NativeMethods.ls_config_free(handle);
            return true;
        }
    }

    /// <summary>Owns an ls_client*.</summary>
    public sealed class ClientHandle : SafeHandle
    {
        public ClientHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            NativeMethods.ls_client_free(handle);
            return true;
        }
    }

    /// <summary>Owns an ls_request*.</summary>
    public sealed class RequestHandle : SafeHandle
    {
        public RequestHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            NativeMethods.ls_request_free(handle);
            return true;
        }
    }

    /// <summary>Owns an ls_license* and, through it, every string its accessors lend out.</summary>
    public sealed class LicenseHandle : SafeHandle
    {
        public LicenseHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            NativeMethods.ls_license_free(handle);
            return true;
        }
    }
}
