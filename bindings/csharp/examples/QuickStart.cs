using System;
using LicenseSpring;

public static class QuickStart
{
    public static void Run(string baseUrl, string publicKeyPem)
    {
        var options = new ClientOptions { ApiKey = "demo-api-key", SharedKey = "demo-shared-key", BaseUrl = baseUrl, PublicKeyPem = publicKeyPem };
        using (var client = new Client(options))
        using (var request = new Request { Product = "demo", HardwareId = Library.HardwareId(), LicenseKey = "DEMO-TIME-LIMITED" })
        {
            try
            {
                using (License license = client.Activate(request))
                    Console.WriteLine($"license {license.Id} ({license.Type}) valid until {license.ValidityPeriod}");
                client.Deactivate(request);
            }
            catch (LicenseException e)
            {
                Console.WriteLine($"refused: {e.ServerCode} (HTTP {e.HttpStatus}): {e.Message}");
            }
        }
    }
}
