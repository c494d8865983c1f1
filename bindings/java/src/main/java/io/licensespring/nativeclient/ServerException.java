package io.licensespring.nativeclient;

/** {@link Category#SERVER}: The server failed or answered something unusable (5xx, 429, non-JSON, unknown code, redirect). */
public class ServerException extends LicenseSpringException {
  private static final long serialVersionUID = 1L;

  ServerException(
      int status, String name, String message, String code, int http, long retryAfter) {
    super(status, name, message, code, http, retryAfter, Category.SERVER);
  }
}
