package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** Where the library is looked for, and what the error says when it is nowhere. */
class LoaderTest {
  /** A class loader that sees no packaged library. */
  private static final ClassLoader NO_RESOURCES = new URLClassLoader(new URL[0], null);

  @Test
  void theEnvironmentVariableIsTheSecondPlace() {
    String lib = Emulator.path("LICENSESPRING_LIB", "target/debug/liblicensespring.so").toString();
    NativeLibrary raw = NativeLoader.load(NO_RESOURCES, lib);
    assertEquals(
        LicenseSpringLibrary.LS_ABI_VERSION, raw.getFunction("ls_abi_version").invokeInt(new Object[0]));
  }

  @Test
  void theErrorNamesEveryPlace() {
    UnsatisfiedLinkError e =
        assertThrows(
            UnsatisfiedLinkError.class,
            () -> NativeLoader.load(NO_RESOURCES, "/nonexistent/liblicensespring.so"));
    String m = e.getMessage();
    assertTrue(m.contains("resource linux-x86-64/liblicensespring.so"), m);
    assertTrue(m.contains("LICENSESPRING_LIB=/nonexistent/liblicensespring.so (no such file)"), m);
    assertTrue(m.contains("jna.library.path="), m);
    assertTrue(m.contains("system search path"), m);
  }
}
