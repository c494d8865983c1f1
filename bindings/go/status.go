package licensespring

// Status is a status number of the C library (enum ls_status). The numbers are stable; the
// name, description and category of each come from the library.
type Status int32

// The statuses of enum ls_status, with the header's descriptions.
const (
	// StatusOK is LS_OK: Success.
	StatusOK Status = 0
	// StatusNullArgument is LS_ERR_NULL_ARGUMENT: A required pointer argument was NULL.
	StatusNullArgument Status = 1
	// StatusInvalidUTF8 is LS_ERR_INVALID_UTF8: A string argument was not valid UTF-8.
	StatusInvalidUTF8 Status = 2
	// StatusInvalidArgument is LS_ERR_INVALID_ARGUMENT: An argument or a required request field was missing or invalid; the message names it.
	StatusInvalidArgument Status = 3
	// StatusIndexOutOfRange is LS_ERR_INDEX_OUT_OF_RANGE: An index was past the end of a list (features, custom fields).
	StatusIndexOutOfRange Status = 4
	// StatusHardwareIDUnavailable is LS_ERR_HARDWARE_ID_UNAVAILABLE: The default hardware ID cannot be computed on this machine; pass your own.
	StatusHardwareIDUnavailable Status = 5
	// StatusConnect is LS_ERR_CONNECT: The TCP connection could not be established (refused, unreachable, DNS failure).
	StatusConnect Status = 100
	// StatusTimeout is LS_ERR_TIMEOUT: The connect timeout or the total request timeout expired.
	StatusTimeout Status = 101
	// StatusTLS is LS_ERR_TLS: TLS failed: untrusted or invalid certificate, handshake error.
	StatusTLS Status = 102
	// StatusProxy is LS_ERR_PROXY: The configured proxy could not be reached or refused the tunnel.
	StatusProxy Status = 103
	// StatusNetwork is LS_ERR_NETWORK: The connection failed after it was established (reset, closed mid-response).
	StatusNetwork Status = 104
	// StatusUnexpectedResponse is LS_ERR_UNEXPECTED_RESPONSE: The response had an unexpected shape (wrong success body, missing license fields, 1xx/2xx other than 200).
	StatusUnexpectedResponse Status = 200
	// StatusNonJSONResponse is LS_ERR_NON_JSON_RESPONSE: The response body was not JSON where JSON was required.
	StatusNonJSONResponse Status = 201
	// StatusResponseTooLarge is LS_ERR_RESPONSE_TOO_LARGE: The response body exceeded the library's fixed size cap; it was not read further.
	StatusResponseTooLarge Status = 202
	// StatusSignatureMissing is LS_ERR_SIGNATURE_MISSING: Verification is on and the response carried no `LicenseSignature` header.
	StatusSignatureMissing Status = 203
	// StatusSignatureInvalid is LS_ERR_SIGNATURE_INVALID: Verification is on and `LicenseSignature` does not verify over the received body.
	StatusSignatureInvalid Status = 204
	// StatusRedirect is LS_ERR_REDIRECT: The server answered with a redirect; redirects are never followed (credentials stay put).
	StatusRedirect Status = 205
	// StatusServer is LS_ERR_SERVER: The server failed (HTTP 5xx, or `internal_error`).
	StatusServer Status = 300
	// StatusRateLimited is LS_ERR_RATE_LIMITED: The server is rate limiting (HTTP 429); see `ls_last_error_retry_after`.
	StatusRateLimited Status = 301
	// StatusServerOther is LS_ERR_SERVER_OTHER: The server answered with an error code this library does not know; read the raw code.
	StatusServerOther Status = 302
	// StatusMissingHeaders is LS_ERR_MISSING_HEADERS: `missing_headers`: the Date or Authorization header was missing.
	StatusMissingHeaders Status = 400
	// StatusDateHeaderDiff is LS_ERR_DATE_HEADER_DIFF: `date_header_diff`: the local clock is more than 15 minutes off the server's.
	StatusDateHeaderDiff Status = 401
	// StatusHMACRequired is LS_ERR_HMAC_REQUIRED: `hmac_required`: the server requires an HMAC-signed request.
	StatusHMACRequired Status = 402
	// StatusSignatureMismatch is LS_ERR_SIGNATURE_MISMATCH: `signature_mismatch`: the shared key does not match the API key.
	StatusSignatureMismatch Status = 403
	// StatusInvalidAPIKey is LS_ERR_INVALID_API_KEY: `invalid_api_key`: the API key is unknown.
	StatusInvalidAPIKey Status = 404
	// StatusAuthorizationInvalidHeaders is LS_ERR_AUTHORIZATION_INVALID_HEADERS: `authorization_invalid_headers`: the Authorization header is malformed.
	StatusAuthorizationInvalidHeaders Status = 405
	// StatusAuthorizationMissingParams is LS_ERR_AUTHORIZATION_MISSING_PARAMS: `authorization_missing_params`: the Authorization header lacks a parameter.
	StatusAuthorizationMissingParams Status = 406
	// StatusAPIKeyProductNotAllowed is LS_ERR_API_KEY_PRODUCT_NOT_ALLOWED: `api_key_product_not_allowed`: the API key may not access this product.
	StatusAPIKeyProductNotAllowed Status = 407
	// StatusOAuthTokenExpired is LS_ERR_OAUTH_TOKEN_EXPIRED: `oauth_token_expired`.
	StatusOAuthTokenExpired Status = 408
	// StatusOAuthTokenMalformed is LS_ERR_OAUTH_TOKEN_MALFORMED: `oauth_token_malformed`.
	StatusOAuthTokenMalformed Status = 409
	// StatusUnknownProduct is LS_ERR_UNKNOWN_PRODUCT: `unknown_product`: no product with this short code.
	StatusUnknownProduct Status = 500
	// StatusLicenseNotFound is LS_ERR_LICENSE_NOT_FOUND: `license_not_found`: no license for this key, user or SSO identity.
	StatusLicenseNotFound Status = 501
	// StatusLicenseNotEnabled is LS_ERR_LICENSE_NOT_ENABLED: `license_not_enabled`: the license is disabled.
	StatusLicenseNotEnabled Status = 502
	// StatusLicenseNotActive is LS_ERR_LICENSE_NOT_ACTIVE: `license_not_active`: the license is not active.
	StatusLicenseNotActive Status = 503
	// StatusVMNotAllowed is LS_ERR_VM_NOT_ALLOWED: `vm_not_allowed`: the license may not run in a virtual machine.
	StatusVMNotAllowed Status = 504
	// StatusOfflineFloatingCloudNotSupported is LS_ERR_OFFLINE_FLOATING_CLOUD_NOT_SUPPORTED: `offline_floating_cloud_not_supported`.
	StatusOfflineFloatingCloudNotSupported Status = 505
	// StatusLicenseStartDate is LS_ERR_LICENSE_START_DATE: `license_start_date_error`: the license's start date is in the future (message has it).
	StatusLicenseStartDate Status = 506
	// StatusBlacklisted is LS_ERR_BLACKLISTED: `blacklisted`: this device is blacklisted.
	StatusBlacklisted Status = 507
	// StatusLicenseActivatedMaxTimes is LS_ERR_LICENSE_ACTIVATED_MAX_TIMES: `license_activated_max_times`: no activation left on the license.
	StatusLicenseActivatedMaxTimes Status = 508
	// StatusLicenseUserActivatedMaxTimes is LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES: `license_user_activated_max_times`: no activation left for this license user.
	StatusLicenseUserActivatedMaxTimes Status = 509
	// StatusLicenseExpired is LS_ERR_LICENSE_EXPIRED: `license_expired`: the validity period has ended.
	StatusLicenseExpired Status = 510
	// StatusLicenseTransferredMaxTimes is LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES: `license_transferred_max_times`: no device transfer left.
	StatusLicenseTransferredMaxTimes Status = 511
	// StatusLicenseDeviceExists is LS_ERR_LICENSE_DEVICE_EXISTS: `license_device_exists` (HTTP 409): this hardware ID is already activated.
	StatusLicenseDeviceExists Status = 512
	// StatusDeviceNotFound is LS_ERR_DEVICE_NOT_FOUND: `device_not_found`: no active device with this hardware ID on the license.
	StatusDeviceNotFound Status = 513
	// StatusArchivedProduct is LS_ERR_ARCHIVED_PRODUCT: `archived_product`.
	StatusArchivedProduct Status = 514
	// StatusDisabledProduct is LS_ERR_DISABLED_PRODUCT: `disabled_product`.
	StatusDisabledProduct Status = 515
	// StatusTrialExpired is LS_ERR_TRIAL_EXPIRED: `trial_expired`.
	StatusTrialExpired Status = 516
	// StatusFloatingNotAvailable is LS_ERR_FLOATING_NOT_AVAILABLE: `floating_not_available`: every floating seat is taken.
	StatusFloatingNotAvailable Status = 517
	// StatusUnsupportedProductFeature is LS_ERR_UNSUPPORTED_PRODUCT_FEATURE: `unsupported_product_feature`.
	StatusUnsupportedProductFeature Status = 518
	// StatusCustomerNotFound is LS_ERR_CUSTOMER_NOT_FOUND: `customer_not_found`.
	StatusCustomerNotFound Status = 519
	// StatusMissingParameters is LS_ERR_MISSING_PARAMETERS: `missing_parameters`.
	StatusMissingParameters Status = 600
	// StatusValidationError is LS_ERR_VALIDATION_ERROR: `validation_error`.
	StatusValidationError Status = 601
	// StatusInvalidJSON is LS_ERR_INVALID_JSON: `invalid_json`.
	StatusInvalidJSON Status = 602
	// StatusMissingHardwareID is LS_ERR_MISSING_HARDWARE_ID: `missing_hardware_id`.
	StatusMissingHardwareID Status = 603
	// StatusLicenseKeyRequired is LS_ERR_LICENSE_KEY_REQUIRED: `license_key_required`.
	StatusLicenseKeyRequired Status = 604
	// StatusNotFound is LS_ERR_NOT_FOUND: `not_found` or HTTP 404: the endpoint does not exist (check the base URL).
	StatusNotFound Status = 605
	// StatusRequestTooLarge is LS_ERR_REQUEST_TOO_LARGE: `request_too_large` or HTTP 413.
	StatusRequestTooLarge Status = 606
	// StatusInternal is LS_ERR_INTERNAL: A bug inside the library (a caught panic). The process is unharmed.
	StatusInternal Status = 900
)

// Category is the group a status belongs to (enum ls_category), decided by the library.
type Category int32

// The categories of enum ls_category.
const (
	// CategoryNone is LS_CATEGORY_NONE: `LS_OK`.
	CategoryNone Category = 0
	// CategoryInvalidArgument is LS_CATEGORY_INVALID_ARGUMENT: The caller's input was refused (locally, or by the server's request validation).
	CategoryInvalidArgument Category = 1
	// CategoryNetwork is LS_CATEGORY_NETWORK: No usable response: connect, timeout, TLS, proxy, connection lost.
	CategoryNetwork Category = 2
	// CategoryAuthorization is LS_CATEGORY_AUTHORIZATION: The server refused the credentials or the request signature.
	CategoryAuthorization Category = 3
	// CategoryLicense is LS_CATEGORY_LICENSE: The server refused because of the license's or device's state.
	CategoryLicense Category = 4
	// CategoryVerification is LS_CATEGORY_VERIFICATION: The response's signature is missing or invalid.
	CategoryVerification Category = 5
	// CategoryServer is LS_CATEGORY_SERVER: The server failed or answered something unusable (5xx, 429, non-JSON, unknown code, redirect).
	CategoryServer Category = 6
	// CategoryInternal is LS_CATEGORY_INTERNAL: A bug inside the library.
	CategoryInternal Category = 7
)

// field is a string field of a request (enum ls_request_field).
type field uint32

// The fields of enum ls_request_field.
const (
	// fieldProduct is LS_FIELD_PRODUCT: `product`: the product's short code (required).
	fieldProduct field = 0
	// fieldHardwareID is LS_FIELD_HARDWARE_ID: `hardware_id`: the device's ID (required); see `ls_hardware_id`.
	fieldHardwareID field = 1
	// fieldLicenseKey is LS_FIELD_LICENSE_KEY: `license_key`: identity for key-based products.
	fieldLicenseKey field = 2
	// fieldUsername is LS_FIELD_USERNAME: `username`: identity for user-based products.
	fieldUsername field = 3
	// fieldPassword is LS_FIELD_PASSWORD: `password`: the license user's password.
	fieldPassword field = 4
	// fieldIDToken is LS_FIELD_ID_TOKEN: `id_token`: SSO implicit grant (with `customer_account_code`).
	fieldIDToken field = 5
	// fieldCode is LS_FIELD_CODE: `code`: SSO authorization code grant (with `customer_account_code`).
	fieldCode field = 6
	// fieldCustomerAccountCode is LS_FIELD_CUSTOMER_ACCOUNT_CODE: `customer_account_code`: the SSO customer account.
	fieldCustomerAccountCode field = 7
	// fieldVMInfo is LS_FIELD_VM_INFO: `vm_info`: virtual machine details.
	fieldVMInfo field = 8
	// fieldOSVer is LS_FIELD_OS_VER: `os_ver`: operating system version.
	fieldOSVer field = 9
	// fieldHostname is LS_FIELD_HOSTNAME: `hostname`: device host name.
	fieldHostname field = 10
	// fieldOSHostname is LS_FIELD_OS_HOSTNAME: `os_hostname`: the OS's host name.
	fieldOSHostname field = 11
	// fieldIP is LS_FIELD_IP: `ip`: IP address.
	fieldIP field = 12
	// fieldIPLocal is LS_FIELD_IP_LOCAL: `ip_local`: local IP address.
	fieldIPLocal field = 13
	// fieldAppVer is LS_FIELD_APP_VER: `app_ver`: application version (overrides the config's).
	fieldAppVer field = 14
	// fieldMACAddress is LS_FIELD_MAC_ADDRESS: `mac_address`: MAC address.
	fieldMACAddress field = 15
)

// cStatuses maps the header's names of enum ls_status to the Go constants (checked by a test).
var cStatuses = map[string]Status{
	"LS_OK":                                       StatusOK,
	"LS_ERR_NULL_ARGUMENT":                        StatusNullArgument,
	"LS_ERR_INVALID_UTF8":                         StatusInvalidUTF8,
	"LS_ERR_INVALID_ARGUMENT":                     StatusInvalidArgument,
	"LS_ERR_INDEX_OUT_OF_RANGE":                   StatusIndexOutOfRange,
	"LS_ERR_HARDWARE_ID_UNAVAILABLE":              StatusHardwareIDUnavailable,
	"LS_ERR_CONNECT":                              StatusConnect,
	"LS_ERR_TIMEOUT":                              StatusTimeout,
	"LS_ERR_TLS":                                  StatusTLS,
	"LS_ERR_PROXY":                                StatusProxy,
	"LS_ERR_NETWORK":                              StatusNetwork,
	"LS_ERR_UNEXPECTED_RESPONSE":                  StatusUnexpectedResponse,
	"LS_ERR_NON_JSON_RESPONSE":                    StatusNonJSONResponse,
	"LS_ERR_RESPONSE_TOO_LARGE":                   StatusResponseTooLarge,
	"LS_ERR_SIGNATURE_MISSING":                    StatusSignatureMissing,
	"LS_ERR_SIGNATURE_INVALID":                    StatusSignatureInvalid,
	"LS_ERR_REDIRECT":                             StatusRedirect,
	"LS_ERR_SERVER":                               StatusServer,
	"LS_ERR_RATE_LIMITED":                         StatusRateLimited,
	"LS_ERR_SERVER_OTHER":                         StatusServerOther,
	"LS_ERR_MISSING_HEADERS":                      StatusMissingHeaders,
	"LS_ERR_DATE_HEADER_DIFF":                     StatusDateHeaderDiff,
	"LS_ERR_HMAC_REQUIRED":                        StatusHMACRequired,
	"LS_ERR_SIGNATURE_MISMATCH":                   StatusSignatureMismatch,
	"LS_ERR_INVALID_API_KEY":                      StatusInvalidAPIKey,
	"LS_ERR_AUTHORIZATION_INVALID_HEADERS":        StatusAuthorizationInvalidHeaders,
	"LS_ERR_AUTHORIZATION_MISSING_PARAMS":         StatusAuthorizationMissingParams,
	"LS_ERR_API_KEY_PRODUCT_NOT_ALLOWED":          StatusAPIKeyProductNotAllowed,
	"LS_ERR_OAUTH_TOKEN_EXPIRED":                  StatusOAuthTokenExpired,
	"LS_ERR_OAUTH_TOKEN_MALFORMED":                StatusOAuthTokenMalformed,
	"LS_ERR_UNKNOWN_PRODUCT":                      StatusUnknownProduct,
	"LS_ERR_LICENSE_NOT_FOUND":                    StatusLicenseNotFound,
	"LS_ERR_LICENSE_NOT_ENABLED":                  StatusLicenseNotEnabled,
	"LS_ERR_LICENSE_NOT_ACTIVE":                   StatusLicenseNotActive,
	"LS_ERR_VM_NOT_ALLOWED":                       StatusVMNotAllowed,
	"LS_ERR_OFFLINE_FLOATING_CLOUD_NOT_SUPPORTED": StatusOfflineFloatingCloudNotSupported,
	"LS_ERR_LICENSE_START_DATE":                   StatusLicenseStartDate,
	"LS_ERR_BLACKLISTED":                          StatusBlacklisted,
	"LS_ERR_LICENSE_ACTIVATED_MAX_TIMES":          StatusLicenseActivatedMaxTimes,
	"LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES":     StatusLicenseUserActivatedMaxTimes,
	"LS_ERR_LICENSE_EXPIRED":                      StatusLicenseExpired,
	"LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES":        StatusLicenseTransferredMaxTimes,
	"LS_ERR_LICENSE_DEVICE_EXISTS":                StatusLicenseDeviceExists,
	"LS_ERR_DEVICE_NOT_FOUND":                     StatusDeviceNotFound,
	"LS_ERR_ARCHIVED_PRODUCT":                     StatusArchivedProduct,
	"LS_ERR_DISABLED_PRODUCT":                     StatusDisabledProduct,
	"LS_ERR_TRIAL_EXPIRED":                        StatusTrialExpired,
	"LS_ERR_FLOATING_NOT_AVAILABLE":               StatusFloatingNotAvailable,
	"LS_ERR_UNSUPPORTED_PRODUCT_FEATURE":          StatusUnsupportedProductFeature,
	"LS_ERR_CUSTOMER_NOT_FOUND":                   StatusCustomerNotFound,
	"LS_ERR_MISSING_PARAMETERS":                   StatusMissingParameters,
	"LS_ERR_VALIDATION_ERROR":                     StatusValidationError,
	"LS_ERR_INVALID_JSON":                         StatusInvalidJSON,
	"LS_ERR_MISSING_HARDWARE_ID":                  StatusMissingHardwareID,
	"LS_ERR_LICENSE_KEY_REQUIRED":                 StatusLicenseKeyRequired,
	"LS_ERR_NOT_FOUND":                            StatusNotFound,
	"LS_ERR_REQUEST_TOO_LARGE":                    StatusRequestTooLarge,
	"LS_ERR_INTERNAL":                             StatusInternal,
}

// cCategories maps the header's names of enum ls_category to the Go constants.
var cCategories = map[string]Category{
	"LS_CATEGORY_NONE":             CategoryNone,
	"LS_CATEGORY_INVALID_ARGUMENT": CategoryInvalidArgument,
	"LS_CATEGORY_NETWORK":          CategoryNetwork,
	"LS_CATEGORY_AUTHORIZATION":    CategoryAuthorization,
	"LS_CATEGORY_LICENSE":          CategoryLicense,
	"LS_CATEGORY_VERIFICATION":     CategoryVerification,
	"LS_CATEGORY_SERVER":           CategoryServer,
	"LS_CATEGORY_INTERNAL":         CategoryInternal,
}

// cFields maps the header's names of enum ls_request_field to the Go constants.
var cFields = map[string]field{
	"LS_FIELD_PRODUCT":               fieldProduct,
	"LS_FIELD_HARDWARE_ID":           fieldHardwareID,
	"LS_FIELD_LICENSE_KEY":           fieldLicenseKey,
	"LS_FIELD_USERNAME":              fieldUsername,
	"LS_FIELD_PASSWORD":              fieldPassword,
	"LS_FIELD_ID_TOKEN":              fieldIDToken,
	"LS_FIELD_CODE":                  fieldCode,
	"LS_FIELD_CUSTOMER_ACCOUNT_CODE": fieldCustomerAccountCode,
	"LS_FIELD_VM_INFO":               fieldVMInfo,
	"LS_FIELD_OS_VER":                fieldOSVer,
	"LS_FIELD_HOSTNAME":              fieldHostname,
	"LS_FIELD_OS_HOSTNAME":           fieldOSHostname,
	"LS_FIELD_IP":                    fieldIP,
	"LS_FIELD_IP_LOCAL":              fieldIPLocal,
	"LS_FIELD_APP_VER":               fieldAppVer,
	"LS_FIELD_MAC_ADDRESS":           fieldMACAddress,
}
