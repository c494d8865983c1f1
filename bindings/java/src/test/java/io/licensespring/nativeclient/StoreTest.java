package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.licensespring.nativeclient.LicenseSpring.CancelledException;
import io.licensespring.nativeclient.LicenseSpring.InvalidArgumentException;
import io.licensespring.nativeclient.LicenseSpring.LicenseException;
import io.licensespring.nativeclient.LicenseSpring.NetworkException;
import io.licensespring.nativeclient.LicenseSpring.Status;
import io.licensespring.nativeclient.LicenseSpring.StorageException;
import io.licensespring.nativeclient.LicenseSpring.StoreState;
import io.licensespring.nativeclient.LicenseSpring.StoredLicense;
import io.licensespring.nativeclient.LicenseSpring.TamperingException;
import io.licensespring.nativeclient.LicenseSpring.VerificationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local license store against ls-emulator (demo seed), each test with its own folder. */
class StoreTest {
  /** A URL nothing listens on. */
  private static final String DEAD_URL = "http://127.0.0.1:9";

  private static Emulator emulator;
  private static Client client;
  /** A client whose server cannot be reached: a device without network, or a server down. */
  private static Client offline;

  @TempDir Path folder;

  @BeforeAll
  static void start() {
    emulator = Emulator.get();
    client = emulator.client();
    offline = emulator.config().baseUrl(DEAD_URL).connectTimeout(Duration.ofSeconds(2)).buildClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    offline.close();
  }

  private static Request request(String hardwareId, String key) {
    Request.Builder b = Request.builder().product("demo").hardwareId(hardwareId);
    return (key == null ? b : b.licenseKey(key)).build();
  }

  @Test
  void activateThenCheckLocallyThenOnlineThenInGraceThenGraceExpired() {
    String device = Emulator.hardwareId("store");
    try (Store store = Store.open(folder, "demo");
        Request request = request(device, "DEMO-UNLIMITED");
        Request bare = request(device, null)) {
      assertEquals(folder.resolve("demo.lsstore"), store.path());
      try (StoredLicense activated = store.activate(client, request)) {
        assertEquals("DEMO-UNLIMITED", activated.license().key().orElseThrow());
        StoreState s = activated.state();
        assertTrue(s.online());
        assertFalse(s.inGrace() || s.offlineActivated());
        assertEquals(Status.OK, s.saveStatus());
        assertTrue(s.lastCheck().orElseThrow().isAfter(Instant.now().minusSeconds(60)));
        assertEquals(Optional.empty(), s.validUntil()); // perpetual
        assertEquals(Optional.empty(), s.graceEnd());
      }
      assertTrue(Files.isRegularFile(store.path()));

      // Locally, through another handle on the folder and a client that cannot reach the server.
      try (Store again = Store.open(folder, "demo");
          StoredLicense local = again.checkLocal(offline, bare)) {
        assertFalse(local.state().online());
        assertEquals("DEMO-UNLIMITED", local.license().key().orElseThrow());
      }
      try (StoredLicense online = store.check(client, bare)) {
        assertTrue(online.state().online());
      }

      // The server unreachable: the check passes in grace, with the window's end reported.
      try (StoredLicense graced = store.check(offline, bare)) {
        StoreState s = graced.state();
        assertTrue(s.inGrace());
        assertFalse(s.online());
        Instant end = s.graceEnd().orElseThrow();
        assertTrue(end.isAfter(Instant.now().plus(Duration.ofHours(23))), end.toString());
        assertEquals(end, s.graceStart().orElseThrow().plus(Duration.ofHours(24)));
      }
      // Past the window (the store's own clock moved on): the grace-expired error.
      store.setTime(Instant.now().plus(Duration.ofHours(25)));
      NetworkException e = assertThrows(NetworkException.class, () -> store.check(offline, bare));
      assertEquals(LicenseSpringLibrary.LS_ERR_GRACE_PERIOD_EXPIRED, e.status());
      assertTrue(e.detail().contains("grace"), e.getMessage());
      // Back on the system clock, the server reachable again: the window closes.
      store.setTime(null);
      try (StoredLicense online = store.check(client, bare)) {
        assertTrue(online.state().online());
        assertEquals(Optional.empty(), online.state().graceStart());
      }

      store.deactivate(client, bare);
      LicenseException gone = assertThrows(LicenseException.class, () -> store.checkLocal(client, bare));
      assertEquals(LicenseSpringLibrary.LS_ERR_NO_STORED_LICENSE, gone.status());
    }
  }

  @Test
  void withoutGraceHoursAnUnreachableServerFailsTheCheck() {
    try (Store store = Store.open(folder, "demo");
        Request request = request(Emulator.hardwareId("store-nograce"), "DEMO-UNLIMITED")) {
      store.activate(client, request).close();
      store.setGraceHours(0);
      assertThrows(NetworkException.class, () -> store.check(offline, request));
      store.setGraceHours(1);
      try (StoredLicense graced = store.check(offline, request)) {
        assertEquals(graced.state().graceStart().orElseThrow().plus(Duration.ofHours(1)),
            graced.state().graceEnd().orElseThrow());
      }
      assertThrows(InvalidArgumentException.class, () -> store.setGraceHours(100_000));
      assertThrows(InvalidArgumentException.class, () -> store.setGraceHours(-1)); // 2^32 - 1 hours
    }
  }

  @Test
  void aTamperedStoreFileIsTheTamperingError() throws IOException {
    String device = Emulator.hardwareId("store-tamper");
    try (Store store = Store.open(folder, "demo");
        Request request = request(device, "DEMO-UNLIMITED")) {
      store.activate(client, request).close();
      byte[] bytes = Files.readAllBytes(store.path());
      bytes[bytes.length / 2] ^= 0x20;
      Files.write(store.path(), bytes);
      TamperingException e = assertThrows(TamperingException.class, () -> store.checkLocal(client, request));
      assertEquals(LicenseSpringLibrary.LS_ERR_LICENSE_FILE_TAMPERED, e.status());
      assertThrows(TamperingException.class, () -> store.license(client, request));
      // Intact again, but read for another device: its seal names this one.
      try (Request other = request(Emulator.hardwareId("store-other"), null)) {
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(store.path(), bytes);
        assertThrows(TamperingException.class, () -> store.checkLocal(client, other));
      }
      store.remove();
      assertThrows(LicenseException.class, () -> store.license(client, request));
    }
  }

  @Test
  void aStoreFolderThatCannotBeMadeIsTheStorageError() throws IOException {
    Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
    try (Store store = Store.open(file.resolve("below"), "demo");
        Request request = request(Emulator.hardwareId("store-nofolder"), "DEMO-UNLIMITED")) {
      // Activated, but not written: kept in the handle's memory, where a local check finds it.
      StorageException e = assertThrows(StorageException.class, () -> store.activate(client, request));
      assertTrue(e.statusName().startsWith("LS_ERR_STORE_"), e.getMessage());
      try (StoredLicense local = store.checkLocal(client, request)) {
        assertEquals("DEMO-UNLIMITED", local.license().key().orElseThrow());
      }
    }
  }

  @Test
  void localConsumptionsAreSentByTheNextCheck() {
    try (Store store = Store.open(folder, "demo");
        Request request = request(Emulator.hardwareId("store-consume"), "DEMO-UNLIMITED-CONSUMPTION")) {
      store.activate(client, request).close();
      assertEquals(3, store.addLocalConsumption(client, request, 3).localConsumptions());
      assertEquals(5, store.addLocalConsumption(client, request, 2).localConsumptions());
      try (StoredLicense checked = store.check(client, request)) {
        assertEquals(0, checked.state().localConsumptions());
        assertEquals(5, checked.license().totalConsumptions().orElseThrow());
      }
    }
  }

  @Test
  void theNetworkCallsHaveFuturesAndCancel() throws Exception {
    try (Store store = Store.open(folder, "demo");
        Request request = request(Emulator.hardwareId("store-async"), "DEMO-UNLIMITED")) {
      try (StoredLicense activated = store.activateAsync(client, request).get(30, TimeUnit.SECONDS)) {
        assertTrue(activated.state().online());
      }
      try (StoredLicense checked = store.checkAsync(client, request, Executors.newSingleThreadExecutor()).join()) {
        assertTrue(checked.state().online());
      }
      // A server that never answers: the future's cancel and a Cancel stop the check at once.
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
      try (Servers.Silent silent = new Servers.Silent();
          Client stuck = emulator.config().baseUrl(silent.url).buildClient();
          Cancel cancel = new Cancel()) {
        CompletableFuture<StoredLicense> pending = store.checkAsync(stuck, request);
        Thread.sleep(100);
        assertTrue(pending.cancel(true));
        timer.schedule(cancel::cancel, 100, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        CancellationException e = assertThrows(CancellationException.class, () -> store.check(stuck, request, cancel));
        assertInstanceOf(CancelledException.class, e.getCause());
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
      } finally {
        timer.shutdownNow();
      }
      store.deactivateAsync(client, request).get(30, TimeUnit.SECONDS);
      assertThrows(LicenseException.class, () -> store.checkLocal(client, request));
    }
  }

  @Test
  void theDefaultFolderIsTheVendorSdks() {
    try (Store store = Store.open(null, "demo")) { // touches no disk
      assertTrue(store.path().endsWith(Path.of(".LicenseSpring", "LicenseSpring", "demo", "demo.lsstore")),
          store.path().toString());
    }
    assertThrows(InvalidArgumentException.class, () -> Store.open(folder, ""));
    Store closed = Store.open(folder, "demo");
    closed.close();
    assertThrows(IllegalStateException.class, closed::path);
  }

  @Test
  void airGappedRoundTripThroughFiles() throws IOException {
    String device = Emulator.hardwareId("store-airgap-files");
    Path req = folder.resolve("out/activate_offline.req");
    Path lic = folder.resolve("license.lic");
    try (Store store = Store.open(folder, "demo");
        Request request = request(device, "DEMO-UNLIMITED");
        Request bare = request(device, null)) {
      // The device without network writes its request file...
      store.offlineActivationRequest(offline, request, req);
      // ...carried to a machine with network and posted as it is; the answer comes back as a .lic.
      String answer = emulator.postOffline("activate_offline", Files.readString(req));
      Files.writeString(lic, Base64.getEncoder().encodeToString(answer.getBytes(StandardCharsets.UTF_8)));
      try (StoredLicense loaded = store.loadOfflineLicense(offline, bare, lic)) {
        assertTrue(loaded.state().offlineActivated());
        assertEquals("DEMO-UNLIMITED", loaded.license().key().orElseThrow());
      }
      try (Store fresh = Store.open(folder, "demo"); StoredLicense local = fresh.checkLocal(offline, bare)) {
        assertTrue(local.state().offlineActivated());
      }
      // The server counts the device.
      LicenseException exists = assertThrows(LicenseException.class, () -> client.activate(request));
      assertEquals(LicenseSpringLibrary.LS_ERR_LICENSE_DEVICE_EXISTS, exists.status());
      assertThrows(InvalidArgumentException.class,
          () -> store.loadOfflineLicense(offline, bare, folder.resolve("missing.lic")));

      // Offline deactivation: the license is given up here, and the file frees the seat there.
      Path out = folder.resolve("deactivate_offline.req");
      store.offlineDeactivationRequest(offline, bare, out);
      assertEquals("license_deactivated", emulator.postOffline("deactivate_offline", Files.readString(out)).strip());
      assertThrows(LicenseException.class, () -> store.checkLocal(offline, bare));
      client.activate(request).close();
      client.deactivate(request);
    }
  }

  @Test
  void airGappedRoundTripThroughText() {
    String device = Emulator.hardwareId("store-airgap-text");
    try (Store store = Store.open(folder, "demo");
        Request request = request(device, "DEMO-UNLIMITED");
        Request bare = request(device, null)) {
      String text = store.offlineActivationRequest(offline, request);
      String answer = emulator.postOffline("activate_offline", text);
      try (StoredLicense loaded = store.loadOfflineLicense(offline, bare, answer)) { // the JSON itself
        assertTrue(loaded.state().offlineActivated());
      }
      // A .lic for another request (a new one is pending now) is refused.
      String second = store.offlineActivationRequest(offline, request);
      assertFalse(second.equals(text));
      VerificationException mismatch =
          assertThrows(VerificationException.class, () -> store.loadOfflineLicense(offline, bare, answer));
      assertEquals(LicenseSpringLibrary.LS_ERR_OFFLINE_REQUEST_MISMATCH, mismatch.status());
      assertThrows(InvalidArgumentException.class, () -> store.loadOfflineLicense(offline, bare, "not a license"));

      String deactivation = store.offlineDeactivationRequest(offline, bare);
      assertEquals("license_deactivated", emulator.postOffline("deactivate_offline", deactivation).strip());
      LicenseException none =
          assertThrows(LicenseException.class, () -> store.offlineDeactivationRequest(offline, bare));
      assertEquals(LicenseSpringLibrary.LS_ERR_NO_STORED_LICENSE, none.status());
    }
  }
}
