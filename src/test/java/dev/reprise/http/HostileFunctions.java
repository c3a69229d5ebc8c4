package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * A function that sends one payload through every place the engine stores data, for {@link HostileInputHttpTest}:
 * input, custom status, an activity's input and result (work items, history), an external event (inbox, history)
 * and the output.
 */
@ApplicationScoped
public class HostileFunctions {

    /**
     * Input {@code {"event": name, "payload": any}}: sets the custom status to the payload, passes it through
     * {@link #ECHO_ACTIVITY}, waits for event {@code name}; output
     * {@code {"payload": ..., "activity": ..., "event": data}}.
     */
    public static final String ROUND_TRIP = "TestHostileRoundTrip";
    /** Returns its input unchanged. */
    public static final String ECHO_ACTIVITY = "TestHostileEcho";

    @Produces
    @Orchestrator(ROUND_TRIP)
    OrchestratorFunction roundTrip() {
        return ctx -> {
            JsonNode input = ctx.getInput(JsonNode.class);
            JsonNode payload = input.get("payload");
            ctx.setCustomStatus(payload);
            JsonNode echoed = ctx.callActivity(ECHO_ACTIVITY, payload, JsonNode.class).await();
            JsonNode data = ctx.waitForExternalEvent(input.get("event").asText(), JsonNode.class).await();
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.set("payload", payload);
            out.set("activity", echoed);
            out.set("event", data);
            return out;
        };
    }

    @Produces
    @Activity(ECHO_ACTIVITY)
    ActivityFunction echo() {
        return ctx -> ctx.getInput(JsonNode.class);
    }
}
