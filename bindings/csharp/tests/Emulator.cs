// Starts one ls-emulator for the test session and reads its base URL from the first stdout line.
using System;
using System.Diagnostics;
using System.IO;

namespace LicenseSpring.Tests
{
    public sealed class Emulator : IDisposable
    {
        private readonly Process process;

        public string BaseUrl { get; }

        public Emulator(string executable, string seed, string signingKey)
        {
            var start = new ProcessStartInfo(executable,
                "--listen 127.0.0.1:0 --seed \"" + seed + "\" --signing-key \"" + signingKey + "\"")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            process = Process.Start(start);
            process.ErrorDataReceived += (sender, e) => { };
            process.BeginErrorReadLine();
            string line = process.StandardOutput.ReadLine();
            const string prefix = "listening on ";
            if (line == null || !line.StartsWith(prefix, StringComparison.Ordinal))
            {
                Dispose();
                throw new InvalidOperationException("ls-emulator did not start: first line was <" + line + ">");
            }
            BaseUrl = line.Substring(prefix.Length).Trim();
        }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
    }
}
