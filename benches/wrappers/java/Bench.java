// N activations through the Java wrapper (bindings/java, its public API), JNA over the release
// shared library named by LICENSESPRING_LIB. Env: BENCH_URL, BENCH_PUBKEY, BENCH_N, BENCH_WARMUP.
import io.licensespring.nativeclient.Client;
import io.licensespring.nativeclient.Config;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.Request;
import java.nio.file.Files;
import java.nio.file.Path;

public final class Bench {
  public static void main(String[] args) throws Exception {
    String pem = Files.readString(Path.of(System.getenv("BENCH_PUBKEY")));
    int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_N", "2000"));
    int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "200"));
    // The JIT needs more than the other drivers' warm-up to reach steady state.
    warmup = Math.max(warmup, 2000);
    try (Client client = Config.builder("bench-api-key", "bench-shared-key")
            .baseUrl(System.getenv("BENCH_URL"))
            .disableProxy()
            .publicKeyPem(pem)
            .buildClient();
        Request request = Request.builder()
            .product("bench")
            .hardwareId("bench-hardware-id-0001")
            .licenseKey("BENCH-AAAA-BBBB-CCCC")
            .build()) {
      for (int i = 0; i < warmup; i++) one(client, request);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) one(client, request);
      double dt = (System.nanoTime() - t0) / 1e9;
      System.out.printf("RESULT wrapper lang=java calls=%d us_per_call=%.1f calls_per_s=%.0f%n", n, dt * 1e6 / n, n / dt);
    }
  }

  private static void one(Client client, Request request) {
    try (License license = client.activate(request)) {
      if (license.id() != 1749538876210079L) throw new IllegalStateException("unexpected id");
    }
  }
}
