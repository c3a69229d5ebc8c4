package dev.reprise.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.json.JacksonPayloadConverter;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.replay.ReplayEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Wires the framework-free core (replay, payload conversion) into CDI. */
@ApplicationScoped
public class EngineBeans {

    @Produces
    @ApplicationScoped
    PayloadConverter payloadConverter(ObjectMapper mapper) {
        return new JacksonPayloadConverter(mapper);
    }

    @Produces
    @ApplicationScoped
    ReplayEngine replayEngine(PayloadConverter converter) {
        return new ReplayEngine(converter);
    }
}
