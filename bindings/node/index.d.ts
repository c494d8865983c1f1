// Type declarations of licensespring-native (lib/index.js). The table-driven parts (enums,
// request parameters and setters, result classes, operations, the store's methods and state, error
// classes) are generated into lib/generated.d.ts and re-exported here.

import type { CategoryName, ClientOperations, RequestParams, RequestSetters, StoreMethods } from './lib/generated';

export * from './lib/generated';

/** A failed call of the native library. Its class is chosen by the status's category. */
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
  readonly retryAfter: number | bigint | null;
  /** The category of the status. */
  readonly category: CategoryName;
  /** "ABORT_ERR" on a call cancelled through its AbortSignal (whose name is then "AbortError"). */
  readonly code?: 'ABORT_ERR';
}

/** Thrown when a closed Client, Store, Request or result is used. */
export class ClosedError extends Error {}

declare abstract class NativeHandle implements Disposable {
  /** True once close() was called. */
  readonly closed: boolean;
  /** Releases the native object once the calls in progress end. Calling it again does nothing. */
  close(): void;
  [Symbol.dispose](): void;
}

/** Every field a request can carry: its parameters and its device variables. */
export interface RequestFields extends RequestParams {
  variables?: Record<string, string>;
}

export interface Request extends RequestSetters {}
/** A request; may serve several calls, even at once, but not change while one is in progress. */
export class Request extends NativeHandle {
  constructor(fields?: RequestFields);
  update(fields: RequestFields): this;
  /** Sets a parameter by its JS name; "" clears a string. */
  set<K extends keyof RequestParams>(name: K, value: RequestParams[K]): this;
  /** Removes a parameter. */
  clear(name: keyof RequestParams): this;
  setVariable(name: string | null, value: string | null): this;
}

/** A result of an operation, or an item of one of its lists (usable while that result is open). */
export abstract class Result extends NativeHandle {
  /** The response body exactly as received and verified (an item: its JSON). */
  readonly json: string;
  /** Every field at once, as a plain object. */
  toObject(): object;
  toJSON(): object;
}

/** Options of one operation call. */
export interface CallOptions {
  /** Cancels the call: it then rejects with an AbortError (a CancelledError, status LS_ERR_CANCELLED). */
  signal?: AbortSignal;
}

/** Authentication with the vendor's API key and shared key. */
export interface ApiKeyAuth {
  apiKey: string | null;
  sharedKey: string | null;
  clientId?: never;
  clientSecret?: never;
  tokenUrl?: never;
}

/** Authentication with OAuth client credentials; the library fetches and refreshes the tokens. */
export interface OAuthAuth {
  clientId: string | null;
  clientSecret: string | null;
  /** The token endpoint, when not the vendor's (e.g. an on-premise identity provider). */
  tokenUrl?: string | null;
  apiKey?: never;
  sharedKey?: never;
}

export type ClientOptions = (ApiKeyAuth | OAuthAuth) & ClientSettings;

export interface ClientSettings {
  /** Scheme, host and port, e.g. "http://127.0.0.1:8080". */
  baseUrl?: string | null;
  /** Connect and total timeouts in milliseconds; the library's defaults for those not given. */
  timeouts?: { connectMs?: number; totalMs?: number };
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

export interface Client extends ClientOperations {}
/** A License API client: immutable, shared by any number of calls at once. */
export class Client extends NativeHandle {
  constructor(options: ClientOptions);
}

export interface Store extends StoreMethods {}
/** One product's stored license in one folder; `folder` null or left out: the vendor SDKs' per-user one. */
export class Store extends NativeHandle {
  constructor(options: { folder?: string | null; product: string | null });
}

/** This machine's hardware ID (algorithm: a HardwareIdAlgorithm value, the default's by default). */
export function hardwareId(algorithm?: number): string;
/** The native library's version, e.g. "0.2.0". */
export function version(): string;
/** The native library's ABI version. */
export function abiVersion(): number;
export function statusName(status: number): string;
export function statusDescription(status: number): string;
export function statusCategory(status: number): CategoryName;

/** The path the native library was loaded from. */
export const libraryPath: string;
