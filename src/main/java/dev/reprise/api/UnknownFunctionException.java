package dev.reprise.api;

import java.util.Set;

/** A start request named an orchestrator that is not registered (HTTP 404). */
public class UnknownFunctionException extends RepriseException {

    public UnknownFunctionException(String kind, String name, Set<String> registered) {
        super("No " + kind + " named '" + name + "' is registered; registered " + kind + "s: " + registered
                + ". Names are case-sensitive.");
    }
}
