package dev.reprise.api;

import jakarta.inject.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers an {@link ActivityFunction} or {@link AsyncActivityFunction} bean under a name, as Durable Functions'
 * {@code [ActivityTrigger]} with {@code [FunctionName]}. Names are case-sensitive and unique within the application.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
public @interface Activity {

    /** The activity's name, e.g. {@code "SayHello"}. */
    String value();
}
