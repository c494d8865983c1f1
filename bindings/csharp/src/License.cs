using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>A product feature of a license.</summary>
    public struct Feature
    {
        public Feature(string code, string name)
        {
            Code = code;
            Name = name;
        }

        public string Code { get; }
        public string Name { get; }

        public override string ToString() => Code + " (" + Name + ")";
    }

    /// <summary>
    /// A license returned by <see cref="Client.Activate"/> or <see cref="Client.Check"/>. Every
    /// accessor reads the native license and copies what it returns; null means the server sent
    /// no such value. Dispose it when done (the finalizer releases it otherwise).
    /// </summary>
    public sealed class License : IDisposable
    {
        private readonly LicenseHandle handle;

        internal License(LicenseHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>The response body exactly as received and verified (JSON).</summary>
        public string Json
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                IntPtr value;
                LicenseSpringException.Check(NativeMethods.ls_license_json(Handle, out value));
                return Utf8.PtrToString(value);
            }
        }

        public long Id
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                long value;
                LicenseSpringException.Check(NativeMethods.ls_license_id(Handle, out value));
                return value;
            }
        }

        /// <summary>The license key; null for user-based licenses.</summary>
        public string Key
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                IntPtr value;
                LicenseSpringException.Check(NativeMethods.ls_license_key(Handle, out value));
                return Utf8.PtrToString(value);
            }
        }

        /// <summary>"perpetual", "time-limited", "subscription", "consumption", or null.</summary>
        public string Type
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                IntPtr value;
                LicenseSpringException.Check(NativeMethods.ls_license_type(Handle, out value));
                return Utf8.PtrToString(value);
            }
        }

        public bool IsActive
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                bool value;
                LicenseSpringException.Check(NativeMethods.ls_license_is_active(Handle, out value));
                return value;
            }
        }

        public bool IsEnabled
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                bool value;
                LicenseSpringException.Check(NativeMethods.ls_license_is_enabled(Handle, out value));
                return value;
            }
        }

        public bool IsExpired
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                bool value;
                LicenseSpringException.Check(NativeMethods.ls_license_is_expired(Handle, out value));
                return value;
            }
        }

        public bool IsTrial
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                bool value;
                LicenseSpringException.Check(NativeMethods.ls_license_is_trial(Handle, out value));
                return value;
            }
        }

        /// <summary>The expiry as the server wrote it (ISO 8601), or null when the license does not expire.</summary>
        public string ValidityPeriod
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                IntPtr value;
                LicenseSpringException.Check(NativeMethods.ls_license_validity_period(Handle, out value));
                return Utf8.PtrToString(value);
            }
        }

        public long TimesActivated
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                long value;
                LicenseSpringException.Check(NativeMethods.ls_license_times_activated(Handle, out value));
                return value;
            }
        }

        public long MaxActivations
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                long value;
                LicenseSpringException.Check(NativeMethods.ls_license_max_activations(Handle, out value));
                return value;
            }
        }

        public int FeatureCount
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                UIntPtr value;
                LicenseSpringException.Check(NativeMethods.ls_license_feature_count(Handle, out value));
                return checked((int)value.ToUInt64());
            }
        }

        /// <summary>The code of feature <paramref name="index"/>; a bad index is Status.IndexOutOfRange.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public string FeatureCode(int index)
        {
            IntPtr value;
            LicenseSpringException.Check(NativeMethods.ls_license_feature_code(Handle, Index(index), out value));
            return Utf8.PtrToString(value);
        }

        /// <summary>The name of feature <paramref name="index"/>.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public string FeatureName(int index)
        {
            IntPtr value;
            LicenseSpringException.Check(NativeMethods.ls_license_feature_name(Handle, Index(index), out value));
            return Utf8.PtrToString(value);
        }

        /// <summary>Every feature, in the server's order.</summary>
        public IReadOnlyList<Feature> Features
        {
            get
            {
                var features = new List<Feature>();
                for (int i = 0, n = FeatureCount; i < n; i++)
                {
                    features.Add(new Feature(FeatureCode(i), FeatureName(i)));
                }
                return features;
            }
        }

        public int CustomFieldCount
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                UIntPtr value;
                LicenseSpringException.Check(NativeMethods.ls_license_custom_field_count(Handle, out value));
                return checked((int)value.ToUInt64());
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public string CustomFieldName(int index)
        {
            IntPtr value;
            LicenseSpringException.Check(NativeMethods.ls_license_custom_field_name(Handle, Index(index), out value));
            return Utf8.PtrToString(value);
        }

        /// <summary>The value of custom field <paramref name="index"/>; non-strings as JSON text, null as "".</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public string CustomFieldValue(int index)
        {
            IntPtr value;
            LicenseSpringException.Check(NativeMethods.ls_license_custom_field_value(Handle, Index(index), out value));
            return Utf8.PtrToString(value);
        }

        /// <summary>Every custom field as (name, value), in the server's order.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> CustomFields
        {
            get
            {
                var result = new List<KeyValuePair<string, string>>();
                for (int i = 0, n = CustomFieldCount; i < n; i++)
                {
                    result.Add(new KeyValuePair<string, string>(CustomFieldName(i), CustomFieldValue(i)));
                }
                return result;
            }
        }

        /// <summary>customer.email, or null.</summary>
        public string CustomerEmail
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                IntPtr value;
                LicenseSpringException.Check(NativeMethods.ls_license_customer_email(Handle, out value));
                return Utf8.PtrToString(value);
            }
        }

        /// <summary>user.email for user-based licenses, or null.</summary>
        public string UserEmail
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                IntPtr value;
                LicenseSpringException.Check(NativeMethods.ls_license_user_email(Handle, out value));
                return Utf8.PtrToString(value);
            }
        }

        /// <summary>True once disposed.</summary>
        public bool IsDisposed => handle.IsClosed;

        /// <summary>Releases the license; calling it again does nothing.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        private LicenseHandle Handle
        {
            get
            {
                if (handle.IsClosed)
                {
                    throw new ObjectDisposedException(nameof(License), "the license was disposed");
                }
                return handle;
            }
        }

        // A negative index becomes a huge size_t, which the library reports as out of range.
        private static UIntPtr Index(int index) => new UIntPtr(unchecked((ulong)(long)index));
    }
}
