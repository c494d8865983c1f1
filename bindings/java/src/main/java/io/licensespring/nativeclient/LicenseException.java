package io.licensespring.nativeclient;

/** {@link Category#LICENSE}: The server refused because of the license's or the device's state. */
public class LicenseException extends LicenseSpringException {
  private static final long serialVersionUID = 1L;

  LicenseException(
      int status, String name, String message, String code, int http, long retryAfter) {
    super(status, name, message, code, http, retryAfter, Category.LICENSE);
  }
}
