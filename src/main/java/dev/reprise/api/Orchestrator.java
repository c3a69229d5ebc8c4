package dev.reprise.api;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers an {@link OrchestratorFunction} bean under a name, as Durable Functions' {@code [OrchestrationTrigger]}
 * with {@code [FunctionName]}. Names are case-sensitive and unique within the application.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
public @interface Orchestrator {

    /** The orchestrator's name, e.g. {@code "HelloCities"}. */
    String value();

    /**
     * The qualifier as a value, for programmatic CDI lookup, e.g.
     * {@code CDI.current().select(OrchestratorFunction.class, new Orchestrator.Literal("HelloCities"))}.
     */
    final class Literal extends AnnotationLiteral<Orchestrator> implements Orchestrator {
        private final String value;

        /** @param value the orchestrator's name */
        public Literal(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }
}
