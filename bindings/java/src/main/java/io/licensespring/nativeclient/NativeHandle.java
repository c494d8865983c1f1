package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * An owned native handle shared by an owner object and its {@link Cleaner} action. Calls borrow
 * the pointer with {@link #acquire()}/{@link #release()}; {@link #close()} frees it once no call
 * holds it, at most once. It never refers to its owner, so the owner can become unreachable.
 */
final class NativeHandle implements Runnable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final String kind;
  private final Consumer<Pointer> free;
  private Pointer pointer;
  private int users;
  private boolean closed;

  NativeHandle(String kind, Pointer pointer, Consumer<Pointer> free) {
    this.kind = kind;
    this.pointer = pointer;
    this.free = free;
  }

  /** Frees the pointer when {@code owner} becomes unreachable, unless it was closed before. */
  Cleaner.Cleanable cleanWhenUnreachable(Object owner) {
    return CLEANER.register(owner, this);
  }

  /** The pointer, held until {@link #release()}; throws if the owner is closed. */
  synchronized Pointer acquire() {
    if (closed) {
      throw new IllegalStateException(kind + " is closed");
    }
    users++;
    return pointer;
  }

  synchronized void release() {
    users--;
    if (closed && users == 0) {
      freeNow();
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Marks the handle closed; frees it now, or when the last call in progress releases it. */
  @Override
  public synchronized void run() {
    if (closed) {
      return;
    }
    closed = true;
    if (users == 0) {
      freeNow();
    }
  }

  private void freeNow() {
    Pointer p = pointer;
    pointer = null;
    if (p != null) {
      free.accept(p);
    }
  }
}
