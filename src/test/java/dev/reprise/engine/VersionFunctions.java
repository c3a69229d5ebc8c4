package dev.reprise.engine;

import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Orchestrators of the versioning tests: what getVersion returns where. */
@ApplicationScoped
public class VersionFunctions {

    /** Continues as new once, then calls {@link #CHILD}; output: "own version|child's version". */
    public static final String PARENT = "TestVersionParent";
    /** Output: its version. */
    public static final String CHILD = "TestVersionChild";

    @Produces
    @Orchestrator(PARENT)
    OrchestratorFunction parent() {
        return ctx -> {
            Integer generation = ctx.getInput(Integer.class);
            if (generation == null) {
                ctx.continueAsNew(1);
                return null;
            }
            return ctx.getVersion() + "|" + ctx.callSubOrchestrator(CHILD, null, String.class).await();
        };
    }

    @Produces
    @Orchestrator(CHILD)
    OrchestratorFunction child() {
        return ctx -> ctx.getVersion();
    }
}
