package dev.reprise.http;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The management URLs of one instance, the body of a check-status response, as Durable Functions'
 * {@code HttpManagementPayload}.
 */
@RegisterForReflection
public record HttpManagementPayload(String id, String statusQueryGetUri, String sendEventPostUri,
                                    String terminatePostUri, String rewindPostUri, String purgeHistoryDeleteUri,
                                    String restartPostUri,
                                    String suspendPostUri, String resumePostUri) {
}
