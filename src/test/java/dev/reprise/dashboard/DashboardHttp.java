package dev.reprise.dashboard;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A browser's view of the dashboard for the HTTP tests: its cookies, and the CSRF token its pages carry. */
final class DashboardHttp {

    static final String BASE = "/dashboard/";
    static final String MANAGEMENT = "/runtime/webhooks/durabletask";

    final Map<String, String> cookies = new HashMap<>();
    String csrf;

    /** Opens a page (a GET, redirects not followed), keeping the cookies it sets; {@code path} is sent as it is. */
    Response get(String path) {
        return keep(request().urlEncodingEnabled(false).get(BASE + path));
    }

    /** A form POST as the page's htmx sends it: with the CSRF header and the cookies. */
    Response post(String path, Map<String, ?> form) {
        return keep(request().header(DashboardAccess.CSRF_HEADER, csrf).header("HX-Request", "true")
                .contentType(ContentType.URLENC).formParams(form).post(BASE + path));
    }

    RequestSpecification request() {
        return given().redirects().follow(false).cookies(cookies);
    }

    /** Opens the instance list once, so the CSRF cookie is set and known. */
    DashboardHttp open() {
        Response r = get("instances");
        assertThat(csrf).as("the CSRF token of %s", r.statusLine()).isNotBlank();
        return this;
    }

    private Response keep(Response r) {
        r.getDetailedCookies().forEach(c -> {
            if (c.getMaxAge() == 0) {
                cookies.remove(c.getName());
            } else {
                cookies.put(c.getName(), c.getValue());
            }
        });
        if (cookies.containsKey(DashboardAccess.CSRF_COOKIE)) {
            csrf = cookies.get(DashboardAccess.CSRF_COOKIE);
        }
        return r;
    }
}
