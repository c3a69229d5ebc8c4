package dev.reprise.replay;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;

import java.util.List;

/**
 * The outcome of one orchestration step.
 *
 * @param newHistory      events to append after the past history, in order (the new events, then one event per new
 *                        action, then OrchestratorCompleted)
 * @param actions         what the engine must do durably in the same commit
 * @param status          Running, Suspended, or the terminal status the step reached
 * @param output          the output JSON when Completed; the next input when ContinuedAsNew
 * @param failure         why it failed when Failed
 * @param customStatus    the custom status JSON after this step (only meaningful when {@code customStatusSet})
 * @param customStatusSet whether the code set a custom status during this replay
 */
public record ReplayResult(List<HistoryEvent> newHistory, List<OrchestratorAction> actions,
                           OrchestrationRuntimeStatus status, String output, FailureDetails failure,
                           String customStatus, boolean customStatusSet) {
}
