package dev.reprise.samples;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.reprise.samples.SampleClient.parse;
import static dev.reprise.samples.SampleClient.runToCompletion;
import static dev.reprise.samples.SampleClient.scheduledActivities;
import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.start;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class HelloCitiesTest {

    @Test
    void helloCities_noInput_greetsDefaultCitiesInOrder() {
        assertThat(runToCompletion("HelloCities", null))
                .isEqualTo(parse("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]"));
    }

    @Test
    void helloCities_customCities_greetsEachInOrder() {
        String id = start("HelloCities", "[\"Paris\", \" Rome \", \"Oslo\"]");
        assertThat(awaitFinished(id).get("output"))
                .isEqualTo(parse("[\"Hello Paris!\",\"Hello Rome!\",\"Hello Oslo!\"]"));
        assertThat(scheduledActivities(id)).containsExactly("SayHello", "SayHello", "SayHello");
    }
}
