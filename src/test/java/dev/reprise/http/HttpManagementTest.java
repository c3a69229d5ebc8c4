package dev.reprise.http;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The management URLs and the check-status response that user endpoints build with {@link HttpManagement}. */
@QuarkusTest
class HttpManagementTest {

    @Inject
    HttpManagement management;

    /**
     * The URLs as Durable Functions' HttpApiHandler.GetClientResponseLinks builds them: each carries
     * {@code taskHub=...&connection=...}, after the route's own {@code reason={text}} where it has one.
     */
    @Test
    void payload_baseUriWithOrWithoutSlash_buildsTheSameUrlsCarryingTaskHubAndConnection() {
        HttpManagementPayload a = management.payload(URI.create("http://example.test:8080/"), "id 1");
        HttpManagementPayload b = management.payload(URI.create("http://example.test:8080"), "id 1");
        String instance = "http://example.test:8080/runtime/webhooks/durabletask/instances/id%201";
        String hub = HttpApi.hubQuery();

        assertThat(a).isEqualTo(b);
        assertThat(a.id()).isEqualTo("id 1");
        assertThat(a.statusQueryGetUri()).isEqualTo(instance + "?" + hub);
        assertThat(a.sendEventPostUri()).isEqualTo(instance + "/raiseEvent/{eventName}?" + hub);
        assertThat(a.terminatePostUri()).isEqualTo(instance + "/terminate?reason={text}&" + hub);
        assertThat(a.rewindPostUri()).isEqualTo(instance + "/rewind?reason={text}&" + hub);
        assertThat(a.purgeHistoryDeleteUri()).isEqualTo(a.statusQueryGetUri());
        assertThat(a.restartPostUri()).isEqualTo(instance + "/restart?" + hub);
        assertThat(a.suspendPostUri()).isEqualTo(instance + "/suspend?reason={text}&" + hub);
        assertThat(a.resumePostUri()).isEqualTo(instance + "/resume?reason={text}&" + hub);
    }

    @Test
    void checkStatusResponse_returns202WithLocationRetryAfterAndPayload() {
        URI base = URI.create("http://example.test:8080/");
        String id = "client-check-status";

        try (Response r = management.checkStatusResponse(base, id)) {
            assertThat(r.getStatus()).isEqualTo(202);
            HttpManagementPayload payload = (HttpManagementPayload) r.getEntity();
            assertThat(payload).isEqualTo(management.payload(base, id));
            assertThat(payload.id()).isEqualTo(id);
            assertThat(r.getHeaderString("Location")).isEqualTo(payload.statusQueryGetUri());
            assertThat(r.getHeaderString("Retry-After")).isNotBlank().containsOnlyDigits();
        }
    }
}
