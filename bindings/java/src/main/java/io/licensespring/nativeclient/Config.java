package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A client configuration ({@code ls_config}): credentials, endpoint, timeouts, proxy, TLS and
 * response verification. Build one with {@link #builder(String, String)}; a {@link Client} copies
 * what it needs, so the config may be closed once clients are created.
 */
public final class Config extends NativeObject {

  private Config(Pointer pointer) {
    super("Config", pointer, p -> LicenseSpring.raw().ls_config_free(p));
  }

  /**
   * Starts a configuration for the vendor's API with this API key and shared key; defaults are
   * the library's (connect timeout 10 s, total 30 s, proxies from the environment, the system's
   * certificates, verification with the vendor's public key).
   */
  public static Builder builder(String apiKey, String sharedKey) {
    return new Builder(apiKey, sharedKey);
  }

  /** Collects settings; {@link #build()} hands them to the library, which validates them. */
  public static final class Builder {
    private final String apiKey;
    private final String sharedKey;
    private final List<ToIntFunction<Pointer>> settings = new ArrayList<>();

    private Builder(String apiKey, String sharedKey) {
      this.apiKey = apiKey;
      this.sharedKey = sharedKey;
    }

    /** Scheme, host and port to send requests to, e.g. {@code "http://127.0.0.1:8080"}. */
    public Builder baseUrl(String url) {
      settings.add(p -> LicenseSpring.raw().ls_config_set_base_url(p, url));
      return this;
    }

    /** Time allowed to connect, and total time allowed for one call (whole milliseconds). */
    public Builder timeouts(Duration connect, Duration total) {
      int connectMs = toUint32Millis(connect, "connect");
      int totalMs = toUint32Millis(total, "total");
      settings.add(p -> LicenseSpring.raw().ls_config_set_timeouts(p, connectMs, totalMs));
      return this;
    }

    /** Sends every request through this proxy instead of the environment's proxies. */
    public Builder proxy(String url) {
      settings.add(p -> LicenseSpring.raw().ls_config_set_proxy(p, url));
      return this;
    }

    /** Connects directly, ignoring proxy environment variables. */
    public Builder disableProxy() {
      settings.add(p -> LicenseSpring.raw().ls_config_disable_proxy(p));
      return this;
    }

    /** Also trusts the PEM certificates in this file (read when the client is created). */
    public Builder addCaFile(Path path) {
      String s = path == null ? null : path.toString();
      settings.add(p -> LicenseSpring.raw().ls_config_add_ca_file(p, s));
      return this;
    }

    /** Verifies responses with this RSA public key (PEM) instead of the vendor's. */
    public Builder publicKeyPem(String pem) {
      settings.add(p -> LicenseSpring.raw().ls_config_set_public_key_pem(p, pem));
      return this;
    }

    /** Accepts responses without verifying their signature (only for servers that do not sign). */
    public Builder disableSignatureVerification() {
      settings.add(p -> LicenseSpring.raw().ls_config_disable_signature_verification(p));
      return this;
    }

    /** The {@code app_ver} sent when a request sets none; {@code ""} clears it. */
    public Builder appVersion(String version) {
      settings.add(p -> LicenseSpring.raw().ls_config_set_app_version(p, version));
      return this;
    }

    /**
     * Creates the native configuration.
     *
     * @throws InvalidArgumentException if the library refuses a value (the message names it)
     */
    public Config build() {
      PointerByReference out = new PointerByReference();
      LicenseSpringException.check(LicenseSpring.raw().ls_config_new(apiKey, sharedKey, out));
      Config config = new Config(out.getValue());
      try {
        for (ToIntFunction<Pointer> setting : settings) {
          config.use(p -> {
            LicenseSpringException.check(setting.applyAsInt(p));
            return null;
          });
        }
      } catch (RuntimeException e) {
        config.close();
        throw e;
      }
      return config;
    }

    /** Builds the configuration, creates a {@link Client} from it, and closes the configuration. */
    public Client buildClient() {
      try (Config config = build()) {
        return Client.create(config);
      }
    }

    private static int toUint32Millis(Duration d, String what) {
      if (d == null) {
        throw new NullPointerException(what + " timeout is null");
      }
      long ms = d.toMillis();
      if (ms < 0 || ms > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException(what + " timeout out of range: " + d);
      }
      return (int) ms;
    }
  }
}
