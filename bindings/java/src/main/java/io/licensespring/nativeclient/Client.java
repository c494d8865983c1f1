package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import io.licensespring.nativeclient.LicenseSpring.HardwareIdAlgorithm;
import java.util.function.Function;

/**
 * A License API client ({@code ls_client}): immutable and safe to use from many threads at once;
 * it keeps a pool of keep-alive connections. It has one method per operation ({@link
 * LicenseSpring.Operations}): {@code activate(request)} blocks, {@code activate(request, cancel)}
 * can be cancelled from another thread, and {@code activateAsync(request[, executor])} returns a
 * {@link java.util.concurrent.CompletableFuture}. {@link #close()} lets calls in progress finish, then frees the
 * handle; later calls throw {@link IllegalStateException}.
 */
public final class Client extends LicenseSpring.Operations {
  private Client(Pointer pointer) {
    super("Client", pointer, LicenseSpringLibrary::ls_client_free);
  }

  /**
   * Creates a client from a configuration, which is only read. Does not touch the network.
   *
   * @throws LicenseSpring.InvalidArgumentException if an extra CA file is unusable
   */
  public static Client create(Config config) {
    return new Client(invoke(new NativeObject[] {config},
        (p, o) -> LicenseSpringLibrary.ls_client_new(p[0], o.pointer, o.error), Out::received));
  }

  @Override
  <T> T call(int operation, Request request, Cancel cancel, Function<Pointer, T> wrap) {
    return wrap.apply(invoke(new NativeObject[] {this, request, cancel},
        (p, o) -> LicenseSpringLibrary.ls_call(p[0], operation, p[1], p[2], o.pointer, o.error), Out::received));
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
    return invoke(new NativeObject[0],
        (p, o) -> LicenseSpringLibrary.ls_hardware_id(algorithm.value(), o.pointer, o.error), Out::takeString);
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
