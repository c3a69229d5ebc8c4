package dev.reprise.dashboard;

import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

/**
 * Sign-in with the API key ({@code reprise.http.api-key}) and sign-out. The key is checked once; the browser then
 * holds a session cookie ({@link SignInKeys}), HttpOnly and SameSite=Strict, so no script can read it and no other
 * site's page can send it. Without a key there is nothing to sign in to.
 */
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    private final SignInKeys keys;
    private final DashboardAccess access;
    private final Pages pages;

    SignInResource(SignInKeys keys, DashboardAccess access, Pages pages) {
        this.keys = keys;
        this.access = access;
        this.pages = pages;
    }

    @GET
    @Path(DashboardAccess.SIGN_IN)
    public RestResponse<TemplateInstance> form(RoutingContext rc) {
        if (!keys.required()) {
            return RestResponse.seeOther(URI.create(pages.base() + Section.INSTANCES.path));
        }
        return RestResponse.ok(Views.signIn(pages.page(rc, null, "Sign in")));
    }

    /** A right key sets the session cookie and opens the instance list; a wrong one answers 401 and sets nothing. */
    @POST
    @Path(DashboardAccess.SIGN_IN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<TemplateInstance> signIn(@RestForm String key, RoutingContext rc) {
        if (!keys.isKey(key)) {
            return RestResponse.status(RestResponse.Status.UNAUTHORIZED, Views.flash(keys.required()
                    ? "That is not the API key (reprise.http.api-key)." : "This dashboard needs no key."));
        }
        rc.response().addCookie(access.cookie(rc, DashboardAccess.SESSION_COOKIE, keys.newSession(),
                keys.sessionDuration().toSeconds()));
        return RestResponse.ResponseBuilder.<TemplateInstance>noContent()
                .header("HX-Redirect", pages.base() + Section.INSTANCES.path).build();
    }

    @POST
    @Path("sign-out")
    public RestResponse<TemplateInstance> signOut(RoutingContext rc) {
        rc.response().addCookie(access.cookie(rc, DashboardAccess.SESSION_COOKIE, "", 0));
        return RestResponse.ResponseBuilder.<TemplateInstance>noContent()
                .header("HX-Redirect", pages.base() + DashboardAccess.SIGN_IN).build();
    }
}
