package dev.reprise.http;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON body of every error answer.
 *
 * @param error   a stable short name of the problem, e.g. {@code "InstanceNotFound"}
 * @param message what happened and how to fix it
 */
@RegisterForReflection
@Schema(name = "ApiError", description = "The JSON body of every error answer")
public record ApiError(String error, String message) {
}
