package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A license request ({@code ls_request}): product, device, one identity and optional device
 * details. Built once with {@link #builder()}, then immutable: it may be reused for several calls
 * and shared between threads. The library checks completeness when the request is sent.
 */
public final class Request extends NativeObject {

  private Request(Pointer pointer) {
    super("Request", pointer, p -> LicenseSpring.raw().ls_request_free(p));
  }

  /** Starts an empty request. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects fields; {@link #build()} hands them to the library. */
  public static final class Builder {
    private final List<ToIntFunction<Pointer>> settings = new ArrayList<>();

    private Builder() {}

    /** Sets a string field; {@code ""} clears it. */
    public Builder set(RequestField field, String value) {
      int code = field.code();
      settings.add(p -> LicenseSpring.raw().ls_request_set(p, code, value));
      return this;
    }

    /** {@code product}: the product's short code (required). */
    public Builder product(String value) {
      return set(RequestField.PRODUCT, value);
    }

    /** {@code hardware_id}: the device's ID (required); see {@link LicenseSpring#hardwareId()}. */
    public Builder hardwareId(String value) {
      return set(RequestField.HARDWARE_ID, value);
    }

    /** {@code license_key}: identity for key-based products. */
    public Builder licenseKey(String value) {
      return set(RequestField.LICENSE_KEY, value);
    }

    /** {@code username}: identity for user-based products, with {@link #password}. */
    public Builder username(String value) {
      return set(RequestField.USERNAME, value);
    }

    /** {@code password}: the license user's password. */
    public Builder password(String value) {
      return set(RequestField.PASSWORD, value);
    }

    /** {@code id_token}: SSO implicit grant, with {@link #customerAccountCode}. */
    public Builder idToken(String value) {
      return set(RequestField.ID_TOKEN, value);
    }

    /** {@code code}: SSO authorization code grant, with {@link #customerAccountCode}. */
    public Builder code(String value) {
      return set(RequestField.CODE, value);
    }

    /** {@code customer_account_code}: the SSO customer account. */
    public Builder customerAccountCode(String value) {
      return set(RequestField.CUSTOMER_ACCOUNT_CODE, value);
    }

    /** {@code vm_info}: virtual machine details. */
    public Builder vmInfo(String value) {
      return set(RequestField.VM_INFO, value);
    }

    /** {@code os_ver}: operating system version. */
    public Builder osVer(String value) {
      return set(RequestField.OS_VER, value);
    }

    /** {@code hostname}: device host name. */
    public Builder hostname(String value) {
      return set(RequestField.HOSTNAME, value);
    }

    /** {@code os_hostname}: the OS's host name. */
    public Builder osHostname(String value) {
      return set(RequestField.OS_HOSTNAME, value);
    }

    /** {@code ip}: IP address. */
    public Builder ip(String value) {
      return set(RequestField.IP, value);
    }

    /** {@code ip_local}: local IP address. */
    public Builder ipLocal(String value) {
      return set(RequestField.IP_LOCAL, value);
    }

    /** {@code app_ver}: application version (overrides the config's). */
    public Builder appVer(String value) {
      return set(RequestField.APP_VER, value);
    }

    /** {@code mac_address}: MAC address. */
    public Builder macAddress(String value) {
      return set(RequestField.MAC_ADDRESS, value);
    }

    /** {@code license_id}: pins the call to this license (when a user has several). */
    public Builder licenseId(long licenseId) {
      settings.add(p -> LicenseSpring.raw().ls_request_set_license_id(p, licenseId));
      return this;
    }

    /** {@code is_vm}: whether the device is a virtual machine. */
    public Builder isVm(boolean isVm) {
      byte b = (byte) (isVm ? 1 : 0);
      settings.add(p -> LicenseSpring.raw().ls_request_set_is_vm(p, b));
      return this;
    }

    /** {@code consumptions}: reported on deactivation (may be negative). */
    public Builder consumptions(long consumptions) {
      settings.add(p -> LicenseSpring.raw().ls_request_set_consumptions(p, consumptions));
      return this;
    }

    /** A device variable sent on activation; setting a name again replaces its value. */
    public Builder variable(String name, String value) {
      settings.add(p -> LicenseSpring.raw().ls_request_set_variable(p, name, value));
      return this;
    }

    /**
     * Creates the native request.
     *
     * @throws InvalidArgumentException if the library refuses a value (e.g. a null string)
     */
    public Request build() {
      PointerByReference out = new PointerByReference();
      LicenseSpringException.check(LicenseSpring.raw().ls_request_new(out));
      Request request = new Request(out.getValue());
      try {
        for (ToIntFunction<Pointer> setting : settings) {
          request.use(p -> {
            LicenseSpringException.check(setting.applyAsInt(p));
            return null;
          });
        }
      } catch (RuntimeException e) {
        request.close();
        throw e;
      }
      return request;
    }
  }
}
