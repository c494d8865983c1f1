package io.licensespring.nativeclient;

/** The string fields of a {@link Request} ({@code ls_request_field}). */
public enum RequestField {
  PRODUCT(LicenseSpringLibrary.LS_FIELD_PRODUCT),
  HARDWARE_ID(LicenseSpringLibrary.LS_FIELD_HARDWARE_ID),
  LICENSE_KEY(LicenseSpringLibrary.LS_FIELD_LICENSE_KEY),
  USERNAME(LicenseSpringLibrary.LS_FIELD_USERNAME),
  PASSWORD(LicenseSpringLibrary.LS_FIELD_PASSWORD),
  ID_TOKEN(LicenseSpringLibrary.LS_FIELD_ID_TOKEN),
  CODE(LicenseSpringLibrary.LS_FIELD_CODE),
  CUSTOMER_ACCOUNT_CODE(LicenseSpringLibrary.LS_FIELD_CUSTOMER_ACCOUNT_CODE),
  VM_INFO(LicenseSpringLibrary.LS_FIELD_VM_INFO),
  OS_VER(LicenseSpringLibrary.LS_FIELD_OS_VER),
  HOSTNAME(LicenseSpringLibrary.LS_FIELD_HOSTNAME),
  OS_HOSTNAME(LicenseSpringLibrary.LS_FIELD_OS_HOSTNAME),
  IP(LicenseSpringLibrary.LS_FIELD_IP),
  IP_LOCAL(LicenseSpringLibrary.LS_FIELD_IP_LOCAL),
  APP_VER(LicenseSpringLibrary.LS_FIELD_APP_VER),
  MAC_ADDRESS(LicenseSpringLibrary.LS_FIELD_MAC_ADDRESS);

  private final int code;

  RequestField(int code) {
    this.code = code;
  }

  /** The {@code LS_FIELD_*} number. */
  public int code() {
    return code;
  }

  /** The License API's name of the field, e.g. {@code "license_key"}, from the library. */
  public String wireName() {
    return LicenseSpring.raw().ls_request_field_name(code);
  }
}
