// The generated layer against its two sources: include/licensespring.h (every function with the
// same name and C# types, every enum constant with the same value, the ABI version) and the loaded
// library's ls_abi_describe() (every table row, the struct layouts). A status added in the core
// but not regenerated here, or a struct or enum that disagrees with the header, fails here.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class AbiTests
    {
        private static string Header => File.ReadAllText(Session.HeaderPath);

        private static Dictionary<string, object> Describe => (Dictionary<string, object>)Json.Parse(Library.Describe());

        private static IEnumerable<Dictionary<string, object>> Rows(string table) =>
            ((List<object>)Describe[table]).Cast<Dictionary<string, object>>();

        private static string Normalize(string type) =>
            Regex.Replace(Regex.Replace(type.Trim(), @"\s+", " "), @"\s*\*", " *").Replace("* *", "**").Trim();

        // The C# type each C type must be declared as (a second opinion, written independently of
        // the generator); null for a type this check does not know, which fails the test.
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
                case "int32_t": return typeof(int);
                case "uint32_t": return typeof(uint);
                case "double": return typeof(double);
                case "bool": return typeof(bool);
                case "size_t": return typeof(UIntPtr);
                case "struct ls_error **": return typeof(IntPtr).MakeByRefType();
                case "struct ls_error *": return function == "ls_error_free" ? typeof(IntPtr) : null;
                case "struct ls_value *": return typeof(LsValue).MakeByRefType();
                case "struct ls_store_state *": return typeof(LsStoreState).MakeByRefType();
                case "const struct ls_result **": return typeof(IntPtr).MakeByRefType(); // borrowed item
                case "const struct ls_result *": return typeof(IntPtr); // owned or borrowed
            }
            Match handle = Regex.Match(t, @"^(const )?struct ls_(\w+) (\*+)$");
            if (!handle.Success) return null;
            Type managed = typeof(ClientHandle).Assembly.GetType("LicenseSpring.Native." + Pascal(handle.Groups[2].Value) + "Handle");
            if (managed == null) return null;
            if (handle.Groups[3].Value == "**") return managed.MakeByRefType();
            return function.EndsWith("_free", StringComparison.Ordinal) ? typeof(IntPtr) : managed;
        }

        private static string Pascal(string snake) =>
            string.Concat(snake.Split('_').Where(s => s.Length > 0).Select(s => s.Substring(0, 1).ToUpperInvariant() + s.Substring(1).ToLowerInvariant()));

        // C's bool is one byte; without MarshalAs(U1) the marshaller would use a 4-byte BOOL.
        private static bool IsU1(ParameterInfo parameter) =>
            parameter.GetCustomAttributes(typeof(MarshalAsAttribute), false).Cast<MarshalAsAttribute>().Any(a => a.Value == UnmanagedType.U1);

        [Test]
        public static void EveryHeaderFunctionIsDeclaredWithTheSameSignature()
        {
            var pattern = new Regex(@"^(?<ret>(?:const\s+)?\w+(?:\s*\*)*)\s*\b(?<name>ls_\w+)\((?<params>[^)]*)\);", RegexOptions.Multiline);
            var prototypes = pattern.Matches(Header).Cast<Match>().ToList();
            Assert.True(prototypes.Count >= 40, "the header parses into at least 40 prototypes (got " + prototypes.Count + ")");
            Dictionary<string, MethodInfo> declared = typeof(NativeMethods).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => (m.Attributes & MethodAttributes.PinvokeImpl) != 0).ToDictionary(m => m.Name);
            var problems = new List<string>();
            foreach (Match p in prototypes)
            {
                string name = p.Groups["name"].Value;
                string parameterText = p.Groups["params"].Value.Trim();
                List<string> types = parameterText == "void" || parameterText.Length == 0 ? new List<string>() :
                    parameterText.Split(',').Select(s => Regex.Match(s.Trim(), @"^(?<type>.*?)(?<name>\w+)$", RegexOptions.Singleline).Groups["type"].Value).ToList();
                if (!declared.TryGetValue(name, out MethodInfo method))
                {
                    problems.Add(name + ": missing from NativeMethods");
                    continue;
                }
                var import = (DllImportAttribute)method.GetCustomAttributes(typeof(DllImportAttribute), false).Single();
                if (import.CallingConvention != CallingConvention.Cdecl) problems.Add(name + ": not Cdecl");
                ParameterInfo[] parameters = method.GetParameters();
                if (parameters.Length != types.Count)
                {
                    problems.Add(name + ": " + parameters.Length + " parameters, header has " + types.Count);
                    continue;
                }
                Type ret = Expected(p.Groups["ret"].Value, true, name);
                if (ret != method.ReturnType) problems.Add(name + ": returns " + method.ReturnType + ", header " + p.Groups["ret"].Value + " needs " + ret);
                if (ret == typeof(bool) && !IsU1(method.ReturnParameter))
                    problems.Add(name + ": a bool return without MarshalAs(U1)");
                for (int i = 0; i < parameters.Length; i++)
                {
                    Type expected = Expected(types[i], false, name);
                    if (expected != parameters[i].ParameterType)
                        problems.Add(name + ": parameter " + i + " is " + parameters[i].ParameterType + ", header " + types[i].Trim() + " needs " + (expected == null ? "(unmapped C type)" : expected.ToString()));
                    if (expected == typeof(bool) && !IsU1(parameters[i]))
                        problems.Add(name + ": bool parameter " + i + " without MarshalAs(U1)");
                    if (expected != null && expected.IsByRef && !parameters[i].IsOut)
                        problems.Add(name + ": parameter " + i + " is not out");
                }
            }
            foreach (string extra in declared.Keys.Except(prototypes.Select(p => p.Groups["name"].Value)))
            {
                problems.Add(extra + ": declared in NativeMethods but not in the header");
            }
            Assert.True(problems.Count == 0, "no differences, got:\n  " + string.Join("\n  ", problems));
        }

        // C enum -> (C# enum, prefixes its constants lose): the naming the README documents.
        private static readonly (string, Type, string[])[] Enums =
        {
            ("ls_status", typeof(Status), new[] { "LS_ERR_", "LS_" }),
            ("ls_category", typeof(Category), new[] { "LS_CATEGORY_" }),
            ("ls_value_type", typeof(FieldValueType), new[] { "LS_VALUE_" }),
            ("ls_param", typeof(Param), new[] { "LS_PARAM_" }),
            ("ls_kind", typeof(Kind), new[] { "LS_KIND_" }),
            ("ls_field", typeof(Field), new[] { "LS_" }),
            ("ls_operation", typeof(Operation), new[] { "LS_OP_" }),
            ("ls_hardware_id_algorithm", typeof(HardwareIdAlgorithm), new[] { "LS_HARDWARE_ID_" }),
        };

        private static string Member(string constant, string[] prefixes) =>
            Pascal(constant.Substring(prefixes.First(p => constant.StartsWith(p, StringComparison.Ordinal)).Length));

        [Test]
        public static void EveryHeaderEnumMatches()
        {
            var headerEnums = Regex.Matches(Header, @"^enum (ls_\w+)\s*\n#if[^\n]*\n\s*: (u?int\d+_t)\s*\n#endif[^\n]*\n\s*\{(?<body>[^}]*)\}", RegexOptions.Multiline).Cast<Match>().ToList();
            Assert.Equal(Enums.Length, headerEnums.Count, "every header enum has a C# enum (a new one needs a name here and in lang_csharp.py)");
            var problems = new List<string>();
            foreach (Match block in headerEnums)
            {
                var (cName, managed, prefixes) = Enums.Single(e => e.Item1 == block.Groups[1].Value);
                Type width = block.Groups[2].Value == "int32_t" ? typeof(int) : typeof(uint);
                if (Enum.GetUnderlyingType(managed) != width) problems.Add(cName + ": underlying type " + Enum.GetUnderlyingType(managed));
                var header = Regex.Matches(block.Groups["body"].Value, @"^\s*(LS_\w+)\s*=\s*(-?\d+),", RegexOptions.Multiline).Cast<Match>()
                    .ToDictionary(m => Member(m.Groups[1].Value, prefixes), m => long.Parse(m.Groups[2].Value));
                if (header.Count == 0) problems.Add(cName + ": no constants parsed");
                foreach (var constant in header)
                {
                    if (!Enum.IsDefined(managed, constant.Key)) problems.Add(managed.Name + "." + constant.Key + " missing (= " + constant.Value + ")");
                    else if (Convert.ToInt64(Enum.Parse(managed, constant.Key)) != constant.Value) problems.Add(managed.Name + "." + constant.Key + " differs from " + constant.Value);
                }
                problems.AddRange(Enum.GetNames(managed).Except(header.Keys).Select(n => managed.Name + "." + n + " is not in the header"));
            }
            Assert.True(problems.Count == 0, "the enums match, got:\n  " + string.Join("\n  ", problems));
        }

        [Test]
        public static void AbiVersionMatchesTheHeaderAndTheLibrary()
        {
            Match define = Regex.Match(Header, @"#define LS_ABI_VERSION (\d+)");
            Assert.True(define.Success, "LS_ABI_VERSION in the header");
            Assert.Equal(uint.Parse(define.Groups[1].Value), NativeMethods.AbiVersion, "NativeMethods.AbiVersion");
            Assert.Equal(Convert.ToInt64(NativeMethods.AbiVersion), (long)Describe["abi_version"], "ls_abi_describe abi_version");
            Assert.Equal(NativeMethods.AbiVersion, Library.AbiVersion, "ls_abi_version()");
            Match limit = Regex.Match(Header, @"#define LS_MAX_RESPONSE_BYTES (.+)");
            long product = Regex.Matches(limit.Groups[1].Value, @"\d+").Cast<Match>().Aggregate(1L, (p, m) => p * long.Parse(m.Value));
            Assert.True(limit.Success && !limit.Groups[1].Value.Contains("+"), "LS_MAX_RESPONSE_BYTES is a product: " + limit.Value);
            Assert.Equal(product, NativeMethods.MaxResponseBytes, "NativeMethods.MaxResponseBytes");
        }

        private static T EnumOf<T>(string enumName, string constant)
        {
            var row = Enums.Single(e => e.Item1 == enumName);
            return (T)Enum.Parse(row.Item2, Member(constant, row.Item3));
        }

        private static void SameRows<T>(string what, IEnumerable<T> generated, IEnumerable<T> described)
        {
            var g = generated.Select(r => r.ToString()).ToList();
            var d = described.Select(r => r.ToString()).ToList();
            var problems = d.Except(g).Select(r => "missing here: " + r).Concat(g.Except(d).Select(r => "not in the library: " + r)).ToList();
            Assert.True(problems.Count == 0 && g.Count == d.Count, what + " match the library's, got:\n  " + string.Join("\n  ", problems));
        }

        [Test]
        public static void GeneratedTablesMatchTheLoadedLibrary()
        {
            SameRows("statuses", Tables.Statuses.Select(s => (s.Name, (int)s.Status, s.Category, s.ServerCode, s.Description)),
                Rows("statuses").Select(s => ((string)s["name"], (int)(long)s["value"], EnumOf<Category>("ls_category", (string)s["category"]), (string)s["server_code"], (string)s["description"])));
            foreach (var s in Rows("statuses"))
            {
                Assert.Equal((string)s["name"], Library.StatusName(EnumOf<Status>("ls_status", (string)s["name"])), "the name of " + s["name"]);
            }
            SameRows("categories", Tables.Categories.Select(c => (int)c), Rows("categories").Select(c => (int)(long)c["value"]));
            SameRows("params", Tables.Params.Select(p => (p.Param, (int)p.Param, p.WireName, p.Type, p.Secret)),
                Rows("params").Select(p => (EnumOf<Param>("ls_param", (string)p["name"]), (int)(long)p["value"], (string)p["wire_name"], (string)p["type"], (bool)p["secret"])));
            SameRows("kinds", Tables.Kinds.Select(k => (k.Kind, (int)k.Kind, k.Name)),
                Rows("kinds").Select(k => (EnumOf<Kind>("ls_kind", (string)k["c_name"]), (int)(long)k["value"], (string)k["name"])));
            SameRows("fields", Tables.Fields.Select(f => (f.Field, (int)f.Field, f.Kind, f.Name, f.Type, f.ItemKind)),
                Rows("fields").Select(f => (EnumOf<Field>("ls_field", (string)f["c_name"]), (int)(long)f["value"], EnumOf<Kind>("ls_kind", (string)f["kind"]),
                    (string)f["name"], (string)f["type"], f["item_kind"] == null ? (Kind?)null : EnumOf<Kind>("ls_kind", (string)f["item_kind"]))));
            SameRows("operations", Tables.Operations.Select(o => (o.Operation, (int)o.Operation, o.Name, o.ResultKind)),
                Rows("operations").Select(o => (EnumOf<Operation>("ls_operation", (string)o["c_name"]), (int)(long)o["value"], (string)o["name"],
                    o["result_kind"] == null ? (Kind?)null : EnumOf<Kind>("ls_kind", (string)o["result_kind"]))));
            Func<object, string> paramList = list => string.Join(" ", ((List<object>)list).Select(p => EnumOf<Param>("ls_param", (string)p)));
            SameRows("operation requirements", Tables.Operations.Select(o => (o.Operation, o.Scope, string.Join(" ", o.Params), string.Join(" ", o.Required), o.PasswordRequired, o.Variables)),
                Rows("operations").Select(o => (EnumOf<Operation>("ls_operation", (string)o["c_name"]), (string)o["scope"], paramList(o["params"]), paramList(o["required"]),
                    (bool)o["password_required"], (string)o["variables"])));
            SameRows("hardware-ID algorithms", Tables.HardwareIdAlgorithms.Select(a => (int)a), Rows("hardware_id_algorithms").Select(a => (int)(long)a["value"]));
            SameRows("value types", Enum.GetValues(typeof(FieldValueType)).Cast<int>(), Rows("value_types").Select(v => (int)(long)v["value"]));
        }

        [Test]
        public static void StructLayoutsMatchTheLoadedLibrary()
        {
            var structs = new Dictionary<string, Type> { { "ls_error", typeof(LsError) }, { "ls_value", typeof(LsValue) }, { "ls_store_state", typeof(LsStoreState) } };
            Assert.Equal(structs.Count, Rows("structs").Count(), "every described struct has a C# struct");
            foreach (var layout in Rows("structs"))
            {
                Type managed = structs[(string)layout["name"]];
                Assert.Equal((int)(long)layout["size"], Marshal.SizeOf(managed), managed.Name + " size");
                var fields = ((List<object>)layout["fields"]).Cast<Dictionary<string, object>>().ToList();
                Assert.Equal(fields.Count, managed.GetFields().Length, managed.Name + " field count");
                foreach (var field in fields)
                {
                    Assert.Equal((long)field["offset"], (long)Marshal.OffsetOf(managed, (string)field["name"]), managed.Name + "." + field["name"] + " offset");
                }
            }
        }

        private static readonly Dictionary<string, Type> FieldTypes = new Dictionary<string, Type>
        {
            { "bool", typeof(bool?) }, { "int", typeof(long?) }, { "string", typeof(string) }, { "text", typeof(string) }, { "json", typeof(string) },
        };

        [Test]
        public static void TheIdiomaticApiHasAMemberForEveryRow()
        {
            var problems = new List<string>();
            Assembly api = typeof(Client).Assembly;
            // A kind's class is its name, + "Info" when that is a type of namespace System (ambiguous
            // beside `using System;`) or the name of one of its own fields (a member may not be
            // named like its class).
            Func<Kind, Type> classOf = kind =>
            {
                string name = Pascal(Tables.Kinds.Single(k => k.Kind == kind).Name);
                bool clash = typeof(object).Assembly.GetType("System." + name) != null || Tables.Fields.Any(f => f.Kind == kind && Pascal(f.Name) == name);
                return api.GetType("LicenseSpring." + name + (clash ? "Info" : ""));
            };
            foreach (var row in Rows("operations"))
            {
                string name = Pascal((string)row["name"]);
                Type result = row["result_kind"] == null ? typeof(void) : classOf(EnumOf<Kind>("ls_kind", (string)row["result_kind"]));
                MethodInfo sync = typeof(Client).GetMethod(name, new[] { typeof(Request), typeof(System.Threading.CancellationToken) });
                MethodInfo async = typeof(Client).GetMethod(name + "Async", new[] { typeof(Request), typeof(System.Threading.CancellationToken) });
                if (sync?.ReturnType != result) problems.Add("Client." + name + " returning " + result);
                Type task = result == typeof(void) ? typeof(System.Threading.Tasks.Task) : typeof(System.Threading.Tasks.Task<>).MakeGenericType(result);
                if (async?.ReturnType != task) problems.Add("Client." + name + "Async returning " + task);
            }
            foreach (var row in Rows("fields"))
            {
                Type owner = classOf(EnumOf<Kind>("ls_kind", (string)row["kind"]));
                PropertyInfo property = owner?.GetProperty(Pascal((string)row["name"]));
                Type item = row["item_kind"] == null ? null : classOf(EnumOf<Kind>("ls_kind", (string)row["item_kind"]));
                Type expected = (string)row["type"] == "list" ? typeof(IReadOnlyList<>).MakeGenericType(item)
                    : (string)row["type"] == "object" ? item
                    : FieldTypes[(string)row["type"]];
                // A kind whose whole answer is a list is also that list.
                if ((string)row["path"] == "" && !expected.IsAssignableFrom(owner)) problems.Add(row["kind"] + " as " + expected);
                if ((bool)row["required"] && Nullable.GetUnderlyingType(expected) != null) expected = Nullable.GetUnderlyingType(expected);
                if (property?.PropertyType != expected) problems.Add(row["kind"] + "." + Pascal((string)row["name"]) + " of type " + expected);
            }
            foreach (var row in Rows("params"))
            {
                PropertyInfo property = typeof(Request).GetProperty(Member((string)row["name"], new[] { "LS_PARAM_" }));
                Type expected = (string)row["type"] == "string" ? typeof(string) : FieldTypes[(string)row["type"]];
                if (property?.PropertyType != expected || !property.CanWrite) problems.Add("Request." + row["name"] + " of type " + expected);
            }
            foreach (var row in Rows("statuses").Where(s => (string)s["category"] != "LS_CATEGORY_NONE"))
            {
                Type expected = api.GetType("LicenseSpring." + Member((string)row["category"], new[] { "LS_CATEGORY_" }) + "Exception");
                var created = LicenseSpringException.Create(EnumOf<Status>("ls_status", (string)row["name"]), "m");
                if (expected == null || created.GetType() != expected) problems.Add(row["name"] + " creates " + created.GetType().Name + ", not " + expected);
            }
            Assert.True(problems.Count == 0, "every row has its member, missing or wrong:\n  " + string.Join("\n  ", problems));
        }

        [Test]
        public static void NothingReadsThreadLocalErrorState()
        {
            var stale = typeof(NativeMethods).GetMethods().Where(m => m.Name.Contains("last_error")).Select(m => m.Name).ToList();
            Assert.True(stale.Count == 0, "no last-error function is declared: " + string.Join(", ", stale));
            foreach (string file in Directory.GetFiles(Path.Combine(Session.TestsDirectory, "..", "src"), "*.cs", SearchOption.AllDirectories))
            {
                var code = File.ReadAllLines(file).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal));
                Assert.True(!code.Any(line => line.Contains("last_error")), Path.GetFileName(file) + " reads no last error");
            }
        }
    }
}
