package dev.reprise.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.json.JacksonPayloadConverter;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.config.RepriseConfig;
import dev.reprise.replay.ReplayEngine;
import dev.reprise.replay.ReplayLimits;
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
    ReplayEngine replayEngine(PayloadConverter converter, RepriseConfig config) {
        return new ReplayEngine(converter, new ReplayLimits(config.orchestrations().maxActions()));
    }
}
