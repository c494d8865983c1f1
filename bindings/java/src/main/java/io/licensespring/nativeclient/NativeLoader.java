package io.licensespring.nativeclient;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and loads the native library: packaged in this jar first, then the file named by {@code
 * LICENSESPRING_LIB}, then {@code jna.library.path} and the system search path. Then checks the
 * ABI version and binds {@link LicenseSpringLibrary}'s native methods to it.
 */
final class NativeLoader {
  static final String ENV_VAR = "LICENSESPRING_LIB";
  private static final String NAME = "licensespring";
  private static final Map<String, Object> OPTIONS =
      Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");

  private NativeLoader() {}

  /** Loads the library and registers {@code raw}'s natives (from its static initializer). */
  static void register(Class<?> raw) {
    if (Native.SIZE_T_SIZE != 8) { // the raw layer maps size_t to long
      throw new UnsatisfiedLinkError("licensespring needs a 64-bit size_t, this JVM has "
          + Native.SIZE_T_SIZE + " bytes");
    }
    Native.register(raw, load(NativeLoader.class.getClassLoader(), System.getenv(ENV_VAR)));
  }

  /** Loads from {@code resources}' jar entry, then the file {@code env}, then the system. */
  static NativeLibrary load(ClassLoader resources, String env) {
    List<String> looked = new ArrayList<>();
    List<String> failures = new ArrayList<>();

    String resource = Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName(NAME);
    URL url = resources.getResource(resource);
    looked.add("resource " + resource + " beside the wrapper" + (url == null ? " (absent)" : ""));
    if (url != null) {
      try {
        File file = Native.extractFromResourcePath(resource, resources);
        return checked(NativeLibrary.getInstance(file.getAbsolutePath(), OPTIONS));
      } catch (IOException | UnsatisfiedLinkError e) {
        failures.add(resource + ": " + e.getMessage());
      }
    }

    if (env == null || env.isEmpty()) {
      looked.add(ENV_VAR + " (unset)");
    } else {
      File file = new File(env);
      looked.add(ENV_VAR + "=" + env + (file.isFile() ? "" : " (no such file)"));
      if (file.isFile()) {
        try {
          return checked(NativeLibrary.getInstance(file.getAbsolutePath(), OPTIONS));
        } catch (UnsatisfiedLinkError e) {
          failures.add(env + ": " + e.getMessage());
        }
      }
    }

    looked.add("jna.library.path=" + System.getProperty("jna.library.path", "")
        + " and the system search path (java.library.path="
        + System.getProperty("java.library.path", "") + ", LD_LIBRARY_PATH, ld.so.cache)");
    try {
      // JNA also looks in the class loader's resources; give it the one already searched above.
      Map<String, Object> options = new HashMap<>(OPTIONS);
      options.put(Library.OPTION_CLASSLOADER, resources);
      return checked(NativeLibrary.getInstance(NAME, options));
    } catch (UnsatisfiedLinkError e) {
      failures.add(NAME + ": " + e.getMessage().lines().findFirst().orElse(""));
    }

    throw new UnsatisfiedLinkError("cannot load the licensespring native library; looked in: "
        + String.join("; ", looked)
        + (failures.isEmpty() ? "" : ". Errors: " + String.join("; ", failures)));
  }

  private static NativeLibrary checked(NativeLibrary lib) {
    checkAbi(Integer.toUnsignedLong(lib.getFunction("ls_abi_version").invokeInt(new Object[0])));
    return lib;
  }

  /**
   * Fails with a {@link LinkageError} (not an {@link UnsatisfiedLinkError}, so no other location
   * is tried) unless the library's ABI version is the one this wrapper was generated for.
   */
  static void checkAbi(long libraryAbi) {
    if (libraryAbi != LicenseSpringLibrary.LS_ABI_VERSION) {
      throw new LinkageError("licensespring ABI version mismatch: the native library has ABI "
          + libraryAbi + ", this Java wrapper expects ABI " + LicenseSpringLibrary.LS_ABI_VERSION);
    }
  }
}
