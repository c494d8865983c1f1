package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.licensespring.nativeclient.LicenseSpring.Category;
import io.licensespring.nativeclient.LicenseSpring.InvalidArgumentException;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.Param;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Invalid arguments, handle lifetimes, and one client shared by several threads. */
class HandleTest {
  private final Emulator emulator = Emulator.get();

  private static InvalidArgumentException invalid(int status, Runnable call) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, call::run);
    assertEquals(status, e.status(), e.getMessage());
    assertEquals(Category.INVALID_ARGUMENT, e.category());
    assertEquals(0, e.httpStatus());
    return e;
  }

  @Test
  void nullArgumentsAreRefusedByTheLibrary() {
    int nul = LicenseSpringLibrary.LS_ERR_NULL_ARGUMENT;
    invalid(nul, () -> Config.builder(null, "shared").build());
    invalid(nul, () -> Config.builder("api", null).build());
    invalid(nul, () -> Config.builder("api", "shared").baseUrl(null).build());
    invalid(nul, () -> Config.builder("api", "shared").proxy(null).build());
    invalid(nul, () -> Config.builder("api", "shared").addCaFile(null).build());
    invalid(nul, () -> Config.builder("api", "shared").publicKeyPem(null).build());
    invalid(nul, () -> Config.builder("api", "shared").appVersion(null).build());
    invalid(nul, () -> Client.create(null));
    invalid(nul, () -> Request.builder().product(null).build());
    invalid(nul, () -> Request.builder().variable(null, "v").build());
    invalid(nul, () -> Request.builder().variable("n", null).build());
    try (Client client = emulator.client()) {
      invalid(nul, () -> client.activate(null));
      invalid(nul, () -> client.check(null));
      invalid(nul, () -> client.deactivate(null));
    }
    invalid(nul, () -> Request.builder().set(Param.HOSTNAME, (String) null).build());
    assertThrows(NullPointerException.class, () -> Request.builder().set(null, "x"));
    assertThrows(NullPointerException.class, () -> Config.builder("a", "s").totalTimeout(null));
  }

  @Test
  void aParameterOfAnotherTypeIsRefusedByTheLibrary() {
    int bad = LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT;
    invalid(bad, () -> Request.builder().set(Param.PRODUCT, 5L).build());
    invalid(bad, () -> Request.builder().set(Param.LICENSE_ID, "5").build());
    invalid(bad, () -> Request.builder().set(Param.IS_VM, 1L).build());
  }

  @Test
  void emptyAndMalformedValuesAreRefusedByTheLibrary() {
    int bad = LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT;
    invalid(bad, () -> Config.builder("", "shared").build());
    invalid(bad, () -> Config.builder("api", "").build());
    invalid(bad, () -> Config.builder("api", "shared").baseUrl("not a url").build());
    invalid(bad, () -> Config.builder("api", "shared").baseUrl("ftp://example.com").build());
    invalid(bad, () -> Config.builder("api", "shared").publicKeyPem("not a key").build());
    invalid(bad, () -> Request.builder().variable("", "v").build());
    Path missing = Path.of("target", "no-such-ca.pem");
    try (Config config = Config.builder("api", "shared").addCaFile(missing).build()) {
      InvalidArgumentException e = invalid(bad, () -> Client.create(config));
      assertTrue(e.getMessage().contains("no-such-ca.pem"), e.getMessage());
    }
  }

  @Test
  void incompleteRequestsAreRefusedBeforeSending() {
    int bad = LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT;
    try (Client client = emulator.client()) {
      String hwid = Emulator.hardwareId("incomplete");
      Request[] requests = {
        Request.builder().build(),
        Request.builder().product("demo").licenseKey("DEMO-TIME-LIMITED").build(),
        Request.builder().hardwareId(hwid).licenseKey("DEMO-TIME-LIMITED").build(),
        Request.builder().product("demo").hardwareId(hwid).build(),
        Request.builder().product("demo-user").hardwareId(hwid).password("alice-password").build(),
        Request.builder().product("demo-user").hardwareId(hwid).idToken("sso-id-token-alice").build(),
        Request.builder()
            .product("demo")
            .hardwareId(hwid)
            .licenseKey("DEMO-TIME-LIMITED")
            .licenseKey("")
            .build(),
      };
      for (Request request : requests) {
        try (request) {
          InvalidArgumentException e = invalid(bad, () -> client.activate(request));
          assertEquals("", e.serverCode());
          assertFalse(e.detail().isEmpty());
        }
      }
      // A username without a password is refused before anything is sent.
      try (Request request =
          Request.builder().product("demo-user").hardwareId(hwid).username("alice@example.com").build()) {
        InvalidArgumentException e =
            assertThrows(InvalidArgumentException.class, () -> client.activate(request));
        assertEquals(LicenseSpringLibrary.LS_ERR_INVALID_ARGUMENT, e.status());
        assertEquals("", e.serverCode());
        assertEquals(0, e.httpStatus());
      }
    }
  }

  @Test
  void closingTwiceIsHarmlessAndUseAfterCloseIsAnIllegalState() {
    Config config = emulator.config().build();
    Client client = Client.create(config);
    config.close();
    config.close();
    assertTrue(config.isClosed());
    assertThrows(IllegalStateException.class, () -> Client.create(config));

    Request request = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("close"));
    License license = client.activate(request);
    license.close();
    license.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, license::id);
    assertTrue(e.getMessage().contains("License"), e.getMessage());
    assertThrows(IllegalStateException.class, license::json);
    assertThrows(IllegalStateException.class, license::features);

    client.deactivate(request);
    request.close();
    assertThrows(IllegalStateException.class, () -> client.activate(request));
    client.close();
    client.close();
    try (Request other = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("x"))) {
      assertThrows(IllegalStateException.class, () -> client.check(other));
      assertThrows(IllegalStateException.class, () -> client.deactivate(other));
    }
  }

  @Test
  void listItemsAreBorrowedFromTheirLicense() {
    try (Client client = emulator.client();
        Request request = ClientTest.keyRequest("DEMO-1111-2222-3333", Emulator.hardwareId("items"))) {
      License license = client.activate(request);
      LicenseSpring.Feature pro = license.features().get(0);
      pro.close(); // an item's close does nothing: its license owns it
      assertEquals("pro", pro.code());
      assertFalse(license.isClosed());
      license.close();
      assertTrue(pro.isClosed());
      assertThrows(IllegalStateException.class, pro::code);
      client.deactivate(request);
    }
  }

  @Test
  void unclosedHandlesAreReleasedByTheCleaner() throws InterruptedException {
    long before = NativeObject.FREED.get();
    for (int i = 0; i < 200; i++) {
      Request.builder().product("demo").build();
      emulator.config().build();
      new Cancel();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (NativeObject.FREED.get() - before < 300 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertTrue(NativeObject.FREED.get() - before >= 300, "freed " + (NativeObject.FREED.get() - before));
  }


  @Test
  void oneClientFromManyThreads() throws Exception {
    int threads = 8;
    int rounds = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try (Client client = emulator.client()) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Integer> work =
            () -> {
              start.await();
              int done = 0;
              for (int r = 0; r < rounds; r++) {
                String hwid = Emulator.hardwareId("thread" + thread + "-" + r);
                try (Request request = ClientTest.keyRequest("DEMO-UNLIMITED", hwid)) {
                  try (License license = client.activate(request)) {
                    assertEquals(1010, license.id());
                  }
                  try (License license = client.check(request)) {
                    assertEquals(Optional.of(true), license.active());
                  }
                  client.deactivate(request);
                }
                // A failure on this thread reports this thread's detail, whatever the others do.
                try (Request expired = ClientTest.keyRequest("DEMO-EXPIRED", hwid)) {
                  LicenseException e =
                      assertThrows(LicenseException.class, () -> client.activate(expired));
                  assertEquals("license_expired", e.serverCode());
                  assertEquals(400, e.httpStatus());
                }
                done++;
              }
              return done;
            };
        results.add(pool.submit(work));
      }
      start.countDown();
      for (Future<Integer> f : results) {
        assertEquals(rounds, f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closingWhileOtherThreadsCallWaitsForThem() throws Exception {
    Client client = emulator.client();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < 20; r++) {
                    try (Request request =
                        ClientTest.keyRequest("DEMO-EXPIRED", Emulator.hardwareId("race"))) {
                      client.activate(request).close();
                    } catch (LicenseException | IllegalStateException expected) {
                      // Either the call ran (expired) or the client was already closed.
                    }
                  }
                }));
      }
      Thread.sleep(20);
      client.close();
      for (Future<?> f : calls) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertTrue(client.isClosed());
    } finally {
      pool.shutdownNow();
    }
  }
}
