package io.licensespring.nativeclient;

/** The group of a status, as {@code ls_status_category} decides it ({@code ls_category}). */
public enum Category {
  NONE(LicenseSpringLibrary.LS_CATEGORY_NONE),
  INVALID_ARGUMENT(LicenseSpringLibrary.LS_CATEGORY_INVALID_ARGUMENT),
  NETWORK(LicenseSpringLibrary.LS_CATEGORY_NETWORK),
  AUTHORIZATION(LicenseSpringLibrary.LS_CATEGORY_AUTHORIZATION),
  LICENSE(LicenseSpringLibrary.LS_CATEGORY_LICENSE),
  VERIFICATION(LicenseSpringLibrary.LS_CATEGORY_VERIFICATION),
  SERVER(LicenseSpringLibrary.LS_CATEGORY_SERVER),
  INTERNAL(LicenseSpringLibrary.LS_CATEGORY_INTERNAL);

  private final int code;

  Category(int code) {
    this.code = code;
  }

  /** The {@code LS_CATEGORY_*} number. */
  public int code() {
    return code;
  }

  /** The category with this number; {@link #INTERNAL} for a number the wrapper does not know. */
  public static Category fromCode(int code) {
    for (Category c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return INTERNAL;
  }

  /** The category of a status number, from the library. */
  public static Category of(int status) {
    return fromCode(LicenseSpring.raw().ls_status_category(status));
  }
}
