// A tiny test runner: every public static method marked [Test] in the test assembly runs in
// declaration order; the last line printed is "N passed, N failed" and the exit status is the
// number of failures (capped), so any failure fails the run.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;

namespace LicenseSpring.Tests
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestAttribute : Attribute { }

    public sealed class AssertionException : Exception
    {
        public AssertionException(string message) : base(message) { }
    }

    public static class Assert
    {
        public static void True(bool condition, string what)
        {
            if (!condition)
            {
                throw new AssertionException("expected: " + what);
            }
        }

        public static void Equal<T>(T expected, T actual, string what = "value")
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                throw new AssertionException(what + ": expected <" + Show(expected) + "> but got <" + Show(actual) + ">");
            }
        }

        public static T Throws<T>(Action action, string what = null) where T : Exception
        {
            try
            {
                action();
            }
            catch (T e)
            {
                return e;
            }
            catch (Exception e)
            {
                throw new AssertionException((what ?? "call") + ": expected " + typeof(T).Name + " but got " + e.GetType().Name + ": " + e.Message);
            }
            throw new AssertionException((what ?? "call") + ": expected " + typeof(T).Name + " but nothing was thrown");
        }

        private static string Show(object value) => value == null ? "null" : value.ToString();
    }

    public static class TestRunner
    {
        public static int Run(Type[] fixtures, string filter)
        {
            int passed = 0, failed = 0;
            foreach (Type fixture in fixtures)
            {
                IEnumerable<MethodInfo> tests = fixture.GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .Where(m => m.GetCustomAttributes(typeof(TestAttribute), false).Length > 0)
                    .OrderBy(m => m.MetadataToken);
                foreach (MethodInfo test in tests)
                {
                    string name = fixture.Name + "." + test.Name;
                    if (filter != null && name.IndexOf(filter, StringComparison.OrdinalIgnoreCase) < 0)
                    {
                        continue;
                    }
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        test.Invoke(null, null);
                        passed++;
                        Console.WriteLine("PASS " + name + " (" + watch.ElapsedMilliseconds + " ms)");
                    }
                    catch (TargetInvocationException e)
                    {
                        failed++;
                        Exception inner = e.InnerException ?? e;
                        Console.WriteLine("FAIL " + name + ": " + (inner is AssertionException ? inner.Message : inner.ToString()));
                    }
                }
            }
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }
    }
}
