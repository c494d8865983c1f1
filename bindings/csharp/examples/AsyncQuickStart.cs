using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LicenseSpring;

public static class AsyncQuickStart
{
    public static async Task RunAsync(string baseUrl, string publicKeyPem)
    {
        var options = new ClientOptions
        {
            ApiKey = "demo-api-key", SharedKey = "demo-shared-key", BaseUrl = baseUrl, PublicKeyPem = publicKeyPem,
            ConnectTimeout = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromSeconds(7.5),
        };
        using (var client = new Client(options))
        using (var request = new Request { Product = "demo", HardwareId = Library.HardwareId(), LicenseKey = "DEMO-FEATURES" })
        using (var cancel = new CancellationTokenSource())
        {
            using (License license = await client.ActivateAsync(request, cancel.Token))
                Console.WriteLine($"license {license.Id} features: {string.Join(", ", license.Features.Select(f => f.Code))}");

            cancel.Cancel(); // e.g. the user closed the window: a call in flight stops at once
            try
            {
                (await client.CheckAsync(request, cancel.Token)).Dispose();
            }
            catch (OperationCanceledException e)
            {
                Console.WriteLine($"cancelled: {e.CancellationToken == cancel.Token}");
            }

            await client.DeactivateAsync(request);
            try
            {
                await client.DeactivateAsync(request);
            }
            catch (LicenseException e)
            {
                Console.WriteLine($"refused: {e.StatusName} {e.ServerCode} (HTTP {e.HttpStatus})");
            }
        }
    }
}
