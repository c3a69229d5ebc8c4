package dev.reprise.query;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One row of an entity query's {@code select}: Hibernate builds it through this constructor, so the columns and the
 * backlog count come back in one round trip. {@code state} is {@code null} when the query did not select it.
 */
@RegisterForReflection
public record EntityLine(String entityId, String lockedBy, Instant lastModifiedAt, Integer stateLength, String state,
                  long backlog) {
}
