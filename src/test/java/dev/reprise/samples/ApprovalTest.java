package dev.reprise.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.awaitStatus;
import static dev.reprise.samples.SampleClient.historyEvents;
import static dev.reprise.samples.SampleClient.parse;
import static dev.reprise.samples.SampleClient.raiseEvent;
import static dev.reprise.samples.SampleClient.scheduledActivities;
import static dev.reprise.samples.SampleClient.start;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ApprovalTest {

    @Test
    void approval_approvedWhileWaiting_returnsApproved() {
        String id = start("Approval", "{\"document\":\"Q3 budget\",\"timeoutSeconds\":300}");
        JsonNode waiting = awaitStatus(id, s -> s.path("customStatus").path("state").asText()
                .equals("AwaitingApproval"), "awaiting approval", null);
        assertThat(waiting.get("customStatus")).isEqualTo(
                parse("{\"state\":\"AwaitingApproval\",\"document\":\"Q3 budget\",\"timeoutSeconds\":300}"));

        raiseEvent(id, "ApprovalEvent", "{\"approved\":true}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("\"Approved\""));
        assertThat(status.get("customStatus")).isEqualTo(
                parse("{\"state\":\"Approved\",\"document\":\"Q3 budget\",\"timeoutSeconds\":300}"));
        assertThat(scheduledActivities(id)).containsExactly("RequestApproval");
        assertThat(historyEvents(id, "EventRaised")).singleElement()
                .satisfies(e -> assertThat(e.path("name").asText()).isEqualTo("ApprovalEvent"));
    }

    @Test
    void approval_rejectedBeforeWaiting_returnsRejected() {
        String id = start("Approval", "{\"document\":\"Q3 budget\",\"timeoutSeconds\":300}");
        // Raised at once, possibly before the orchestration reaches its wait: the event is buffered.
        raiseEvent(id, "ApprovalEvent", "{\"approved\":false}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("\"Rejected\""));
        assertThat(status.get("customStatus").path("state").asText()).isEqualTo("Rejected");
        assertThat(scheduledActivities(id)).containsExactly("RequestApproval");
    }

    @Test
    void approval_noAnswerBeforeTimeout_escalates() {
        String id = start("Approval", "{\"document\":\"Q3 budget\",\"timeoutSeconds\":1}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("\"Escalated\""));
        assertThat(status.get("customStatus")).isEqualTo(
                parse("{\"state\":\"Escalated\",\"document\":\"Q3 budget\",\"timeoutSeconds\":1}"));
        assertThat(scheduledActivities(id)).containsExactly("RequestApproval", "Escalate");
        assertThat(historyEvents(id, "TimerFired")).hasSize(1);
    }

    @Test
    void approval_blankDocument_fails() {
        JsonNode status = awaitFinished(start("Approval", "{\"document\":\"\",\"timeoutSeconds\":60}"));

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText())
                .contains("RequestApproval needs the name of the document to approve");
    }
}
