package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.licensespring.nativeclient.LicenseSpring.CancelledException;
import io.licensespring.nativeclient.LicenseSpring.InvalidArgumentException;
import io.licensespring.nativeclient.LicenseSpring.License;
import io.licensespring.nativeclient.LicenseSpring.NetworkException;
import io.licensespring.nativeclient.LicenseSpring.ServerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CompletableFuture operations, cancellation (of futures and of blocking calls), timeouts. */
class AsyncTest {
  private static Emulator emulator;
  private static Servers.StallingProxy proxy;
  /** A client whose requests with "stall" in them never get an answer; the others do. */
  private static Client client;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() throws Exception {
    emulator = Emulator.get();
    proxy = new Servers.StallingProxy(emulator.baseUrl);
    client = emulator.config().baseUrl(proxy.url).totalTimeout(Duration.ofSeconds(20)).buildClient();
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    proxy.close();
    timer.shutdownNow();
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  @Test
  void asyncOperationsGiveTheirResults() throws Exception {
    try (Request request = ClientTest.keyRequest("DEMO-1111-2222-3333", Emulator.hardwareId("async"))) {
      try (License license = client.activateAsync(request).get(20, TimeUnit.SECONDS)) {
        assertEquals(1001, license.id());
        assertEquals("pro", license.features().get(0).code());
      }
      ExecutorService mine = Executors.newSingleThreadExecutor();
      try (License license = client.checkAsync(request, mine).get(20, TimeUnit.SECONDS)) {
        assertEquals(Optional.of(true), license.active());
      } finally {
        mine.shutdown();
      }
      assertEquals(null, client.deactivateAsync(request).get(20, TimeUnit.SECONDS));
    }
  }

  @Test
  void severalCallsAreInFlightAtOnce() throws Exception {
    try (Servers.Http slow = new Servers.Http(500, "{}", 1000);
        Client c = emulator.config().baseUrl(slow.url).buildClient();
        Request request = ClientTest.keyRequest("K", Emulator.hardwareId("slow"))) {
      long t0 = System.nanoTime();
      List<CompletableFuture<License>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(c.activateAsync(request));
      }
      assertTrue(secondsSince(t0) < 0.5, "the async calls blocked the caller");
      for (CompletableFuture<License> f : calls) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(ServerException.class, e.getCause());
      }
      double elapsed = secondsSince(t0);
      assertTrue(elapsed >= 0.9 && elapsed < 3.0, "4 calls of 1 s each took " + elapsed + " s");
      assertEquals(4, slow.requests.size());
    }
  }

  /** future.cancel ends the native call promptly, and the client keeps working. */
  @Test
  void cancellingAFutureCancelsTheCall() throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try (Request stalled = ClientTest.keyRequest("DEMO-TIME-LIMITED", "java-stall-" + Emulator.hardwareId("f"));
        Request good = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("after-cancel"))) {
      CompletableFuture<License> future = client.activateAsync(stalled, one);
      Thread.sleep(300);
      assertTrue(!future.isDone(), "the stalled call finished");
      long t0 = System.nanoTime();
      assertTrue(future.cancel(true));
      assertTrue(future.isCancelled());
      assertThrows(CancellationException.class, future::get);
      // The executor's only thread is free again once the native call has returned.
      one.submit(() -> null).get(2, TimeUnit.SECONDS);
      assertTrue(secondsSince(t0) < 2.0, "the native call went on for " + secondsSince(t0) + " s");
      try (License license = client.activate(good)) {
        assertEquals(1002, license.id());
      }
      client.deactivate(good);
    } finally {
      one.shutdownNow();
    }
  }

  /** Any other completion of the future (here orTimeout) also stops the native call. */
  @Test
  void aFutureThatTimesOutCancelsTheCall() throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try (Request stalled = ClientTest.keyRequest("DEMO-TIME-LIMITED", "java-stall-" + Emulator.hardwareId("t"))) {
      CompletableFuture<License> future = client.activateAsync(stalled, one).orTimeout(300, TimeUnit.MILLISECONDS);
      long t0 = System.nanoTime();
      ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
      assertInstanceOf(java.util.concurrent.TimeoutException.class, e.getCause());
      one.submit(() -> null).get(2, TimeUnit.SECONDS);
      assertTrue(secondsSince(t0) < 2.0, "the native call went on for " + secondsSince(t0) + " s");
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void aBlockingCallIsCancelledFromAnotherThread() {
    try (Cancel cancel = new Cancel();
        Request stalled = ClientTest.keyRequest("DEMO-TIME-LIMITED", "java-stall-" + Emulator.hardwareId("s"));
        Request good = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("after-sync"))) {
      timer.schedule(cancel::cancel, 300, TimeUnit.MILLISECONDS);
      long t0 = System.nanoTime();
      CancellationException e =
          assertThrows(CancellationException.class, () -> client.activate(stalled, cancel));
      double elapsed = secondsSince(t0);
      assertTrue(elapsed >= 0.25 && elapsed < 2.0, "cancelled after " + elapsed + " s");
      assertInstanceOf(CancelledException.class, e.getCause());
      assertTrue(cancel.isCancelled());
      // Cancelling is permanent: a later call given the handle fails at once.
      assertThrows(CancellationException.class, () -> client.check(good, cancel));
      try (License license = client.activate(good)) {
        assertEquals(1002, license.id());
      }
      client.deactivate(good);
    }
  }

  @Test
  void cancellingAfterTheCallChangesNothing() throws Exception {
    try (Request request = ClientTest.keyRequest("DEMO-TIME-LIMITED", Emulator.hardwareId("late"));
        Cancel cancel = new Cancel();
        License license = client.activate(request, cancel)) {
      cancel.cancel();
      assertEquals(1002, license.id());
      CompletableFuture<License> done = client.checkAsync(request);
      try (License checked = done.get(20, TimeUnit.SECONDS)) {
        assertTrue(!done.cancel(true));
        assertEquals(1002, checked.id());
      }
      client.deactivate(request);
    }
  }

  @Test
  void aHandleClosedWhileItsCallWaitsIsFreedAfterIt() throws Exception {
    try (Request stalled = ClientTest.keyRequest("DEMO-TIME-LIMITED", "java-stall-" + Emulator.hardwareId("k"))) {
      Cancel cancel = new Cancel();
      CompletableFuture<License> call =
          CompletableFuture.supplyAsync(() -> client.activate(stalled, cancel));
      Thread.sleep(200);
      cancel.cancel();
      cancel.close();
      ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(2, TimeUnit.SECONDS));
      assertInstanceOf(CancellationException.class, e.getCause());
      assertTrue(cancel.isClosed());
      cancel.cancel(); // nothing once closed
    }
  }

  /** The caller's timeout reaches the library unchanged: 0.3 s, not rounded to whole seconds. */
  @Test
  void aFractionalTotalTimeoutIsTheLibrarys() throws Exception {
    try (Servers.Silent silent = new Servers.Silent();
        Client c = emulator.config().baseUrl(silent.url).totalTimeout(Duration.ofMillis(300)).buildClient();
        Request request = ClientTest.keyRequest("K", Emulator.hardwareId("timeout"))) {
      long t0 = System.nanoTime();
      NetworkException e = assertThrows(NetworkException.class, () -> c.activate(request));
      double elapsed = secondsSince(t0);
      assertEquals(LicenseSpringLibrary.LS_ERR_TIMEOUT, e.status(), e.getMessage());
      assertTrue(elapsed >= 0.25 && elapsed < 0.9, "a 0.3 s timeout took " + elapsed + " s");
    }
  }

  @Test
  void invalidTimeoutsAreRefusedByTheLibrary() {
    Duration[] refused = {Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(2)};
    for (Duration d : refused) {
      InvalidArgumentException connect =
          assertThrows(InvalidArgumentException.class, () -> Config.builder("a", "s").connectTimeout(d).build());
      InvalidArgumentException total =
          assertThrows(InvalidArgumentException.class, () -> Config.builder("a", "s").totalTimeout(d).build());
      assertTrue(connect.detail().contains("timeout"), connect.detail());
      assertTrue(total.detail().contains("timeout"), total.detail());
    }
    Config.builder("a", "s").connectTimeout(Duration.ofNanos(1)).totalTimeout(Duration.ofDays(1)).build().close();
  }
}
