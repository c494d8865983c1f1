package io.licensespring.nativeclient;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Per-thread native memory for out-parameters, so that a call allocates no native memory: a
 * pointer slot ({@code T **out}), an error slot ({@code ls_error **error}), an {@code ls_value}
 * and an {@code ls_store_state}. Each slot is read right after the call that wrote it, before the
 * thread makes another native call.
 */
final class Out {
  private static final int VALUE_SIZE = new LicenseSpringLibrary.LsValue().size();
  private static final int STATE_SIZE = new LicenseSpringLibrary.LsStoreState().size();
  private static final ThreadLocal<Out> CURRENT = ThreadLocal.withInitial(Out::new);

  private final Memory memory = new Memory(2L * Native.POINTER_SIZE + VALUE_SIZE + STATE_SIZE);
  final Pointer pointer = memory.share(0, Native.POINTER_SIZE);
  final Pointer error = memory.share(Native.POINTER_SIZE, Native.POINTER_SIZE);
  final Pointer value = memory.share(2L * Native.POINTER_SIZE, VALUE_SIZE);
  final Pointer state = memory.share(2L * Native.POINTER_SIZE + VALUE_SIZE, STATE_SIZE);

  private Out() {
    memory.clear();
  }

  static Out get() {
    return CURRENT.get();
  }

  /** The pointer an {@code out} parameter received. */
  Pointer received() {
    return pointer.getPointer(0);
  }

  /** The string an {@code char **out} parameter received, which this frees. */
  String takeString() {
    Pointer owned = received();
    try {
      return owned.getString(0, "UTF-8");
    } finally {
      LicenseSpringLibrary.ls_string_free(owned);
    }
  }

  /** Throws the call's exception unless {@code status} is {@code LS_OK}. */
  void check(int status) {
    if (status != LicenseSpringLibrary.LS_OK) {
      Pointer detail = error.getPointer(0);
      error.setPointer(0, null); // never read the same error twice
      throw LicenseSpringException.take(status, detail);
    }
  }
}
