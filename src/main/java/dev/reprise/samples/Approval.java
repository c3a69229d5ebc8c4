package dev.reprise.samples;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.TaskCanceledException;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;

/**
 * Human interaction: asks for an approval, waits for a person's answer as an external event with a durable timeout,
 * and escalates when nobody answers in time.
 *
 * <h2>Contract</h2>
 * Input ({@link ApprovalRequest}): {@code {"document": "Q3 budget", "timeoutSeconds": T}} ({@code timeoutSeconds}
 * defaults to 86400, one day; it must be positive). Steps:
 * <ol>
 *   <li>activity {@code RequestApproval} writes the request (a blank document fails it, and so the instance);</li>
 *   <li>custom status becomes {@code {"state": "AwaitingApproval", "document": "...", "timeoutSeconds": T}};</li>
 *   <li>waits up to T seconds for external event {@code ApprovalEvent} with data {@code {"approved": true|false}},
 *       raised by {@code POST /runtime/webhooks/durabletask/instances/{id}/raiseEvent/ApprovalEvent}. An event
 *       raised before the wait starts is buffered, not lost.</li>
 * </ol>
 * Output: the JSON string {@code "Approved"} when the event says {@code "approved": true}, {@code "Rejected"} for any
 * other event data (including {@code false} or none), or {@code "Escalated"} when no event arrived within T seconds,
 * after activity {@code Escalate} ran. The custom status's {@code state} then holds the same outcome.
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class Approval {

    static final String EVENT = "ApprovalEvent";
    static final int DEFAULT_TIMEOUT_SECONDS = 24 * 60 * 60;

    /** The orchestration's input. */
    @RegisterForReflection
    public record ApprovalRequest(String document, Integer timeoutSeconds) {
    }

    /** The data of an ApprovalEvent. */
    @RegisterForReflection
    public record ApprovalResponse(boolean approved) {
    }

    /** The custom status: {@code AwaitingApproval} while waiting, then the outcome. */
    @RegisterForReflection
    public record ApprovalStatus(String state, String document, int timeoutSeconds) {
    }

    @Produces
    @Orchestrator("Approval")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction approval() {
        return ctx -> {
            ApprovalRequest request = ctx.getInput(ApprovalRequest.class);
            if (request == null) {
                throw new IllegalArgumentException("Approval needs an input such as "
                        + "{\"document\": \"Q3 budget\", \"timeoutSeconds\": 3600}");
            }
            int timeout = request.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : request.timeoutSeconds();
            if (timeout < 1) {
                throw new IllegalArgumentException("timeoutSeconds must be positive, was " + timeout);
            }
            ctx.callActivity("RequestApproval", request.document(), String.class).await();
            ctx.setCustomStatus(new ApprovalStatus("AwaitingApproval", request.document(), timeout));
            String outcome;
            try {
                ApprovalResponse response = ctx.waitForExternalEvent(EVENT, Duration.ofSeconds(timeout),
                        ApprovalResponse.class).await();
                outcome = response != null && response.approved() ? "Approved" : "Rejected";
            } catch (TaskCanceledException timedOut) {
                ctx.callActivity("Escalate", request.document(), String.class).await();
                outcome = "Escalated";
            }
            ctx.setCustomStatus(new ApprovalStatus(outcome, request.document(), timeout));
            return outcome;
        };
    }

    @Produces
    @Activity("RequestApproval")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction requestApproval() {
        return ctx -> "Approval requested for '" + document(ctx.getInput(String.class), "RequestApproval")
                + "' (instance " + ctx.getInstanceId() + ")";
    }

    @Produces
    @Activity("Escalate")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction escalate() {
        return ctx -> "Escalated '" + document(ctx.getInput(String.class), "Escalate")
                + "' to a manager: no answer in time (instance " + ctx.getInstanceId() + ")";
    }

    private static String document(String document, String activity) {
        if (document == null || document.isBlank()) {
            throw new IllegalArgumentException(activity + " needs the name of the document to approve");
        }
        return document.strip();
    }
}
