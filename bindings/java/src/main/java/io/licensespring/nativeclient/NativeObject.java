package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Base of the classes that own a native handle: {@link #close()} frees it (twice is harmless), a
 * {@link Cleaner} frees it if the object is dropped unclosed, and any use after close throws
 * {@link IllegalStateException}.
 */
public abstract class NativeObject implements AutoCloseable {
  private final NativeHandle handle;
  private final Cleaner.Cleanable cleanable;

  NativeObject(String kind, Pointer pointer, Consumer<Pointer> free) {
    this.handle = new NativeHandle(kind, pointer, free);
    this.cleanable = handle.cleanWhenUnreachable(this);
  }

  /** Runs {@code call} with the live pointer; throws {@link IllegalStateException} if closed. */
  final <T> T use(Function<Pointer, T> call) {
    Pointer pointer = handle.acquire();
    try {
      return call.apply(pointer);
    } finally {
      handle.release();
      Reference.reachabilityFence(this);
    }
  }

  /** Whether {@link #close()} was called. */
  public final boolean isClosed() {
    return handle.isClosed();
  }

  /**
   * Releases the native handle (after calls in progress on other threads finish). Idempotent.
   */
  @Override
  public final void close() {
    cleanable.clean();
  }
}
