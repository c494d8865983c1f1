package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** Library-wide functions: the loaded raw library, versions, status texts and the hardware ID. */
public final class LicenseSpring {
  private static volatile LicenseSpringLibrary library;
  private static LinkageError loadError;

  private LicenseSpring() {}

  /**
   * The raw library, loaded on first use (see the README for where it is looked for) after its
   * ABI version was checked.
   *
   * @throws UnsatisfiedLinkError if it cannot be found, naming every place it looked
   * @throws LinkageError if its ABI version is not {@link LicenseSpringLibrary#LS_ABI_VERSION}
   */
  public static LicenseSpringLibrary raw() {
    LicenseSpringLibrary lib = library;
    if (lib != null) {
      return lib;
    }
    synchronized (LicenseSpring.class) {
      if (library == null) {
        if (loadError == null) {
          try {
            library = NativeLoader.load();
          } catch (LinkageError e) {
            loadError = e;
          }
        }
        if (loadError != null) {
          LinkageError again =
              loadError instanceof UnsatisfiedLinkError
                  ? new UnsatisfiedLinkError(loadError.getMessage())
                  : new LinkageError(loadError.getMessage());
          throw again;
        }
      }
      return library;
    }
  }

  /** The native library's version, e.g. {@code "0.1.0"}. */
  public static String version() {
    return raw().ls_version();
  }

  /** The native library's ABI version (checked against the wrapper's at load). */
  public static long abiVersion() {
    return Integer.toUnsignedLong(raw().ls_abi_version());
  }

  /** The constant's name of a status, e.g. {@code "LS_ERR_TIMEOUT"}. */
  public static String statusName(int status) {
    return raw().ls_status_name(status);
  }

  /** A one-line English description of a status. */
  public static String statusDescription(int status) {
    return raw().ls_status_description(status);
  }

  /**
   * This machine's default hardware ID, computed the way the vendor's SDKs do.
   *
   * @throws InvalidArgumentException with {@code LS_ERR_HARDWARE_ID_UNAVAILABLE} if it cannot be
   *     computed here
   */
  public static String hardwareId() {
    LicenseSpringLibrary lib = raw();
    PointerByReference out = new PointerByReference();
    LicenseSpringException.check(lib.ls_hardware_id(out));
    Pointer owned = out.getValue();
    try {
      return owned.getString(0, "UTF-8");
    } finally {
      lib.ls_string_free(owned);
    }
  }
}
