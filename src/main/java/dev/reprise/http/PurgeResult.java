package dev.reprise.http;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a purge.
 *
 * @param instancesDeleted how many instances were deleted, with their history and messages
 */
@RegisterForReflection
public record PurgeResult(int instancesDeleted) {
}
