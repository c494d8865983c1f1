package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import io.licensespring.nativeclient.LicenseSpring.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * A request ({@code ls_request}): typed parameters ({@link Param}) and device variables. Built
 * once with {@link #builder()}, then immutable: it may serve several operations (each sends the
 * parameters it accepts) and be shared between threads. The library checks it when it is sent.
 */
public final class Request extends NativeObject {

  private Request(Pointer pointer) {
    super("Request", pointer, LicenseSpringLibrary::ls_request_free);
  }

  /** Starts an empty request. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects parameters (one typed setter each, e.g. {@code product}, {@code licenseKey}, {@code
   * isVm}); {@link #build()} hands them to the library in order, which refuses wrong values.
   */
  public static final class Builder extends LicenseSpring.RequestParams<Builder> {
    private final List<Setting> settings = new ArrayList<>();

    private Builder() {}

    private Builder add(Setting setting) {
      settings.add(setting);
      return this;
    }

    @Override
    public Builder set(Param param, String value) {
      int p = param.value();
      return add((r, e) -> LicenseSpringLibrary.ls_request_set_string(r, p, value, e));
    }

    @Override
    public Builder set(Param param, long value) {
      int p = param.value();
      return add((r, e) -> LicenseSpringLibrary.ls_request_set_int(r, p, value, e));
    }

    @Override
    public Builder set(Param param, boolean value) {
      int p = param.value();
      byte b = (byte) (value ? 1 : 0);
      return add((r, e) -> LicenseSpringLibrary.ls_request_set_bool(r, p, b, e));
    }

    /** Removes a parameter of any type. */
    public Builder clear(Param param) {
      int p = param.value();
      return add((r, e) -> LicenseSpringLibrary.ls_request_clear(r, p, e));
    }

    /** A device variable, sent by the operations that take variables; a name set again is replaced. */
    public Builder variable(String name, String value) {
      return add((r, e) -> LicenseSpringLibrary.ls_request_set_variable(r, name, value, e));
    }

    /**
     * Creates the native request.
     *
     * @throws LicenseSpring.InvalidArgumentException if the library refuses a value
     */
    public Request build() {
      Request request = new Request(invoke(new NativeObject[0],
          (p, o) -> LicenseSpringLibrary.ls_request_new(o.pointer, o.error), Out::received));
      request.applyAll(settings);
      return request;
    }
  }
}
