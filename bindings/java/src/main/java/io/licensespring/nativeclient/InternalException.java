package io.licensespring.nativeclient;

/** {@link Category#INTERNAL}: A bug inside the library; the process is unharmed. */
public class InternalException extends LicenseSpringException {
  private static final long serialVersionUID = 1L;

  InternalException(
      int status, String name, String message, String code, int http, long retryAfter) {
    super(status, name, message, code, http, retryAfter, Category.INTERNAL);
  }
}
