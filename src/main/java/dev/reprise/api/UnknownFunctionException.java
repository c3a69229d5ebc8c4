package dev.reprise.api;

import java.util.Set;

/**
 * A start named an orchestrator that is not registered in this application (HTTP 400 {@code OrchestratorNotFound}),
 * or a signal named an entity that is not ({@code EntityNotFound} over HTTP). An unknown activity, an unknown
 * orchestrator started as a sub-orchestration, or an entity called by an orchestration fails its task instead.
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

    private UnknownFunctionException(String message) {
        super(message);
    }

    /**
     * No entity function is registered under {@code name}; the message lists the registered ones. Entity names
     * match ignoring case.
     */
    public static UnknownFunctionException entity(String name, Set<String> registered) {
        return new UnknownFunctionException("No entity named '" + name + "' is registered; registered entities: "
                + registered + ". Entity names match ignoring case.");
    }
}
