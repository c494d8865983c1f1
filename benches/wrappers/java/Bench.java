// Activations through the Java wrapper (bindings/java, its public API), JNA over the release
// shared library named by LICENSESPRING_LIB. Figures java and java-async (the same through
// activateAsync, each future joined before the next call), served to paired.py (READY, then
// `<figure> <count>` lines answered with wall and CPU nanoseconds).
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_WARMUP.
import io.licensespring.nativeclient.Client;
import io.licensespring.nativeclient.Config;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.Request;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;

public final class Bench {
  public static void main(String[] args) throws Exception {
    String pem = Files.readString(Path.of(System.getenv("BENCH_PUBKEY")));
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
      for (int i = 0; i < warmup; i++) oneAsync(client, request);
      System.out.println("READY java java-async");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
      for (String line; (line = in.readLine()) != null; ) {
        String[] parts = line.trim().split(" ");
        boolean async = parts[0].equals("java-async");
        if (!async && !parts[0].equals("java")) throw new IllegalArgumentException("unknown figure " + parts[0]);
        int count = Integer.parseInt(parts[1]);
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
          if (async) oneAsync(client, request);
          else one(client, request);
        }
        System.out.println((System.nanoTime() - t0) + " " + (cpuNanos() - c0));
        System.out.flush();
      }
    }
  }

  // CPU time of this process, all its threads, in nanoseconds (the JDK's own process CPU time
  // counts in jiffies, too coarse for a block of calls).
  interface LibC extends com.sun.jna.Library {
    LibC C = com.sun.jna.Native.load("c", LibC.class);

    int clock_gettime(int clock, long[] timespec);
  }

  private static long cpuNanos() {
    long[] ts = new long[2];
    LibC.C.clock_gettime(2 /* CLOCK_PROCESS_CPUTIME_ID */, ts);
    return ts[0] * 1_000_000_000L + ts[1];
  }

  private static void one(Client client, Request request) {
    try (License license = client.activate(request)) {
      if (license.id() != 1749538876210079L) throw new IllegalStateException("unexpected id");
    }
  }

  private static void oneAsync(Client client, Request request) {
    try (License license = client.activateAsync(request).join()) {
      if (license.id() != 1749538876210079L) throw new IllegalStateException("unexpected id");
    }
  }
}
