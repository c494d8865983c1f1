package io.licensespring.nativeclient;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/** The C {@code size_t}, as wide as the platform's. */
public final class SizeT extends IntegerType {
  private static final long serialVersionUID = 1L;

  public SizeT() {
    this(0);
  }

  public SizeT(long value) {
    super(Native.SIZE_T_SIZE, value, true);
  }

  /** A {@code size_t *} out-parameter. */
  public static final class ByReference extends com.sun.jna.ptr.ByReference {
    public ByReference() {
      super(Native.SIZE_T_SIZE);
      getPointer().clear(Native.SIZE_T_SIZE);
    }

    /** The value the callee wrote. */
    public long getValue() {
      return Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0) : getPointer().getInt(0) & 0xFFFFFFFFL;
    }
  }
}
