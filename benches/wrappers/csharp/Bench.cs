// Activations through the C# wrapper (bindings/csharp, its public API as its README shows), on
// Mono, over the release shared library named by LICENSESPRING_LIB: the same work as the C driver
// (Client.Activate is one ls_call, License.Id one ls_result_get, Dispose ls_result_free). Figures
// csharp and csharp-async (the same awaited through ActivateAsync, one call after another),
// served to paired.py (READY, then `<figure> <count>` lines answered with wall and CPU nanoseconds).
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_WARMUP.
using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using LicenseSpring;

public static class Bench
{
    static int EnvInt(string name, int def)
    {
        int v;
        return int.TryParse(Environment.GetEnvironmentVariable(name), out v) ? v : def;
    }

    // CPU time of this process, all its threads, in nanoseconds (Process.TotalProcessorTime counts
    // in jiffies on Mono, too coarse for a block of calls).
    [System.Runtime.InteropServices.DllImport("libc")]
    static extern int clock_gettime(int clock, long[] timespec);

    static long CpuNanos()
    {
        var ts = new long[2];
        clock_gettime(2 /* CLOCK_PROCESS_CPUTIME_ID */, ts);
        return ts[0] * 1000000000L + ts[1];
    }

    public static int Main()
    {
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
            Func<int, Task> awaited = async count =>
            {
                for (int i = 0; i < count; i++)
                {
                    using (var license = await client.ActivateAsync(request))
                    {
                        if (license.Id != 1749538876210079L) throw new Exception("unexpected id");
                    }
                }
            };
            for (int i = 0; i < warmup; i++) one();
            awaited(warmup).GetAwaiter().GetResult();
            Console.WriteLine("READY csharp csharp-async");
            string line;
            while ((line = Console.ReadLine()) != null)
            {
                var parts = line.Split(' ');
                if (parts[0] != "csharp" && parts[0] != "csharp-async") throw new Exception("unknown figure " + parts[0]);
                int count = int.Parse(parts[1]);
                long c0 = CpuNanos();
                var sw = Stopwatch.StartNew();
                if (parts[0] == "csharp-async")
                    awaited(count).GetAwaiter().GetResult();
                else
                    for (int i = 0; i < count; i++) one();
                long ns = (long)(sw.ElapsedTicks * (1e9 / Stopwatch.Frequency));
                long cpu = CpuNanos() - c0;
                Console.WriteLine(ns.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " +
                                  cpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return 0;
    }
}
