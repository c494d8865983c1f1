package io.licensespring.nativeclient;

import java.util.OptionalLong;

/**
 * A failed library call: the status (number and name), the library's message, and what the server
 * said (error code, HTTP status, Retry-After). Its subclass is chosen by the status's {@link
 * Category}, as the library reports it: {@link InvalidArgumentException}, {@link
 * NetworkException}, {@link AuthorizationException}, {@link LicenseException}, {@link
 * VerificationException}, {@link ServerException}, {@link InternalException}.
 */
public class LicenseSpringException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String statusName;
  private final String detail;
  private final String serverCode;
  private final int httpStatus;
  private final long retryAfter;
  private final Category category;

  protected LicenseSpringException(
      int status,
      String statusName,
      String detail,
      String serverCode,
      int httpStatus,
      long retryAfter,
      Category category) {
    super(format(statusName, detail, serverCode, httpStatus));
    this.status = status;
    this.statusName = statusName;
    this.detail = detail;
    this.serverCode = serverCode;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
    this.category = category;
  }

  private static String format(String name, String detail, String code, int http) {
    StringBuilder b = new StringBuilder(name);
    if (!detail.isEmpty()) {
      b.append(": ").append(detail);
    }
    if (!code.isEmpty() || http != 0) {
      b.append(" (");
      if (!code.isEmpty()) {
        b.append("server code ").append(code);
      }
      if (http != 0) {
        b.append(code.isEmpty() ? "" : ", ").append("HTTP ").append(http);
      }
      b.append(')');
    }
    return b.toString();
  }

  /** The {@code ls_status} number, e.g. 510. */
  public int status() {
    return status;
  }

  /** The status constant's name, e.g. {@code "LS_ERR_LICENSE_EXPIRED"}. */
  public String statusName() {
    return statusName;
  }

  /** The library's message alone (without the name, code and HTTP status). */
  public String detail() {
    return detail;
  }

  /** The server's error {@code code}, e.g. {@code "license_expired"}; {@code ""} if none. */
  public String serverCode() {
    return serverCode;
  }

  /** The HTTP status of the response; 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Seconds the server asked to wait before retrying, when it said. */
  public OptionalLong retryAfter() {
    return retryAfter < 0 ? OptionalLong.empty() : OptionalLong.of(retryAfter);
  }

  /** The status's group, from {@code ls_status_category}. */
  public Category category() {
    return category;
  }

  /** Throws the exception for {@code status} unless it is {@code LS_OK}. */
  static void check(int status) {
    if (status != LicenseSpringLibrary.LS_OK) {
      throw fromLastError(status);
    }
  }

  /**
   * The exception for a call that just returned {@code status} on this thread. The detail is read
   * from the library's thread-local last error, which is why it must run right after the call (JNA
   * calls run on the calling Java thread).
   */
  static LicenseSpringException fromLastError(int status) {
    LicenseSpringLibrary lib = LicenseSpring.raw();
    // Copy the borrowed last-error values before any other call can replace them.
    String message = nonNull(lib.ls_last_error_message());
    String code = nonNull(lib.ls_last_error_code());
    int http = lib.ls_last_error_http_status();
    long retryAfter = lib.ls_last_error_retry_after();
    String name = nonNull(lib.ls_status_name(status));
    Category category = Category.fromCode(lib.ls_status_category(status));
    return create(status, name, message, code, http, retryAfter, category);
  }

  static LicenseSpringException create(
      int status,
      String name,
      String message,
      String code,
      int http,
      long retryAfter,
      Category category) {
    switch (category) {
      case INVALID_ARGUMENT:
        return new InvalidArgumentException(status, name, message, code, http, retryAfter);
      case NETWORK:
        return new NetworkException(status, name, message, code, http, retryAfter);
      case AUTHORIZATION:
        return new AuthorizationException(status, name, message, code, http, retryAfter);
      case LICENSE:
        return new LicenseException(status, name, message, code, http, retryAfter);
      case VERIFICATION:
        return new VerificationException(status, name, message, code, http, retryAfter);
      case SERVER:
        return new ServerException(status, name, message, code, http, retryAfter);
      default:
        return new InternalException(status, name, message, code, http, retryAfter);
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
