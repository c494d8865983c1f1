package io.licensespring.nativeclient;

/** {@link Category#VERIFICATION}: The response's signature is missing or invalid. */
public class VerificationException extends LicenseSpringException {
  private static final long serialVersionUID = 1L;

  VerificationException(
      int status, String name, String message, String code, int http, long retryAfter) {
    super(status, name, message, code, http, retryAfter, Category.VERIFICATION);
  }
}
