package dev.reprise.dashboard;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards every request under {@code /dashboard} before it is routed:
 * <ul>
 * <li>security headers: a Content-Security-Policy that allows this origin's scripts and styles only (no inline
 * script, no framing), {@code nosniff}, no caching;</li>
 * <li>cross-site requests: a random token in an HttpOnly, SameSite=Strict cookie, which the page repeats in the
 * {@value #CSRF_HEADER} header of every state-changing request (htmx sends it); a POST without the matching header
 * answers 403 and changes nothing;</li>
 * <li>with {@code reprise.http.api-key} set, the session cookie of a sign-in ({@link SignInKeys}): without it a page
 * redirects to the sign-in form and anything else answers 401.</li>
 * </ul>
 */
@ApplicationScoped
public class DashboardAccess {

    static final String SESSION_COOKIE = "reprise-dashboard-session";
    static final String CSRF_COOKIE = "reprise-dashboard-csrf";
    static final String CSRF_HEADER = "X-Reprise-CSRF";
    /** Where the filter leaves the request's CSRF token for the page to embed. */
    static final String CSRF_TOKEN = "reprise.dashboard.csrf";
    static final String SIGN_IN = "sign-in";
    private static final String ASSETS = "assets/";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'self'; frame-ancestors 'none'";
    /** Runs after the API key filter (2000); both leave each other's paths alone. */
    private static final int PRIORITY = 1900;

    private final Paths paths;
    private final SignInKeys keys;
    private final DashboardConfig config;

    DashboardAccess(Paths paths, SignInKeys keys, DashboardConfig config) {
        this.paths = paths;
        this.keys = keys;
        this.config = config;
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, PRIORITY);
    }

    private void guard(RoutingContext rc) {
        String path = rc.normalizedPath() != null ? rc.normalizedPath() : rc.request().path();
        if (!paths.isDashboard(path)) {
            rc.next();
            return;
        }
        HttpServerResponse response = rc.response();
        if (!config.enabled()) {
            response.setStatusCode(404).end();
            return;
        }
        response.putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin").putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String relative = path.substring(Math.min(path.length(), paths.base().length()));
        if (relative.startsWith(ASSETS)) {
            rc.next();
            return;
        }
        String csrf = cookie(rc, CSRF_COOKIE);
        if (csrf == null) {
            csrf = keys.newCsrfToken();
            response.addCookie(cookie(rc, CSRF_COOKIE, csrf, -1));
        }
        rc.put(CSRF_TOKEN, csrf);
        HttpMethod method = rc.request().method();
        boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (!reads && !sameToken(csrf, rc.request().getHeader(CSRF_HEADER))) {
            refuse(rc, 403, "Forbidden", "This request did not come from a dashboard page (its " + CSRF_HEADER
                    + " header is missing or stale). Reload the page and try again.");
            return;
        }
        if (keys.required() && !relative.equals(SIGN_IN) && !keys.isSession(cookie(rc, SESSION_COOKIE))) {
            String signIn = paths.base() + SIGN_IN;
            if (reads && rc.request().getHeader("HX-Request") == null) {
                response.setStatusCode(303).putHeader(HttpHeaders.LOCATION, signIn).end();
            } else {
                response.putHeader("HX-Redirect", signIn);
                refuse(rc, 401, "Unauthorized", "Sign in to the dashboard with the API key first.");
            }
            return;
        }
        rc.next();
    }

    /** The session or CSRF cookie as the dashboard sets it: HttpOnly, SameSite=Strict, for the dashboard only. */
    Cookie cookie(RoutingContext rc, String name, String value, long maxAgeSeconds) {
        String forwarded = rc.request().getHeader("X-Forwarded-Proto");
        Cookie cookie = Cookie.cookie(name, value).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setPath(paths.base().substring(0, paths.base().length() - 1))
                .setSecure(rc.request().isSSL() || "https".equalsIgnoreCase(forwarded));
        if (maxAgeSeconds >= 0) {
            cookie.setMaxAge(maxAgeSeconds);
        }
        return cookie;
    }

    private static String cookie(RoutingContext rc, String name) {
        Cookie cookie = rc.request().getCookie(name);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    private static boolean sameToken(String expected, String sent) {
        return sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(RoutingContext rc, int status, String error, String message) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }
}
