package dev.reprise.replay;

/**
 * Unwinds orchestrator code that awaits a result history does not hold yet, so the step can be committed and the code
 * replayed later. It is an {@link Error} so an orchestrator's {@code catch (Exception e)} lets it pass; it carries no
 * stack trace because it is thrown on every step.
 */
final class OrchestratorBlocked extends Error {

    static final OrchestratorBlocked INSTANCE = new OrchestratorBlocked();

    private OrchestratorBlocked() {
        super("Orchestrator is waiting for history; do not catch Throwable/Error in orchestrator code", null, false,
                false);
    }
}
