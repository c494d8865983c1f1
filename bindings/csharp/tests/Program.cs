using System;
using System.IO;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    /// <summary>Paths and the emulator shared by the whole test session.</summary>
    public static class Session
    {
        public static string HeaderPath;
        public static string PublicKeyPem;
        public static string UnrelatedPublicKeyPem;
        public static Emulator Emulator;
        public static string TestsDirectory;

        public static string Require(string variable)
        {
            string value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value))
            {
                throw new InvalidOperationException(variable + " is not set (run bindings/csharp/test.sh)");
            }
            return value;
        }

        public static string NewHardwareId(string label) => "cs-" + label + "-" + Guid.NewGuid().ToString("N");

        public static ClientOptions Options() => new ClientOptions
        {
            ApiKey = "demo-api-key",
            SharedKey = "demo-shared-key",
            BaseUrl = Emulator.BaseUrl,
            PublicKeyPem = PublicKeyPem,
            DisableProxy = true,
        };
    }

    public static class Program
    {
        public static int Main(string[] args)
        {
            // Child mode for the library lookup tests: load, report where from, exit.
            if (args.Length > 0 && args[0] == "--probe-load")
            {
                try
                {
                    Console.WriteLine("loaded from " + Library.Location + " version " + Library.Version);
                    return 0;
                }
                catch (NativeLibraryException e)
                {
                    Console.WriteLine(e.Message);
                    return 3;
                }
            }

            Session.HeaderPath = Session.Require("LS_HEADER");
            Session.TestsDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location);
            Session.PublicKeyPem = File.ReadAllText(Session.Require("LS_EMULATOR_PUBLIC_KEY"));
            Session.UnrelatedPublicKeyPem = File.ReadAllText(Session.Require("LS_UNRELATED_PUBLIC_KEY"));
            using (Session.Emulator = new Emulator(Session.Require("LS_EMULATOR"), Session.Require("LS_EMULATOR_SEED"), Session.Require("LS_EMULATOR_KEY")))
            {
                string filter = args.Length > 0 ? args[0] : null;
                return TestRunner.Run(new[] { typeof(AbiTests), typeof(LibraryTests), typeof(ClientTests), typeof(ErrorTests), typeof(LifetimeTests), typeof(AsyncTests), typeof(OperationTests), typeof(OAuthTests), typeof(StoreTests) }, filter);
            }
        }
    }
}
