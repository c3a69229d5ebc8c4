package dev.reprise.ops;

import dev.reprise.config.RepriseConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Tracing is off by default: nothing is traced and no context is stored, even for a request that carries a trace. */
@QuarkusTest
class TracingOffTest {

    @Inject
    EngineTracing tracing;

    @Inject
    Pool pool;

    @Inject
    RepriseConfig config;

    @Test
    void byDefault_noContextIsStored() {
        assertThat(tracing.enabled()).isFalse();

        String id = given().contentType(ContentType.JSON).body("[\"Lima\"]")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .post(OpsHttp.ROOT + "/orchestrators/HelloCities").then().statusCode(202)
                .extract().jsonPath().getString("id");
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Completed");

        var row = pool.preparedQuery("SELECT trace_parent FROM reprise_instances WHERE task_hub = $1 "
                        + "AND instance_id = $2").execute(Tuple.of(config.taskHub(), id))
                .await().atMost(Duration.ofSeconds(30)).iterator().next();
        assertThat(row.getString("trace_parent")).isNull();
    }
}
