package dev.reprise.engine;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.HistoryEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;

/** The client steps engine tests share: start with a unique ID, wait for the end, read history. */
abstract class ClientSteps {

    static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    DurableClient client;

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(AWAIT);
    }

    String start(String name, Object input, String prefix) {
        String id = Eventually.uniqueId(prefix);
        await(client.scheduleNewOrchestration(name, input, NewOrchestrationOptions.withInstanceId(id)));
        return id;
    }

    OrchestrationMetadata complete(String id) {
        return await(client.waitForInstanceCompletion(id, AWAIT));
    }

    List<HistoryEvent> history(String id) {
        return await(client.getInstanceHistory(id));
    }

    List<String> historyTypes(String id) {
        return history(id).stream().map(HistoryEvent::eventType).toList();
    }
}
