package dev.reprise.replay;

import dev.reprise.api.TaskOptions;

import java.nio.charset.StandardCharsets;

/** Argument checks of {@link ReplayContext}'s calls that need more than a line, thrown where the code made the call. */
final class CallChecks {

    private CallChecks() {
    }

    /** Timeouts bound activity attempts only; a sub-orchestration is bounded by racing a durable timer. */
    static void noActivityTimeout(String name, TaskOptions options) {
        if (options.hasTimeout()) {
            throw new IllegalArgumentException("Sub-orchestration '" + name + "' was called with an activity "
                    + "timeout; timeouts apply to activities only: race the sub-orchestration's task against a "
                    + "durable timer with anyOf to bound it");
        }
    }

    /** A custom status larger than {@code limit} bytes of JSON is refused, as Durable Functions' 16 KB limit. */
    static void customStatusSize(String json, int limit) {
        int size = json == null ? 0 : json.getBytes(StandardCharsets.UTF_8).length;
        if (size > limit) {
            throw new IllegalArgumentException("custom status is " + size + " bytes of JSON; the limit is " + limit
                    + " bytes. Keep large data in an activity's output or an external store and put a reference in "
                    + "the custom status.");
        }
    }
}
