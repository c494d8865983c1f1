package io.licensespring.nativeclient;

/** {@link Category#AUTHORIZATION}: The server refused the credentials or the request signature. */
public class AuthorizationException extends LicenseSpringException {
  private static final long serialVersionUID = 1L;

  AuthorizationException(
      int status, String name, String message, String code, int http, long retryAfter) {
    super(status, name, message, code, http, retryAfter, Category.AUTHORIZATION);
  }
}
