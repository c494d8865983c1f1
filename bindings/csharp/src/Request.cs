using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>
    /// A request: typed parameters (one generated property per ls_param, e.g. Product, HardwareId,
    /// LicenseKey, LicenseId, IsVm) and device variables. One request may serve several operations;
    /// each sends the parameters it accepts. The library checks completeness when it is sent. A
    /// string set to "" clears the parameter (null is refused by the library); a number or boolean
    /// set to null clears it. The getters return what was last set through this object.
    /// </summary>
    public sealed partial class Request : IDisposable
    {
        private readonly RequestHandle handle;
        private readonly Dictionary<Param, object> values = new Dictionary<Param, object>();
        private readonly Dictionary<string, string> variables = new Dictionary<string, string>();

        public Request()
        {
            NativeLibraryLoader.EnsureLoaded();
            handle = Create();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static RequestHandle Create()
        {
            LicenseSpringException.Check(NativeMethods.ls_request_new(out RequestHandle request, out IntPtr error), error);
            return request;
        }

        /// <summary>The value last set for <paramref name="param"/>, or null.</summary>
        public object Get(Param param) => values.TryGetValue(param, out object value) ? value : null;

        /// <summary>Sets the string parameter <paramref name="param"/>; "" clears it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void SetString(Param param, string value)
        {
            LicenseSpringException.Check(NativeMethods.ls_request_set_string(Handle, (uint)param, Utf8.Encode(value), out IntPtr error), error);
            values[param] = value;
        }

        /// <summary>Sets the integer parameter <paramref name="param"/>; null clears it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void SetInt(Param param, long? value)
        {
            if (!value.HasValue)
            {
                Clear(param);
                return;
            }
            LicenseSpringException.Check(NativeMethods.ls_request_set_int(Handle, (uint)param, value.Value, out IntPtr error), error);
            values[param] = value.Value;
        }

        /// <summary>Sets the boolean parameter <paramref name="param"/>; null clears it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void SetBool(Param param, bool? value)
        {
            if (!value.HasValue)
            {
                Clear(param);
                return;
            }
            LicenseSpringException.Check(NativeMethods.ls_request_set_bool(Handle, (uint)param, value.Value, out IntPtr error), error);
            values[param] = value.Value;
        }

        /// <summary>Removes the parameter <paramref name="param"/>, whatever its type.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Clear(Param param)
        {
            LicenseSpringException.Check(NativeMethods.ls_request_clear(Handle, (uint)param, out IntPtr error), error);
            values.Remove(param);
        }

        /// <summary>Sets the device variable <paramref name="name"/>, sent by the operations that take variables.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void SetVariable(string name, string value)
        {
            LicenseSpringException.Check(NativeMethods.ls_request_set_variable(Handle, Utf8.Encode(name), Utf8.Encode(value), out IntPtr error), error);
            variables[name] = value;
        }

        /// <summary>The device variables set so far.</summary>
        public IReadOnlyDictionary<string, string> Variables => variables;

        /// <summary>True once disposed.</summary>
        public bool IsDisposed => handle.IsClosed;

        /// <summary>Releases the request; calling it again does nothing.</summary>
        public void Dispose() => handle.Dispose();

        internal static RequestHandle HandleOf(Request request)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }
            return request.Handle;
        }

        private RequestHandle Handle
        {
            get
            {
                if (handle.IsClosed)
                {
                    throw new ObjectDisposedException(nameof(Request), "the request was disposed");
                }
                return handle;
            }
        }
    }
}
