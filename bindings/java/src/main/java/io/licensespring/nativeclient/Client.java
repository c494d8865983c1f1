package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.function.Function;

/**
 * A License API client ({@code ls_client}): immutable and safe to use from many threads at once;
 * it keeps a pool of keep-alive connections. {@link #close()} waits for no one: calls already in
 * progress finish first, then the handle is freed; later calls throw {@link
 * IllegalStateException}.
 */
public final class Client extends NativeObject {

  private Client(Pointer pointer) {
    super("Client", pointer, p -> LicenseSpring.raw().ls_client_free(p));
  }

  /**
   * Creates a client from a configuration, which is only read. Does not touch the network.
   *
   * @throws InvalidArgumentException if an extra CA file is unusable
   * @throws NetworkException with {@code LS_ERR_TLS} if TLS cannot be set up
   */
  public static Client create(Config config) {
    PointerByReference out = new PointerByReference();
    if (config == null) {
      LicenseSpringException.check(LicenseSpring.raw().ls_client_new(null, out));
    } else {
      config.use(p -> {
        LicenseSpringException.check(LicenseSpring.raw().ls_client_new(p, out));
        return null;
      });
    }
    return new Client(out.getValue());
  }

  /**
   * Activates the license on the request's device ({@code POST /api/v4/activate_license}). Blocks
   * until the server answers or the total timeout expires.
   *
   * @return the verified license, to be closed by the caller
   * @throws LicenseSpringException (a subclass by category) on failure
   */
  public License activate(Request request) {
    return licenseCall(request, true);
  }

  /**
   * Reads the license's current state for the request's device ({@code GET
   * /api/v4/check_license}). Blocks.
   *
   * @return the verified license, to be closed by the caller
   * @throws LicenseSpringException (a subclass by category) on failure, typically {@code
   *     LS_ERR_DEVICE_NOT_FOUND} for a device that is not activated
   */
  public License check(Request request) {
    return licenseCall(request, false);
  }

  /**
   * Deactivates the license on the request's device ({@code POST /api/v4/deactivate_license}),
   * sending the request's consumptions if set. Blocks.
   *
   * @throws LicenseSpringException (a subclass by category) on failure
   */
  public void deactivate(Request request) {
    use(c -> withRequest(request, r -> {
      LicenseSpringException.check(LicenseSpring.raw().ls_deactivate(c, r));
      return null;
    }));
  }

  private License licenseCall(Request request, boolean activate) {
    PointerByReference out = new PointerByReference();
    use(c -> withRequest(request, r -> {
      LicenseSpringLibrary lib = LicenseSpring.raw();
      int status = activate ? lib.ls_activate(c, r, out) : lib.ls_check(c, r, out);
      LicenseSpringException.check(status);
      return null;
    }));
    return new License(out.getValue());
  }

  private static <T> T withRequest(Request request, Function<Pointer, T> call) {
    return request == null ? call.apply(null) : request.use(call);
  }
}
