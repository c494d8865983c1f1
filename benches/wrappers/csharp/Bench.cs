// N activations through the C# wrapper (bindings/csharp, its public API as its README shows),
// on Mono, over the release shared library named by LICENSESPRING_LIB: the same work as the C
// driver (Client.Activate is one ls_call, License.Id one ls_result_get, Dispose ls_result_free).
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_N, BENCH_WARMUP. Prints one RESULT line.
using System;
using System.Diagnostics;
using System.IO;
using LicenseSpring;

public static class Bench
{
    static int EnvInt(string name, int def)
    {
        int v;
        return int.TryParse(Environment.GetEnvironmentVariable(name), out v) ? v : def;
    }

    public static int Main()
    {
        int n = EnvInt("BENCH_N", 2000);
        // The JIT and the marshalling stubs need a longer warm-up than C.
        int warmup = Math.Max(EnvInt("BENCH_WARMUP", 200), 1000);
        var options = new ClientOptions
        {
            ApiKey = "bench-api-key",
            SharedKey = "bench-shared-key",
            BaseUrl = Environment.GetEnvironmentVariable("BENCH_URL"),
            DisableProxy = true,
            PublicKeyPem = File.ReadAllText(Environment.GetEnvironmentVariable("BENCH_PUBKEY")),
        };
        using (var client = new Client(options))
        using (var request = new Request { Product = "bench", HardwareId = "bench-hardware-id-0001", LicenseKey = "BENCH-AAAA-BBBB-CCCC" })
        {
            Action one = () =>
            {
                using (var license = client.Activate(request))
                {
                    if (license.Id != 1749538876210079L) throw new Exception("unexpected id");
                }
            };
            for (int i = 0; i < warmup; i++) one();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) one();
            double dt = sw.Elapsed.TotalSeconds;
            Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "RESULT wrapper lang=csharp calls={0} us_per_call={1:F1} calls_per_s={2:F0}", n, dt * 1e6 / n, n / dt));
        }
        return 0;
    }
}
