package io.licensespring.nativeclient;

import com.sun.jna.Pointer;
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

  /**
   * Collects settings (one setter per library setting, e.g. {@code baseUrl}, {@code
   * totalTimeout}, {@code publicKeyPem}); {@link #build()} hands them to the library in order.
   */
  public static final class Builder extends LicenseSpring.ConfigSettings<Builder> {
    private final ToIntFunction<Out> create;
    private final List<Setting> settings = new ArrayList<>();

    private Builder(ToIntFunction<Out> create) {
      this.create = create;
    }

    @Override
    Builder add(Setting setting) {
      settings.add(setting);
      return this;
    }

    /**
     * Creates the native configuration.
     *
     * @throws LicenseSpring.InvalidArgumentException if the library refuses a value (the
     *     message names it)
     */
    public Config build() {
      Config config = new Config(invoke(new NativeObject[0], (p, o) -> create.applyAsInt(o), Out::received));
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
