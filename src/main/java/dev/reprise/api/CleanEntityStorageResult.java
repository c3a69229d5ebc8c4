package dev.reprise.api;

/**
 * What {@link DurableClient#cleanEntityStorage} repaired, as durabletask-java's {@code CleanEntityStorageResult}.
 *
 * @param emptyEntitiesRemoved  entities without state, lock or waiting operations whose rows were deleted
 * @param orphanedLocksReleased locks held by orchestrations that no longer run (finished, purged, or continued as
 *                              new) to which a release was sent
 */
public record CleanEntityStorageResult(int emptyEntitiesRemoved, int orphanedLocksReleased) {
}
