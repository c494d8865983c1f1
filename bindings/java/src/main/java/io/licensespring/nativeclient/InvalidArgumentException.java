package io.licensespring.nativeclient;

/** {@link Category#INVALID_ARGUMENT}: The caller's input was refused, locally or by the server's request validation. */
public class InvalidArgumentException extends LicenseSpringException {
  private static final long serialVersionUID = 1L;

  InvalidArgumentException(
      int status, String name, String message, String code, int http, long retryAfter) {
    super(status, name, message, code, http, retryAfter, Category.INVALID_ARGUMENT);
  }
}
