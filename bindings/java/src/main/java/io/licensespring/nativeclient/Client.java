package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import io.licensespring.nativeclient.LicenseSpring.HardwareIdAlgorithm;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A License API client ({@code ls_client}): immutable and safe to use from many threads at once;
 * it keeps a pool of keep-alive connections. It has one method per operation ({@link
 * LicenseSpring.Operations}): {@code activate(request)} blocks, {@code activate(request, cancel)}
 * can be cancelled from another thread, and {@code activateAsync(request[, executor])} returns a
 * {@link CompletableFuture}. {@link #close()} lets calls in progress finish, then frees the
 * handle; later calls throw {@link IllegalStateException}.
 */
public final class Client extends LicenseSpring.Operations {
  /** Where {@code ...Async(request)} runs its calls: a thread per call in flight, reused. */
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "licensespring-call");
        thread.setDaemon(true);
        return thread;
      });

  private Client(Pointer pointer) {
    super("Client", pointer, LicenseSpringLibrary::ls_client_free);
  }

  /**
   * Creates a client from a configuration, which is only read. Does not touch the network.
   *
   * @throws LicenseSpring.InvalidArgumentException if an extra CA file is unusable
   */
  public static Client create(Config config) {
    Pointer client = with(config, c -> {
      Out out = Out.get();
      out.check(LicenseSpringLibrary.ls_client_new(c, out.pointer, out.error));
      return out.received();
    });
    return new Client(client);
  }

  @Override
  <T> T call(int operation, Request request, Cancel cancel, Function<Pointer, T> wrap) {
    Pointer result = use(c -> with(request, r -> with(cancel, k -> {
      Out out = Out.get();
      out.check(LicenseSpringLibrary.ls_call(c, operation, r, k, out.pointer, out.error));
      return out.received();
    })));
    return wrap.apply(result);
  }

  @Override
  <T> CompletableFuture<T> callAsync(
      int operation, Request request, Executor executor, Function<Pointer, T> wrap) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Cancel cancel = new Cancel();
    // Once the future is done (cancelled, or completed by anyone), nobody waits for the call.
    future.whenComplete((result, error) -> cancel.cancel());
    Runnable task = () -> {
      try (cancel) {
        T result = call(operation, request, cancel, wrap);
        if (!future.complete(result) && result instanceof NativeObject) {
          ((NativeObject) result).close(); // the future was cancelled meanwhile: nobody owns it
        }
      } catch (Throwable e) {
        future.completeExceptionally(e);
      }
    };
    try {
      (executor == null ? CALLS : executor).execute(task);
    } catch (RuntimeException e) {
      cancel.close();
      future.completeExceptionally(e);
    }
    return future;
  }

  /** {@code call} with the object's pointer, or with {@code NULL} (which the library refuses). */
  private static <T> T with(NativeObject object, Function<Pointer, T> call) {
    return object == null ? call.apply(null) : object.use(call);
  }

  /** This machine's hardware ID computed as the vendor's SDKs do by default. */
  public static String hardwareId() {
    return hardwareId(HardwareIdAlgorithm.DEFAULT);
  }

  /**
   * This machine's hardware ID computed with {@code algorithm}. Never touches the network.
   *
   * @throws LicenseSpring.InvalidArgumentException with {@code LS_ERR_HARDWARE_ID_UNAVAILABLE}
   *     if it cannot be computed here
   */
  public static String hardwareId(HardwareIdAlgorithm algorithm) {
    Out out = Out.get();
    out.check(LicenseSpringLibrary.ls_hardware_id(algorithm.value(), out.pointer, out.error));
    Pointer owned = out.received();
    try {
      return owned.getString(0, "UTF-8");
    } finally {
      LicenseSpringLibrary.ls_string_free(owned);
    }
  }

  /** The native library's version, e.g. {@code "0.2.0"}. */
  public static String libraryVersion() {
    return LicenseSpringLibrary.ls_version();
  }

  /** The native library's ABI version (checked against the wrapper's when it was loaded). */
  public static long abiVersion() {
    return Integer.toUnsignedLong(LicenseSpringLibrary.ls_abi_version());
  }
}
