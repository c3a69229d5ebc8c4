package dev.reprise.query;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs query-side work in a Hibernate Reactive session of its own. Hibernate Reactive works only on a Vert.x
 * context that Quarkus flagged safe (a duplicated context no one else uses), but queries come from anywhere: an HTTP
 * request, a test thread, an activity on a worker thread. So each query gets a new duplicated context (on the
 * caller's event loop when it has one), its own session there, closed when the query ends.
 */
@ApplicationScoped
class QuerySessions {

    private final Vertx vertx;

    QuerySessions(Vertx vertx) {
        this.vertx = vertx;
    }

    <T> Uni<T> withSession(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context caller = Vertx.currentContext();
            Context context = VertxContext.createNewDuplicatedContext(caller != null ? caller
                    : vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                try {
                    Panache.withSession(work).subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }
}
