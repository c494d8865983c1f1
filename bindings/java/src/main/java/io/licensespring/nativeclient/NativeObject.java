package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Base of the classes that own a native handle: {@link #close()} frees it (twice is harmless), a
 * {@link Cleaner} frees it if the object is dropped unclosed, and any use after close throws
 * {@link IllegalStateException}. Closing while calls on other threads use the handle frees it
 * when the last of them returns.
 *
 * <p>An object may instead borrow a pointer that another one owns (a list item of a result): it
 * is usable while its owner is open, it keeps the owner reachable, and closing it does nothing.
 */
public abstract class NativeObject implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  /** Native handles freed so far, by {@code close} or by the cleaner (tests observe it). */
  static final AtomicLong FREED = new AtomicLong();

  /** A native setter, applied to a fresh handle by a builder's {@code build()}. */
  interface Setting {
    int apply(Pointer handle, Pointer error);
  }

  /** A native call given the handles' pointers and the thread's out-parameters. */
  interface Call {
    int apply(Pointer[] handles, Out out);
  }

  private final Handle handle;
  private final Pointer borrowed;
  private final NativeObject owner;
  private final Cleaner.Cleanable cleanable;

  NativeObject(String kind, Pointer owned, Consumer<Pointer> free) {
    this.handle = new Handle(kind, owned, free);
    this.borrowed = null;
    this.owner = null;
    this.cleanable = CLEANER.register(this, handle);
  }

  NativeObject(NativeObject owner, Pointer borrowed) {
    this.handle = owner.handle;
    this.borrowed = borrowed;
    this.owner = owner;
    this.cleanable = null;
  }

  /** Runs {@code call} with the live pointer; throws {@link IllegalStateException} if closed. */
  final <T> T use(Function<Pointer, T> call) {
    Pointer pointer = handle.acquire();
    if (pointer == null) {
      throw new IllegalStateException(handle.kind + " is closed");
    }
    try {
      return call.apply(borrowed == null ? pointer : borrowed);
    } finally {
      handle.release();
      Reference.reachabilityFence(this);
      Reference.reachabilityFence(owner);
    }
  }

  /**
   * Makes {@code call} with the live pointers of {@code objects} (NULL for a null one), each held
   * until it returns; throws its error, else gives what {@code read} reads from its outputs.
   */
  static <T> T invoke(NativeObject[] objects, Call call, Function<Out, T> read) {
    return useAll(objects, 0, new Pointer[objects.length], p -> {
      Out out = Out.get();
      out.check(call.apply(p, out));
      return read.apply(out);
    });
  }

  private static <T> T useAll(NativeObject[] objects, int i, Pointer[] p, Function<Pointer[], T> call) {
    if (i == objects.length) {
      return call.apply(p);
    } else if (objects[i] == null) {
      return useAll(objects, i + 1, p, call);
    }
    return objects[i].use(pointer -> {
      p[i] = pointer;
      return useAll(objects, i + 1, p, call);
    });
  }

  /** Runs {@code call} with the live pointer, or does nothing if this object is closed. */
  final void useIfOpen(Consumer<Pointer> call) {
    Pointer pointer = handle.acquire();
    if (pointer != null) {
      try {
        call.accept(borrowed == null ? pointer : borrowed);
      } finally {
        handle.release();
      }
    }
  }

  /** Applies {@code settings} in order; at the first failure, closes this object and throws. */
  final void applyAll(List<Setting> settings) {
    try {
      for (Setting setting : settings) {
        invoke(new NativeObject[] {this}, (p, o) -> setting.apply(p[0], o.error), o -> null);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Whether {@link #close()} was called (on the owner, for a borrowed object). */
  public final boolean isClosed() {
    return handle.isClosed();
  }

  /** Releases the native handle once calls in progress finish. Idempotent. */
  @Override
  public final void close() {
    if (cleanable != null) {
      cleanable.clean();
    }
  }

  /** The pointer and its users; also the cleaner's action, so it never refers to its owner. */
  private static final class Handle implements Runnable {
    final String kind;
    private final Consumer<Pointer> free;
    private Pointer pointer;
    private int users;
    private boolean closed;

    Handle(String kind, Pointer pointer, Consumer<Pointer> free) {
      this.kind = kind;
      this.pointer = pointer;
      this.free = free;
    }

    /** The pointer, held until {@link #release()}; {@code null} once closed. */
    synchronized Pointer acquire() {
      if (closed) {
        return null;
      }
      users++;
      return pointer;
    }

    synchronized void release() {
      if (--users == 0 && closed) {
        freeNow();
      }
    }

    synchronized boolean isClosed() {
      return closed;
    }

    /** Marks the handle closed; frees it now, or when the last call in progress releases it. */
    @Override
    public synchronized void run() {
      if (!closed) {
        closed = true;
        if (users == 0) {
          freeNow();
        }
      }
    }

    private void freeNow() {
      free.accept(pointer);
      pointer = null;
      FREED.incrementAndGet();
    }
  }
}
