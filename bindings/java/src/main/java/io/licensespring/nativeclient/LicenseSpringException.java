package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import io.licensespring.nativeclient.LicenseSpring.Category;
import io.licensespring.nativeclient.LicenseSpring.Status;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;

/**
 * A failed library call, from the call's own {@code ls_error}: the status (number and name), the
 * library's message, and what the server said (error code, HTTP status, Retry-After). Its subtype
 * is the status's {@link Category}: {@code LicenseSpring.NetworkException}, {@code
 * LicenseSpring.LicenseException} and so on. A cancelled call throws {@link
 * CancellationException} instead, caused by a {@code LicenseSpring.CancelledException}.
 */
public class LicenseSpringException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String detail;
  private final String serverCode;
  private final int httpStatus;
  private final long retryAfter;

  LicenseSpringException(int status, String detail, String serverCode, int httpStatus, long retryAfter) {
    super(format(nameOf(status), detail, serverCode, httpStatus));
    this.status = status;
    this.detail = detail;
    this.serverCode = serverCode;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  private static String format(String name, String detail, String code, int http) {
    StringBuilder b = new StringBuilder(name);
    if (!detail.isEmpty()) {
      b.append(": ").append(detail);
    }
    if (!code.isEmpty() || http != 0) {
      b.append(" (");
      if (!code.isEmpty()) {
        b.append("server code ").append(code).append(http != 0 ? ", " : "");
      }
      b.append(http != 0 ? "HTTP " + http : "").append(')');
    }
    return b.toString();
  }

  /** The {@code ls_status} number, e.g. 510. */
  public int status() {
    return status;
  }

  /** The status constant's name, e.g. {@code "LS_ERR_LICENSE_EXPIRED"}. */
  public String statusName() {
    return nameOf(status);
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

  /** The status's group; {@code null} for a category newer than this wrapper. */
  public Category category() {
    return Category.of(categoryOf(status));
  }

  // A status newer than this wrapper's tables is still named and grouped, by the library.
  private static String nameOf(int status) {
    Status s = Status.of(status);
    return s != null ? s.cName() : LicenseSpringLibrary.ls_status_name(status);
  }

  private static int categoryOf(int status) {
    Status s = Status.of(status);
    return s != null ? s.category().value() : LicenseSpringLibrary.ls_status_category(status);
  }

  /**
   * The exception for a call that returned {@code returned} and handed over {@code error}, which
   * this reads and frees. A cancelled call gives a {@link CancellationException}.
   */
  static RuntimeException take(int returned, Pointer error) {
    LicenseSpringException e;
    if (error == null) { // the library could not allocate the detail
      e = LicenseSpring.exception(categoryOf(returned), returned, "", "", 0, -1);
    } else {
      try {
        LicenseSpringLibrary.LsError f = new LicenseSpringLibrary.LsError(error);
        e = LicenseSpring.exception(categoryOf(f.status), f.status, f.message.getString(0, "UTF-8"),
            f.server_code.getString(0, "UTF-8"), f.http_status, f.retry_after_secs);
      } finally {
        LicenseSpringLibrary.ls_error_free(error);
      }
    }
    if (e instanceof LicenseSpring.CancelledException) {
      return (RuntimeException) new CancellationException(e.getMessage()).initCause(e);
    }
    return e;
  }
}
