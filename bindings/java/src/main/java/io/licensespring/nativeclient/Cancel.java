package io.licensespring.nativeclient;

/**
 * A cancel handle ({@code ls_cancel}) for blocking calls: pass it to a call ({@code
 * client.activate(request, cancel)}) and call {@link #cancel()} from any thread; the call then
 * throws {@link java.util.concurrent.CancellationException} promptly, and the client stays
 * usable. Cancelling is permanent: later calls given this handle fail at once, so use a new one
 * per call. (The {@code ...Async} methods make their own and map {@code future.cancel} onto it.)
 */
public final class Cancel extends NativeObject {

  /** A new, untriggered handle. */
  public Cancel() {
    super("Cancel", create(), LicenseSpringLibrary::ls_cancel_free);
  }

  private static com.sun.jna.Pointer create() {
    Out out = Out.get();
    out.check(LicenseSpringLibrary.ls_cancel_new(out.pointer, out.error));
    return out.received();
  }

  /** Cancels every call given this handle. Never blocks; idempotent; nothing once closed. */
  public void cancel() {
    useIfOpen(LicenseSpringLibrary::ls_cancel_trigger);
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return use(p -> LicenseSpringLibrary.ls_cancel_is_triggered(p) != 0);
  }
}
