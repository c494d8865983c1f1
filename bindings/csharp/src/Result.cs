using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using LicenseSpring.Native;

namespace LicenseSpring
{
    /// <summary>
    /// A result of an operation (e.g. a License), an item of one of its lists (a Feature, a
    /// CustomField) or a nested result (a UserLicense's License). The generated subclasses have one
    /// property per field of their kind; each reads the native result when asked (ls_result_get)
    /// and copies what it returns. Items and nested results are borrowed from the top-level result:
    /// they stay readable while it is not disposed.
    /// </summary>
    public abstract class Result : IDisposable
    {
        private readonly ResultHandle root;
        private readonly IntPtr pointer;
        private readonly bool owned;

        /// <summary>A top-level result, owned by this object.</summary>
        protected Result(ResultHandle owned) : this(owned, owned.DangerousGetHandle())
        {
            this.owned = true;
        }

        /// <summary>An item borrowed from the result <paramref name="root"/> owns.</summary>
        protected Result(ResultHandle root, IntPtr item)
        {
            this.root = root;
            pointer = item;
        }

        /// <summary>The JSON this was read from: for a top-level result, the response body exactly as received and verified.</summary>
        public string Json
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                using (new Borrow(root))
                {
                    LicenseSpringException.Check(NativeMethods.ls_result_json(pointer, out IntPtr json, out IntPtr error), error);
                    return Utf8.PtrToString(json);
                }
            }
        }

        /// <summary>What this result describes.</summary>
        public Kind Kind
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                using (new Borrow(root))
                {
                    return (Kind)NativeMethods.ls_result_kind(pointer);
                }
            }
        }

        /// <summary>
        /// The value of <paramref name="field"/>: null (absent or JSON null), a bool, a long, a
        /// string, for a list its length (a long), for an object the nested result (of its kind's class).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public object Get(Field field)
        {
            using (new Borrow(root))
            {
                LicenseSpringException.Check(NativeMethods.ls_result_get(pointer, (uint)field, out LsValue value, out IntPtr error), error);
                switch (value.value_type)
                {
                    case FieldValueType.Bool: return value.integer != 0;
                    case FieldValueType.Int: return value.integer;
                    case FieldValueType.List: return value.integer;
                    case FieldValueType.String: return Utf8.PtrToString(value.@string);
                    case FieldValueType.Object:
                        IntPtr nested = Item(field, 0);
                        return ResultClasses.Borrowed((Kind)NativeMethods.ls_result_kind(nested), root, nested);
                    default: return null;
                }
            }
        }

        /// <summary>Item <paramref name="index"/> of the list <paramref name="field"/>; a bad index is Status.IndexOutOfRange.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        protected IntPtr Item(Field field, int index)
        {
            // A negative index becomes a huge size_t, which the library reports as out of range.
            var position = new UIntPtr(unchecked((ulong)(long)index));
            using (new Borrow(root))
            {
                LicenseSpringException.Check(NativeMethods.ls_result_item(pointer, (uint)field, position, out IntPtr item, out IntPtr error), error);
                return item;
            }
        }

        /// <summary>The list <paramref name="field"/>, read item by item when indexed; null when absent.</summary>
        protected IReadOnlyList<T> List<T>(Field field, Func<ResultHandle, IntPtr, T> make)
        {
            object length = Get(field);
            return length == null ? null : new ItemList<T>(this, field, checked((int)(long)length), make);
        }

        /// <summary>True once the top-level result is disposed.</summary>
        public bool IsDisposed => root.IsClosed;

        /// <summary>Releases a top-level result and its items; calling it again, or on an item, does nothing.</summary>
        public void Dispose()
        {
            if (owned)
            {
                root.Dispose();
            }
        }

        public override string ToString() => GetType().Name + " " + Json;

        // Holds a reference on the top-level result for the duration of a native read, so that a
        // Dispose on another thread cannot free it mid-read; a disposed result is an
        // ObjectDisposedException.
        private struct Borrow : IDisposable
        {
            private readonly ResultHandle root;

            public Borrow(ResultHandle root)
            {
                this.root = root;
                if (root.IsClosed)
                {
                    throw new ObjectDisposedException("Result", "the result was disposed");
                }
                bool added = false;
                root.DangerousAddRef(ref added);
            }

            public void Dispose() => root.DangerousRelease();
        }

        private sealed class ItemList<T> : IReadOnlyList<T>
        {
            private readonly Result owner;
            private readonly Field field;
            private readonly Func<ResultHandle, IntPtr, T> make;

            public ItemList(Result owner, Field field, int count, Func<ResultHandle, IntPtr, T> make)
            {
                this.owner = owner;
                this.field = field;
                this.make = make;
                Count = count;
            }

            public int Count { get; }

            public T this[int index] => make(owner.root, owner.Item(field, index));

            public IEnumerator<T> GetEnumerator()
            {
                for (int i = 0; i < Count; i++)
                {
                    yield return this[i];
                }
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
