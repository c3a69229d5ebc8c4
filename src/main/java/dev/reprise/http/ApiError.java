package dev.reprise.http;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON body of every error answer.
 *
 * @param error   a stable short name of the problem, e.g. {@code "InstanceNotFound"}
 * @param message what happened and how to fix it
 */
@RegisterForReflection
public record ApiError(String error, String message) {
}
