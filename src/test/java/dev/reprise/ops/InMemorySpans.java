package dev.reprise.ops;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Collects finished spans in memory. Quarkus exports spans to every CDI {@code SpanExporter} bean; this one is an
 * alternative, enabled only by the profiles that turn tracing on ({@link TracingTest.TracingOn}).
 */
@Alternative
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
