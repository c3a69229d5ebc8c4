package dev.reprise.samples;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.ArrayList;
import java.util.List;

/**
 * Function chaining, the "Hello World" of Durable Functions: greets each city in turn, one activity after the other.
 * Input: a JSON array of city names (default {@code ["Tokyo","Seattle","London"]}); output: the greetings in order.
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class HelloCities {

    static final List<String> DEFAULT_CITIES = List.of("Tokyo", "Seattle", "London");

    @Produces
    @Orchestrator("HelloCities")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction helloCities() {
        return ctx -> {
            String[] input = ctx.getInput(String[].class);
            List<String> cities = input == null ? DEFAULT_CITIES : List.of(input);
            List<String> greetings = new ArrayList<>(cities.size());
            for (String city : cities) {
                greetings.add(ctx.callActivity("SayHello", city, String.class).await());
            }
            return greetings;
        };
    }

    @Produces
    @Activity("SayHello")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction sayHello() {
        return ctx -> {
            String city = ctx.getInput(String.class);
            if (city == null || city.isBlank()) {
                throw new IllegalArgumentException("SayHello needs a city name");
            }
            return "Hello " + city.strip() + "!";
        };
    }
}
