package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A client configuration ({@code ls_config}): credentials, endpoint, timeouts, proxy, TLS and
 * response verification. Build one with {@link #builder(String, String)} (API key) or {@link
 * #oauthBuilder(String, String)} (OAuth client credentials); a {@link Client} copies what it
 * needs, so the config may be closed once clients are created. Every setting is passed to the
 * library as given, and only when given: the defaults and the validation are the library's.
 */
public final class Config extends NativeObject {

  private Config(Pointer pointer) {
    super("Config", pointer, LicenseSpringLibrary::ls_config_free);
  }

  /** Starts a configuration for the vendor's API with this API key and shared key. */
  public static Builder builder(String apiKey, String sharedKey) {
    return new Builder(o -> LicenseSpringLibrary.ls_config_new(apiKey, sharedKey, o.pointer, o.error));
  }

  /**
   * Starts a configuration authenticating with OAuth client credentials: the library fetches,
   * shares, refreshes and retries the bearer tokens (from the vendor's endpoint, or {@link
   * Builder#tokenUrl}'s). The secret is passed on as given and never appears in a message.
   */
  public static Builder oauthBuilder(String clientId, String clientSecret) {
    return new Builder(
        o -> LicenseSpringLibrary.ls_config_new_oauth(clientId, clientSecret, o.pointer, o.error));
  }

  /** Collects settings; {@link #build()} hands them to the library in order. */
  public static final class Builder {
    private final ToIntFunction<Out> create;
    private final List<Setting> settings = new ArrayList<>();

    private Builder(ToIntFunction<Out> create) {
      this.create = create;
    }

    private Builder add(Setting setting) {
      settings.add(setting);
      return this;
    }

    /** Scheme, host and port to send requests to, e.g. {@code "http://127.0.0.1:8080"}. */
    public Builder baseUrl(String url) {
      return add((c, e) -> LicenseSpringLibrary.ls_config_set_base_url(c, url, e));
    }

    /** Time allowed to connect (TCP and TLS), passed to the library in exact seconds. */
    public Builder connectTimeout(Duration timeout) {
      double seconds = timeout.toNanos() / 1e9;
      return add((c, e) -> LicenseSpringLibrary.ls_config_set_connect_timeout(c, seconds, e));
    }

    /** Total time allowed for one call, passed to the library in exact seconds. */
    public Builder totalTimeout(Duration timeout) {
      double seconds = timeout.toNanos() / 1e9;
      return add((c, e) -> LicenseSpringLibrary.ls_config_set_total_timeout(c, seconds, e));
    }

    /** Sends every request through this proxy instead of the environment's proxies. */
    public Builder proxy(String url) {
      return add((c, e) -> LicenseSpringLibrary.ls_config_set_proxy(c, url, e));
    }

    /** Connects directly, ignoring proxy environment variables. */
    public Builder disableProxy() {
      return add(LicenseSpringLibrary::ls_config_disable_proxy);
    }

    /** Also trusts the PEM certificates in this file (read when the client is created). */
    public Builder addCaFile(Path path) {
      String s = path == null ? null : path.toString();
      return add((c, e) -> LicenseSpringLibrary.ls_config_add_ca_file(c, s, e));
    }

    /** Verifies responses with this RSA public key (PEM) instead of the vendor's. */
    public Builder publicKeyPem(String pem) {
      return add((c, e) -> LicenseSpringLibrary.ls_config_set_public_key_pem(c, pem, e));
    }

    /** Accepts responses without verifying their signature (only for servers that do not sign). */
    public Builder disableSignatureVerification() {
      return add(LicenseSpringLibrary::ls_config_disable_signature_verification);
    }

    /** The {@code app_ver} sent when a request sets none; {@code ""} clears it. */
    public Builder appVersion(String version) {
      return add((c, e) -> LicenseSpringLibrary.ls_config_set_app_version(c, version, e));
    }

    /** Where an OAuth configuration fetches its tokens, e.g. an on-premise identity provider. */
    public Builder tokenUrl(String url) {
      return add((c, e) -> LicenseSpringLibrary.ls_config_set_token_url(c, url, e));
    }

    /**
     * Creates the native configuration.
     *
     * @throws LicenseSpring.InvalidArgumentException if the library refuses a value (the
     *     message names it)
     */
    public Config build() {
      Out out = Out.get();
      out.check(create.applyAsInt(out));
      Config config = new Config(out.received());
      config.applyAll(settings);
      return config;
    }

    /** Builds the configuration, creates a {@link Client} from it, and closes the configuration. */
    public Client buildClient() {
      try (Config config = build()) {
        return Client.create(config);
      }
    }
  }
}
