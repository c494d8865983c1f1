// UTF-8 conversions done by hand, because UnmanagedType.LPUTF8Str is not supported the same way
// by Mono, .NET Framework and .NET.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace LicenseSpring.Native
{
    public static class Utf8
    {
        /// <summary>
        /// A NUL-terminated UTF-8 copy of <paramref name="value"/>, or null (passed as a NULL
        /// pointer, which the library reports as LS_ERR_NULL_ARGUMENT).
        /// </summary>
        public static byte[] Encode(string value)
        {
            if (value == null)
            {
                return null;
            }
            int length = Encoding.UTF8.GetByteCount(value);
            var bytes = new byte[length + 1];
            Encoding.UTF8.GetBytes(value, 0, value.Length, bytes, 0);
            return bytes;
        }

        /// <summary>
        /// Copies the NUL-terminated UTF-8 string at <paramref name="pointer"/> (borrowed: never
        /// freed here); IntPtr.Zero gives null.
        /// </summary>
        public static string PtrToString(IntPtr pointer)
        {
            if (pointer == IntPtr.Zero)
            {
                return null;
            }
            int length = 0;
            while (Marshal.ReadByte(pointer, length) != 0)
            {
                length++;
            }
            var bytes = new byte[length];
            Marshal.Copy(pointer, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
