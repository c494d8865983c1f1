package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/**
 * A result of an operation ({@code ls_result}), read lazily, one {@code ls_result_get} per
 * accessor call. Its subclasses ({@code LicenseSpring.License}, {@code LicenseSpring.Feature}, …)
 * are generated from the library's field table. A result an operation returned is owned: close
 * it when done. List items and nested objects are borrowed from it: usable while it is open, never
 * closed themselves.
 */
public abstract class Result extends NativeObject {
  private static final LicenseSpringLibrary.LsValue LAYOUT = new LicenseSpringLibrary.LsValue();
  private static final int TYPE = LAYOUT.offsetOf("value_type");
  private static final int INTEGER = LAYOUT.offsetOf("integer");
  private static final int STRING = LAYOUT.offsetOf("string");

  Result(String kind, Pointer owned) {
    super(kind, owned, LicenseSpringLibrary::ls_result_free);
  }

  Result(Result owner, Pointer item) {
    super(owner, item);
  }

  /**
   * The JSON this result was read from: the response body exactly as received and verified, or a
   * list item's compact JSON.
   */
  public final String json() {
    return use(p -> {
      Out out = Out.get();
      out.check(LicenseSpringLibrary.ls_result_json(p, out.pointer, out.error));
      return out.received().getString(0, "UTF-8");
    });
  }

  /** The {@code ls_value} of {@code field}, in the thread's {@link Out} memory. */
  private static Pointer value(Pointer result, int field) {
    Out out = Out.get();
    out.check(LicenseSpringLibrary.ls_result_get(result, field, out.value, out.error));
    return out.value;
  }

  private static boolean isNull(Pointer value) {
    return value.getInt(TYPE) == LicenseSpringLibrary.LS_VALUE_NULL;
  }

  final Optional<String> string(int field) {
    return use(p -> {
      Pointer v = value(p, field);
      return isNull(v) ? Optional.empty() : Optional.of(v.getPointer(STRING).getString(0, "UTF-8"));
    });
  }

  final OptionalLong integer(int field) {
    return use(p -> {
      Pointer v = value(p, field);
      return isNull(v) ? OptionalLong.empty() : OptionalLong.of(v.getLong(INTEGER));
    });
  }

  final Optional<Boolean> bool(int field) {
    return use(p -> {
      Pointer v = value(p, field);
      return isNull(v) ? Optional.empty() : Optional.of(v.getLong(INTEGER) != 0);
    });
  }

  /** The items of a list field (none when the field is absent), borrowed from this result. */
  final <T> List<T> list(int field, BiFunction<Result, Pointer, T> item) {
    return use(p -> {
      Pointer v = value(p, field);
      int n = isNull(v) ? 0 : Math.toIntExact(v.getLong(INTEGER));
      List<T> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        items.add(borrowItem(p, field, i, item));
      }
      return Collections.unmodifiableList(items);
    });
  }

  /** The nested result of an object field ({@code LS_VALUE_OBJECT}), borrowed from this result. */
  final <T> Optional<T> object(int field, BiFunction<Result, Pointer, T> item) {
    return use(p ->
        isNull(value(p, field)) ? Optional.empty() : Optional.of(borrowItem(p, field, 0, item)));
  }

  private <T> T borrowItem(Pointer p, int field, int index, BiFunction<Result, Pointer, T> item) {
    Out out = Out.get();
    out.check(LicenseSpringLibrary.ls_result_item(p, field, index, out.pointer, out.error));
    return item.apply(this, out.received());
  }
}
