using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>
    /// A license request: product, device, one identity (license key; username and password; or
    /// an SSO id token or code with a customer account code) and optional device details. The
    /// library checks completeness when the request is sent. A string set to "" clears the field;
    /// null is refused by the library (InvalidArgumentException, Status.NullArgument). The getters
    /// return what was last set through this object.
    /// </summary>
    public sealed class Request : IDisposable
    {
        private readonly RequestHandle handle;
        private readonly Dictionary<RequestField, string> fields = new Dictionary<RequestField, string>();
        private readonly Dictionary<string, string> variables = new Dictionary<string, string>();
        private long? licenseId;
        private bool? isVm;
        private long? consumptions;

        public Request()
        {
            NativeLibraryLoader.EnsureLoaded();
            handle = Create();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static RequestHandle Create()
        {
            RequestHandle request;
            LicenseSpringException.Check(NativeMethods.ls_request_new(out request));
            return request;
        }

        /// <summary>Sets the string field <paramref name="field"/>; "" clears it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Set(RequestField field, string value)
        {
            LicenseSpringException.Check(NativeMethods.ls_request_set(Handle, (uint)field, Utf8.Encode(value)));
            fields[field] = value;
        }

        /// <summary>The value last set for <paramref name="field"/>, or null.</summary>
        public string Get(RequestField field)
        {
            string value;
            return fields.TryGetValue(field, out value) ? value : null;
        }

        public string Product { get => Get(RequestField.Product); set => Set(RequestField.Product, value); }
        public string HardwareId { get => Get(RequestField.HardwareId); set => Set(RequestField.HardwareId, value); }
        public string LicenseKey { get => Get(RequestField.LicenseKey); set => Set(RequestField.LicenseKey, value); }
        public string Username { get => Get(RequestField.Username); set => Set(RequestField.Username, value); }
        public string Password { get => Get(RequestField.Password); set => Set(RequestField.Password, value); }
        public string IdToken { get => Get(RequestField.IdToken); set => Set(RequestField.IdToken, value); }
        public string Code { get => Get(RequestField.Code); set => Set(RequestField.Code, value); }
        public string CustomerAccountCode { get => Get(RequestField.CustomerAccountCode); set => Set(RequestField.CustomerAccountCode, value); }
        public string VmInfo { get => Get(RequestField.VmInfo); set => Set(RequestField.VmInfo, value); }
        public string OsVersion { get => Get(RequestField.OsVer); set => Set(RequestField.OsVer, value); }
        public string Hostname { get => Get(RequestField.Hostname); set => Set(RequestField.Hostname, value); }
        public string OsHostname { get => Get(RequestField.OsHostname); set => Set(RequestField.OsHostname, value); }
        public string Ip { get => Get(RequestField.Ip); set => Set(RequestField.Ip, value); }
        public string IpLocal { get => Get(RequestField.IpLocal); set => Set(RequestField.IpLocal, value); }
        public string AppVersion { get => Get(RequestField.AppVer); set => Set(RequestField.AppVer, value); }
        public string MacAddress { get => Get(RequestField.MacAddress); set => Set(RequestField.MacAddress, value); }

        /// <summary>Pins the call to the license with this ID. Cannot be unset.</summary>
        public long? LicenseId
        {
            get => licenseId;
            [MethodImpl(MethodImplOptions.NoInlining)]
            set
            {
                long id = Required(value, nameof(LicenseId));
                LicenseSpringException.Check(NativeMethods.ls_request_set_license_id(Handle, id));
                licenseId = id;
            }
        }

        /// <summary>Whether the device is a virtual machine. Cannot be unset.</summary>
        public bool? IsVm
        {
            get => isVm;
            [MethodImpl(MethodImplOptions.NoInlining)]
            set
            {
                bool vm = Required(value, nameof(IsVm));
                LicenseSpringException.Check(NativeMethods.ls_request_set_is_vm(Handle, vm));
                isVm = vm;
            }
        }

        /// <summary>Consumptions reported on deactivation (may be negative). Cannot be unset.</summary>
        public long? Consumptions
        {
            get => consumptions;
            [MethodImpl(MethodImplOptions.NoInlining)]
            set
            {
                long count = Required(value, nameof(Consumptions));
                LicenseSpringException.Check(NativeMethods.ls_request_set_consumptions(Handle, count));
                consumptions = count;
            }
        }

        /// <summary>Sets the device variable <paramref name="name"/>, sent on activation.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void SetVariable(string name, string value)
        {
            LicenseSpringException.Check(NativeMethods.ls_request_set_variable(Handle, Utf8.Encode(name), Utf8.Encode(value)));
            variables[name] = value;
        }

        /// <summary>The device variables set so far.</summary>
        public IReadOnlyDictionary<string, string> Variables => variables;

        /// <summary>True once disposed.</summary>
        public bool IsDisposed => handle.IsClosed;

        /// <summary>Releases the request; calling it again does nothing.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

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

        private static T Required<T>(T? value, string name) where T : struct
        {
            if (!value.HasValue)
            {
                throw new ArgumentNullException(name, name + " cannot be unset");
            }
            return value.Value;
        }
    }
}
