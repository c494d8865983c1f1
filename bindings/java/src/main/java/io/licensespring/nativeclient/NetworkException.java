package io.licensespring.nativeclient;

/** {@link Category#NETWORK}: No usable response: connect, timeout, TLS, proxy, or connection lost. */
public class NetworkException extends LicenseSpringException {
  private static final long serialVersionUID = 1L;

  NetworkException(
      int status, String name, String message, String code, int http, long retryAfter) {
    super(status, name, message, code, http, retryAfter, Category.NETWORK);
  }
}
