// The raw layer against include/licensespring.h: every function with the same name, argument
// count, argument types and return type; every enum constant with the same value; the ABI version.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class HeaderTests
    {
        private static readonly Dictionary<string, Type> Handles = new Dictionary<string, Type>
        {
            { "ls_config", typeof(ConfigHandle) },
            { "ls_client", typeof(ClientHandle) },
            { "ls_request", typeof(RequestHandle) },
            { "ls_license", typeof(LicenseHandle) },
        };

        private static string Header => File.ReadAllText(Session.HeaderPath);

        private static string Normalize(string type) =>
            Regex.Replace(Regex.Replace(type.Trim(), @"\s+", " "), @"\s*\*", " *").Replace("* *", "**").Trim();

        // The C# type a C type must be declared as; null when the header uses a type this check
        // does not know (which fails the test, so a new type gets a deliberate mapping).
        private static Type Expected(string cType, bool isReturn, string function)
        {
            string t = Normalize(cType);
            switch (t)
            {
                case "void": return typeof(void);
                case "ls_status": return typeof(Status);
                case "ls_category": return typeof(Category);
                case "const char *": return isReturn ? typeof(IntPtr) : typeof(byte[]);
                case "const char **": return typeof(IntPtr).MakeByRefType();
                case "char **": return typeof(IntPtr).MakeByRefType();
                case "char *": return typeof(IntPtr);
                case "int64_t": return typeof(long);
                case "int64_t *": return typeof(long).MakeByRefType();
                case "int32_t": return typeof(int);
                case "uint32_t": return typeof(uint);
                case "bool": return typeof(bool);
                case "bool *": return typeof(bool).MakeByRefType();
                case "size_t": return typeof(UIntPtr);
                case "size_t *": return typeof(UIntPtr).MakeByRefType();
            }
            Match handle = Regex.Match(t, @"^(const )?(ls_\w+) (\*+)$");
            if (handle.Success && Handles.ContainsKey(handle.Groups[2].Value))
            {
                Type managed = Handles[handle.Groups[2].Value];
                if (handle.Groups[3].Value == "**")
                {
                    return managed.MakeByRefType();
                }
                return function.EndsWith("_free", StringComparison.Ordinal) ? typeof(IntPtr) : managed;
            }
            return null;
        }

        private sealed class Prototype
        {
            public string Name;
            public string Return;
            public List<string> Parameters;
        }

        private static List<Prototype> Prototypes()
        {
            var result = new List<Prototype>();
            var pattern = new Regex(@"^(?<ret>(?:const\s+)?\w+(?:\s*\*)*)\s*\b(?<name>ls_\w+)\((?<params>[^)]*)\);", RegexOptions.Multiline);
            foreach (Match m in pattern.Matches(Header))
            {
                string parameters = m.Groups["params"].Value.Trim();
                var types = new List<string>();
                if (parameters != "void" && parameters.Length > 0)
                {
                    foreach (string parameter in parameters.Split(','))
                    {
                        Match split = Regex.Match(parameter.Trim(), @"^(?<type>.*?)(?<name>\w+)$", RegexOptions.Singleline);
                        types.Add(split.Groups["type"].Value);
                    }
                }
                result.Add(new Prototype { Name = m.Groups["name"].Value, Return = m.Groups["ret"].Value, Parameters = types });
            }
            return result;
        }

        [Test]
        public static void EveryHeaderFunctionIsDeclaredWithTheSameSignature()
        {
            List<Prototype> prototypes = Prototypes();
            Assert.True(prototypes.Count >= 50, "the header parses into at least 50 prototypes (got " + prototypes.Count + ")");
            Dictionary<string, MethodInfo> declared = typeof(NativeMethods)
                .GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => (m.Attributes & MethodAttributes.PinvokeImpl) != 0)
                .ToDictionary(m => m.Name);
            var problems = new List<string>();
            foreach (Prototype p in prototypes)
            {
                MethodInfo method;
                if (!declared.TryGetValue(p.Name, out method))
                {
                    problems.Add(p.Name + ": missing from NativeMethods");
                    continue;
                }
                ParameterInfo[] parameters = method.GetParameters();
                if (parameters.Length != p.Parameters.Count)
                {
                    problems.Add(p.Name + ": " + parameters.Length + " parameters, header has " + p.Parameters.Count);
                    continue;
                }
                Type ret = Expected(p.Return, true, p.Name);
                if (ret != method.ReturnType)
                {
                    problems.Add(p.Name + ": returns " + method.ReturnType + ", header " + p.Return + " needs " + ret);
                }
                for (int i = 0; i < parameters.Length; i++)
                {
                    Type expected = Expected(p.Parameters[i], false, p.Name);
                    if (expected != parameters[i].ParameterType)
                    {
                        problems.Add(p.Name + ": parameter " + i + " is " + parameters[i].ParameterType + ", header " +
                            p.Parameters[i].Trim() + " needs " + (expected == null ? "(unmapped C type)" : expected.ToString()));
                    }
                }
            }
            foreach (string name in declared.Keys.Except(prototypes.Select(p => p.Name)))
            {
                problems.Add(name + ": declared in NativeMethods but not in the header");
            }
            Assert.True(problems.Count == 0, "no differences, got:\n  " + string.Join("\n  ", problems));
        }

        private static string Pascal(string constant) =>
            string.Concat(constant.Split('_').Where(s => s.Length > 0)
                .Select(s => s.Substring(0, 1) + s.Substring(1).ToLowerInvariant()));

        private static void CompareEnum(string cName, Type managed, Func<string, string> stripPrefix)
        {
            Match block = Regex.Match(Header, @"enum " + cName + @"\b[^{]*\{(?<body>[^}]*)\}");
            Assert.True(block.Success, "enum " + cName + " in the header");
            var header = new Dictionary<string, long>();
            foreach (Match m in Regex.Matches(block.Groups["body"].Value, @"^\s*(LS_\w+)\s*=\s*(-?\d+),", RegexOptions.Multiline))
            {
                header[Pascal(stripPrefix(m.Groups[1].Value))] = long.Parse(m.Groups[2].Value);
            }
            Assert.True(header.Count > 0, "constants parsed from enum " + cName);
            var problems = new List<string>();
            var names = new HashSet<string>(Enum.GetNames(managed));
            foreach (KeyValuePair<string, long> constant in header)
            {
                if (!names.Contains(constant.Key))
                {
                    problems.Add(managed.Name + "." + constant.Key + " missing (= " + constant.Value + ")");
                    continue;
                }
                long value = Convert.ToInt64(Enum.Parse(managed, constant.Key));
                if (value != constant.Value)
                {
                    problems.Add(managed.Name + "." + constant.Key + " = " + value + ", header says " + constant.Value);
                }
            }
            foreach (string extra in names.Except(header.Keys))
            {
                problems.Add(managed.Name + "." + extra + " is not in the header");
            }
            Assert.True(problems.Count == 0, "enum " + cName + " matches, got:\n  " + string.Join("\n  ", problems));
        }

        [Test]
        public static void EnumValuesMatchTheHeader()
        {
            CompareEnum("ls_status", typeof(Status), c => c.StartsWith("LS_ERR_") ? c.Substring(7) : c.Substring(3));
            CompareEnum("ls_category", typeof(Category), c => c.Substring("LS_CATEGORY_".Length));
            CompareEnum("ls_request_field", typeof(RequestField), c => c.Substring("LS_FIELD_".Length));
            Assert.Equal(typeof(int), Enum.GetUnderlyingType(typeof(Status)), "ls_status width");
            Assert.Equal(typeof(int), Enum.GetUnderlyingType(typeof(Category)), "ls_category width");
            Assert.Equal(typeof(uint), Enum.GetUnderlyingType(typeof(RequestField)), "ls_request_field width");
        }

        [Test]
        public static void AbiVersionConstantMatchesTheHeader()
        {
            Match define = Regex.Match(Header, @"#define LS_ABI_VERSION (\d+)");
            Assert.True(define.Success, "LS_ABI_VERSION in the header");
            Assert.Equal(uint.Parse(define.Groups[1].Value), NativeMethods.AbiVersion, "NativeMethods.AbiVersion");
        }
    }
}
