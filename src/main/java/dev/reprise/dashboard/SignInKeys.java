package dev.reprise.dashboard;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may use the dashboard. With {@code reprise.http.api-key} set, a browser signs in once with that key and then
 * holds a session cookie: {@code <expiry>.<HMAC-SHA256 of the expiry under the key>}. The cookie is not the key (it
 * opens the dashboard only, and only until it expires), any replica with the same key accepts it, and changing the
 * key ends every session. Without a key the dashboard is open, as the management API is.
 */
@ApplicationScoped
class SignInKeys {

    private static final String SESSION_PURPOSE = "reprise-dashboard-session|";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Duration sessionDuration;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SignInKeys(@ConfigProperty(name = "reprise.http.api-key") Optional<String> apiKey, DashboardConfig config,
               Clock clock) {
        this.key = apiKey.filter(k -> !k.isEmpty()).map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.sessionDuration = config.sessionDuration();
        this.clock = clock;
    }

    /** Whether a sign-in is needed. */
    boolean required() {
        return key != null;
    }

    /** Whether {@code candidate} is the API key; the time taken depends on neither key's length nor content. */
    boolean isKey(String candidate) {
        return key != null && candidate != null
                && MessageDigest.isEqual(sha256(candidate.getBytes(StandardCharsets.UTF_8)), sha256(key));
    }

    /** A new session cookie value, valid for {@code reprise.dashboard.session-duration}. */
    String newSession() {
        long expires = clock.instant().plus(sessionDuration).getEpochSecond();
        return expires + "." + mac(expires);
    }

    /** How long a new session lasts, for the cookie's {@code Max-Age}. */
    Duration sessionDuration() {
        return sessionDuration;
    }

    /** Whether {@code value} is a session this key issued and that has not expired. */
    boolean isSession(String value) {
        if (key == null || value == null) {
            return false;
        }
        int dot = value.indexOf('.');
        long expires;
        try {
            expires = Long.parseLong(value.substring(0, Math.max(dot, 0)));
        } catch (NumberFormatException e) {
            return false;
        }
        return expires > clock.instant().getEpochSecond() && MessageDigest.isEqual(
                mac(expires).getBytes(StandardCharsets.US_ASCII),
                value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** A random token for the cross-site request check: 256 bits, URL-safe. */
    String newCsrfToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private String mac(long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal((SESSION_PURPOSE + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
