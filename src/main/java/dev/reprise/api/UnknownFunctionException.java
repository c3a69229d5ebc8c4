package dev.reprise.api;

import java.util.Set;

/**
 * A start named an orchestrator that is not registered in this application (HTTP 404 {@code OrchestratorNotFound}).
 * An unknown activity, or an unknown orchestrator started as a sub-orchestration, fails its task instead.
 */
public class UnknownFunctionException extends RepriseException {

    /**
     * The message names the function and lists the registered ones; names are case-sensitive.
     *
     * @param kind       what was looked up, e.g. {@code "orchestrator"}
     * @param name       the name asked for
     * @param registered the registered names of that kind
     */
    public UnknownFunctionException(String kind, String name, Set<String> registered) {
        super("No " + kind + " named '" + name + "' is registered; registered " + kind + "s: " + registered
                + ". Names are case-sensitive.");
    }
}
