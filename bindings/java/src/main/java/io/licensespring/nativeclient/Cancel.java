package io.licensespring.nativeclient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A cancel handle ({@code ls_cancel}) for blocking calls: pass it to a call ({@code
 * client.activate(request, cancel)}) and call {@link #cancel()} from any thread; the call then
 * throws {@link java.util.concurrent.CancellationException} promptly, and the client stays
 * usable. Cancelling is permanent: later calls given this handle fail at once, so use a new one
 * per call. (The {@code ...Async} methods make their own and map {@code future.cancel} onto it.)
 */
public final class Cancel extends NativeObject {
  /** Where {@code ...Async} methods without an executor run: a thread per call in flight, reused. */
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "licensespring-call");
        thread.setDaemon(true);
        return thread;
      });

  /** A new, untriggered handle. */
  public Cancel() {
    super("Cancel", invoke(new NativeObject[0], (p, o) -> LicenseSpringLibrary.ls_cancel_new(o.pointer, o.error),
        Out::received), LicenseSpringLibrary::ls_cancel_free);
  }

  /** Cancels every call given this handle. Never blocks; idempotent; nothing once closed. */
  public void cancel() {
    useIfOpen(LicenseSpringLibrary::ls_cancel_trigger);
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return use(p -> LicenseSpringLibrary.ls_cancel_is_triggered(p) != 0);
  }

  /**
   * Runs {@code call} with a new handle on {@code executor} (the library's threads if null); any
   * completion of the future (e.g. {@code cancel}) triggers the handle, and a result that arrives
   * for a future already done is closed.
   */
  static <T> CompletableFuture<T> async(Executor executor, Function<Cancel, T> call) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Cancel cancel = new Cancel();
    future.whenComplete((result, error) -> cancel.cancel());
    Runnable task = () -> {
      try (cancel) {
        T result = call.apply(cancel);
        if (!future.complete(result) && result instanceof AutoCloseable owned) {
          owned.close(); // the future was cancelled meanwhile: nobody owns it
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
}
