package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * One product's stored license in one folder ({@code ls_store}), checked on the device and online
 * only when it must be; used with a {@link Client}, whose keys seal the file. One method per
 * {@code ls_store_*} call ({@link LicenseSpring.StoreOperations}): {@code activate}, {@code check}
 * (online, passing within the grace window when the server cannot be reached), {@code
 * checkLocal}, {@code license}, {@code deactivate}, {@code remove}, {@code addLocalConsumption},
 * the offline requests and {@code .lic} files, {@code setGraceHours}, {@code setTime}. Safe to
 * share between threads; several processes may use one folder.
 */
public final class Store extends LicenseSpring.StoreOperations {
  private Store(Pointer pointer) {
    super("Store", pointer, LicenseSpringLibrary::ls_store_free);
  }

  /**
   * Opens {@code product}'s store in {@code folder}, or with {@code null} in the per-user folder
   * the vendor SDKs use (e.g. {@code ~/.LicenseSpring/LicenseSpring/<product>}). Does not touch
   * the disk: folders are created at the first write.
   *
   * @throws LicenseSpring.InvalidArgumentException for an empty product or folder
   */
  public static Store open(Path folder, String product) {
    String dir = folder == null ? null : folder.toString();
    return new Store(invoke(new NativeObject[0],
        (p, o) -> LicenseSpringLibrary.ls_store_new(dir, product, o.pointer, o.error), Out::received));
  }
}
