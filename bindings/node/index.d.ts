// Type declarations of licensespring-native (lib/index.js).

/** Category names, from the library's ls_status_category. */
export type CategoryName =
  'none' | 'invalid_argument' | 'network' | 'authorization' | 'license' | 'verification' | 'server' | 'internal';

/** A failed call of the native library. */
export class LicenseSpringError extends Error {
  /** The ls_status number. */
  readonly status: number;
  /** The status constant's name, e.g. "LS_ERR_LICENSE_EXPIRED". */
  readonly statusName: string;
  /** The static description of the status. */
  readonly description: string;
  /** The server's error code (e.g. "license_expired"), or "" when none was sent. */
  readonly serverCode: string;
  /** HTTP status of the response behind the failure; 0 when no response arrived. */
  readonly httpStatus: number;
  /** Seconds the server asked to wait (Retry-After), or null when it did not say. */
  readonly retryAfter: number | null;
  /** The category of the status. */
  readonly category: CategoryName;
}
export class InvalidArgumentError extends LicenseSpringError {}
export class NetworkError extends LicenseSpringError {}
export class AuthorizationError extends LicenseSpringError {}
export class LicenseError extends LicenseSpringError {}
export class VerificationError extends LicenseSpringError {}
export class ServerError extends LicenseSpringError {}
export class InternalError extends LicenseSpringError {}

/** Thrown when a closed Client, Request or License is used. */
export class ClosedError extends Error {}

declare abstract class NativeHandle implements Disposable {
  /** True once close() was called. */
  readonly closed: boolean;
  /** Releases the native object. Calling it again does nothing. */
  close(): void;
  [Symbol.dispose](): void;
}

/** The string fields of a request. */
export interface RequestStringFields {
  product?: string | null;
  hardwareId?: string | null;
  licenseKey?: string | null;
  username?: string | null;
  password?: string | null;
  idToken?: string | null;
  code?: string | null;
  customerAccountCode?: string | null;
  vmInfo?: string | null;
  osVer?: string | null;
  hostname?: string | null;
  osHostname?: string | null;
  ip?: string | null;
  ipLocal?: string | null;
  appVer?: string | null;
  macAddress?: string | null;
}

export type RequestFieldName = keyof RequestStringFields;

/** Every field a request can carry. */
export interface RequestFields extends RequestStringFields {
  licenseId?: number | bigint;
  isVm?: boolean;
  consumptions?: number | bigint;
  variables?: Record<string, string>;
}

/** A license request; may be reused for several calls. */
export class Request extends NativeHandle {
  constructor(fields?: RequestFields);
  update(fields: RequestFields): this;
  /** Sets a string field; "" clears it. */
  set(name: RequestFieldName, value: string | null): this;
  setProduct(value: string | null): this;
  setHardwareId(value: string | null): this;
  setLicenseKey(value: string | null): this;
  setUsername(value: string | null): this;
  setPassword(value: string | null): this;
  setIdToken(value: string | null): this;
  setCode(value: string | null): this;
  setCustomerAccountCode(value: string | null): this;
  setVmInfo(value: string | null): this;
  setOsVer(value: string | null): this;
  setHostname(value: string | null): this;
  setOsHostname(value: string | null): this;
  setIp(value: string | null): this;
  setIpLocal(value: string | null): this;
  setAppVer(value: string | null): this;
  setMacAddress(value: string | null): this;
  setLicenseId(id: number | bigint): this;
  setIsVm(isVm: boolean): this;
  setConsumptions(consumptions: number | bigint): this;
  setVariable(name: string | null, value: string | null): this;
}

export interface Feature {
  code: string;
  name: string;
}

export interface CustomField {
  name: string;
  value: string;
}

/** A license returned by Client.activate or Client.check. */
export class License extends NativeHandle {
  private constructor();
  /** The response body exactly as received and verified (JSON text). */
  readonly json: string;
  readonly id: number | bigint;
  /** The license key, or null for user-based licenses. */
  readonly key: string | null;
  /** "perpetual", "time-limited", "subscription", "consumption", or null. */
  readonly type: string | null;
  readonly isActive: boolean;
  readonly isEnabled: boolean;
  readonly isExpired: boolean;
  readonly isTrial: boolean;
  /** The expiry (ISO 8601) as the server wrote it, or null when the license does not expire. */
  readonly validityPeriod: string | null;
  readonly timesActivated: number | bigint;
  readonly maxActivations: number | bigint;
  readonly featureCount: number;
  featureCode(index: number): string;
  featureName(index: number): string;
  readonly features: Feature[];
  readonly customFieldCount: number;
  customFieldName(index: number): string;
  customFieldValue(index: number): string;
  readonly customFields: CustomField[];
  readonly customerEmail: string | null;
  readonly userEmail: string | null;
}

export interface ClientOptions {
  apiKey: string | null;
  sharedKey: string | null;
  /** Scheme, host and port, e.g. "http://127.0.0.1:8080". */
  baseUrl?: string;
  /** Connect and total timeouts in milliseconds. */
  timeouts?: { connectMs: number; totalMs: number };
  /** A proxy URL, or false to ignore the proxy environment variables. */
  proxy?: string | false;
  /** Extra PEM certificates to trust. */
  caFile?: string;
  /** RSA public key (PEM) that verifies responses instead of the vendor's. */
  publicKeyPem?: string;
  /** false accepts responses without verifying their signature. */
  verifySignatures?: boolean;
  /** app_ver sent when a request sets none. */
  appVersion?: string;
}

/** A License API client: immutable, its calls block until the server answers. */
export class Client extends NativeHandle {
  constructor(options: ClientOptions);
  activate(request: Request | RequestFields): License;
  check(request: Request | RequestFields): License;
  deactivate(request: Request | RequestFields): void;
}

/** This machine's default hardware ID. */
export function hardwareId(): string;
/** The native library's version, e.g. "0.1.0". */
export function version(): string;
/** The native library's ABI version. */
export function abiVersion(): number;
export function statusName(status: number): string;
export function statusDescription(status: number): string;
export function statusCategory(status: number): CategoryName;

/** ls_status numbers by constant name. */
export const Status: Readonly<Record<string, number>>;
/** ls_request_field numbers by JS field name. */
export const REQUEST_FIELDS: Readonly<Record<RequestFieldName, number>>;
/** The ABI version this package expects. */
export const EXPECTED_ABI_VERSION: number;
/** The path the native library was loaded from. */
export const libraryPath: string;
