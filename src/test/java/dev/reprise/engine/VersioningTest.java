package dev.reprise.engine;

import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Orchestration versions recorded at the start, inherited by sub-orchestrations and continue-as-new. */
@QuarkusTest
class VersioningTest extends ClientSteps {

    private static final String ROOT = "/runtime/webhooks/durabletask";

    @Test
    void version_givenAtStart_isSeenAfterContinueAsNewAndByTheSubOrchestration() {
        String id = Eventually.uniqueId("version-given");
        await(client.scheduleNewOrchestration(VersionFunctions.PARENT, null,
                NewOrchestrationOptions.withInstanceId(id).withVersion("2.1")));

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("2.1|2.1");
        assertThat(done.getVersion()).isEqualTo("2.1");
    }

    @Test
    void version_notGiven_isTheProcessDefaultOrEmpty() {
        String id = start(VersionFunctions.PARENT, null, "version-default");

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(String.class)).isEqualTo("|");
        assertThat(done.getVersion()).isEmpty();
    }

    @Test
    void httpStart_withVersion_recordsItAndTheStatusShowsIt() {
        String id = Eventually.uniqueId("version-http");

        Response r = given().contentType(ContentType.JSON).queryParam("version", "3.0")
                .post(ROOT + "/orchestrators/{name}/{id}", VersionFunctions.CHILD, id);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(complete(id).readOutputAs(String.class)).isEqualTo("3.0");
        Response status = given().get(ROOT + "/instances/{id}", id);
        assertThat(status.jsonPath().getString("version")).isEqualTo("3.0");
    }

    @Test
    void httpStart_withControlCharacterInVersion_answers400AndStartsNothing() {
        String id = Eventually.uniqueId("version-bad");

        Response r = given().contentType(ContentType.JSON).queryParam("version", "1\t0")
                .post(ROOT + "/orchestrators/{name}/{id}", VersionFunctions.CHILD, id);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("message")).contains("version");
        assertThat(given().get(ROOT + "/instances/{id}", id).statusCode()).isEqualTo(404);
    }
}
