package dev.reprise.api;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers a {@link TaskEntity} bean under an entity name, as Durable Functions' {@code [EntityTrigger]} with
 * {@code [FunctionName]}. Names compare ignoring case (an {@link EntityInstanceId} keeps them lowercased) and are
 * unique within the application; they follow {@link Names#entityName}.
 *
 * <p>The engine asks CDI for an instance of the bean for every batch of operations, and never runs two batches on
 * one instance at once: declare entity classes {@code @Dependent} (a new instance each time, as an
 * {@link AbstractTaskEntity} needs, since it keeps the state in a field) or write a stateless {@code TaskEntity}.
 * Subclasses of {@link AbstractTaskEntity} must also carry {@code @RegisterForReflection}, so their operation
 * methods can be found in the native image; the engine refuses to start without it.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
public @interface Entity {

    /** The entity's name, e.g. {@code "Counter"}. */
    String value();

    /** The qualifier as a value, for programmatic CDI lookup. */
    final class Literal extends AnnotationLiteral<Entity> implements Entity {
        private final String value;

        /** @param value the entity's name */
        public Literal(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }
}
