package dev.reprise.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The dashboard's Qute templates ({@code src/main/resources/templates/dashboard}), checked at build time against the
 * types they are given. Templates are HTML, so Qute escapes every value it writes; none is written raw. A
 * {@code name$fragment} method renders only that fragment, for htmx's partial updates.
 */
@CheckedTemplate(basePath = "dashboard")
final class Views {

    private Views() {
    }

    static native TemplateInstance instances(Page page, InstanceListResource.ListView view);

    static native TemplateInstance instances$results(Page page, InstanceListResource.ListView view);

    static native TemplateInstance instance(Page page, InstanceResource.InstanceView view);

    static native TemplateInstance instance$detail(Page page, InstanceResource.InstanceView view);

    static native TemplateInstance entities(Page page, EntityListResource.EntityListView view);

    static native TemplateInstance entities$results(Page page, EntityListResource.EntityListView view);

    static native TemplateInstance entity(Page page, EntityResource.EntityView view);

    static native TemplateInstance entity$detail(Page page, EntityResource.EntityView view);

    static native TemplateInstance engine(Page page, EngineResource.EngineView view);

    static native TemplateInstance engine$figures(Page page, EngineResource.EngineView view);

    static native TemplateInstance signIn(Page page);

    static native TemplateInstance message(Page page, String heading, String message);

    static native TemplateInstance flash(String message);
}
