package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A verified license returned by {@link Client#activate} or {@link Client#check} ({@code
 * ls_license}). Every accessor copies from the native license; close it when done.
 */
public final class License extends NativeObject {

  /** A product feature. */
  public record Feature(String code, String name) {}

  @FunctionalInterface
  private interface StringGetter {
    int get(LicenseSpringLibrary lib, Pointer license, PointerByReference out);
  }

  @FunctionalInterface
  private interface IndexedGetter {
    int get(LicenseSpringLibrary lib, Pointer license, SizeT index, PointerByReference out);
  }

  @FunctionalInterface
  private interface LongGetter {
    int get(LicenseSpringLibrary lib, Pointer license, LongByReference out);
  }

  @FunctionalInterface
  private interface BoolGetter {
    int get(LicenseSpringLibrary lib, Pointer license, ByteByReference out);
  }

  @FunctionalInterface
  private interface CountGetter {
    int get(LicenseSpringLibrary lib, Pointer license, SizeT.ByReference out);
  }

  License(Pointer pointer) {
    super("License", pointer, p -> LicenseSpring.raw().ls_license_free(p));
  }

  /** The response body exactly as received and verified (JSON text). */
  public String json() {
    return string(LicenseSpringLibrary::ls_license_json).orElseThrow();
  }

  /** The license's {@code id}. */
  public long id() {
    return longValue(LicenseSpringLibrary::ls_license_id);
  }

  /** The license key; empty for user-based licenses. */
  public Optional<String> key() {
    return string(LicenseSpringLibrary::ls_license_key);
  }

  /** {@code license_type}, e.g. {@code "perpetual"}; empty if the server sent none. */
  public Optional<String> type() {
    return string(LicenseSpringLibrary::ls_license_type);
  }

  /** {@code license_active}. */
  public boolean isActive() {
    return bool(LicenseSpringLibrary::ls_license_is_active);
  }

  /** {@code license_enabled}. */
  public boolean isEnabled() {
    return bool(LicenseSpringLibrary::ls_license_is_enabled);
  }

  /** {@code is_expired}. */
  public boolean isExpired() {
    return bool(LicenseSpringLibrary::ls_license_is_expired);
  }

  /** {@code is_trial}. */
  public boolean isTrial() {
    return bool(LicenseSpringLibrary::ls_license_is_trial);
  }

  /** {@code validity_period} as the server wrote it (ISO 8601); empty if it does not expire. */
  public Optional<String> validityPeriod() {
    return string(LicenseSpringLibrary::ls_license_validity_period);
  }

  /** {@code times_activated}. */
  public long timesActivated() {
    return longValue(LicenseSpringLibrary::ls_license_times_activated);
  }

  /** {@code max_activations}. */
  public long maxActivations() {
    return longValue(LicenseSpringLibrary::ls_license_max_activations);
  }

  /** The number of product features. */
  public int featureCount() {
    return count(LicenseSpringLibrary::ls_license_feature_count);
  }

  /** The {@code code} of feature {@code index} (0-based). */
  public String featureCode(int index) {
    return indexed(LicenseSpringLibrary::ls_license_feature_code, index);
  }

  /** The {@code name} of feature {@code index} (0-based). */
  public String featureName(int index) {
    return indexed(LicenseSpringLibrary::ls_license_feature_name, index);
  }

  /** Every product feature, in the server's order. */
  public List<Feature> features() {
    int n = featureCount();
    List<Feature> features = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      features.add(new Feature(featureCode(i), featureName(i)));
    }
    return Collections.unmodifiableList(features);
  }

  /** The number of custom fields. */
  public int customFieldCount() {
    return count(LicenseSpringLibrary::ls_license_custom_field_count);
  }

  /** The name of custom field {@code index} (0-based). */
  public String customFieldName(int index) {
    return indexed(LicenseSpringLibrary::ls_license_custom_field_name, index);
  }

  /** The value of custom field {@code index}: non-strings as JSON text, null as {@code ""}. */
  public String customFieldValue(int index) {
    return indexed(LicenseSpringLibrary::ls_license_custom_field_value, index);
  }

  /** Every custom field, name to value, in the server's order. */
  public Map<String, String> customFields() {
    int n = customFieldCount();
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      fields.put(customFieldName(i), customFieldValue(i));
    }
    return Collections.unmodifiableMap(fields);
  }

  /** {@code customer.email}, if present. */
  public Optional<String> customerEmail() {
    return string(LicenseSpringLibrary::ls_license_customer_email);
  }

  /** {@code user.email} (user-based licenses), if present. */
  public Optional<String> userEmail() {
    return string(LicenseSpringLibrary::ls_license_user_email);
  }

  private Optional<String> string(StringGetter getter) {
    return use(p -> {
      PointerByReference out = new PointerByReference();
      LicenseSpringException.check(getter.get(LicenseSpring.raw(), p, out));
      return Optional.ofNullable(copy(out.getValue()));
    });
  }

  private String indexed(IndexedGetter getter, int index) {
    return use(p -> {
      PointerByReference out = new PointerByReference();
      // A negative index becomes a huge size_t, which the library reports as out of range.
      SizeT i = new SizeT(index);
      LicenseSpringException.check(getter.get(LicenseSpring.raw(), p, i, out));
      return copy(out.getValue());
    });
  }

  private long longValue(LongGetter getter) {
    return use(p -> {
      LongByReference out = new LongByReference();
      LicenseSpringException.check(getter.get(LicenseSpring.raw(), p, out));
      return out.getValue();
    });
  }

  private boolean bool(BoolGetter getter) {
    return use(p -> {
      ByteByReference out = new ByteByReference();
      LicenseSpringException.check(getter.get(LicenseSpring.raw(), p, out));
      return out.getValue() != 0;
    });
  }

  private int count(CountGetter getter) {
    return use(p -> {
      SizeT.ByReference out = new SizeT.ByReference();
      LicenseSpringException.check(getter.get(LicenseSpring.raw(), p, out));
      return Math.toIntExact(out.getValue());
    });
  }

  private static String copy(Pointer borrowed) {
    return borrowed == null ? null : borrowed.getString(0, "UTF-8");
  }
}
