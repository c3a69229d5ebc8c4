package dev.reprise.query;

import io.quarkus.panache.common.Parameters;

/**
 * An HQL condition under construction and its named parameters. Callers append clauses that are constants of their
 * class and pass every value as a parameter: nothing a caller of the query side sends becomes query text.
 */
final class Where {

    final StringBuilder text;
    final Parameters parameters;

    /** Starts with the task hub's clause, e.g. {@code "taskHub = :hub"}, bound to {@code taskHub}. */
    Where(String hubClause, String taskHub) {
        text = new StringBuilder(hubClause);
        parameters = Parameters.with("hub", taskHub);
    }

    Where and(String clause, String parameter, Object value) {
        text.append(" and ").append(clause);
        return with(parameter, value);
    }

    Where with(String parameter, Object value) {
        parameters.and(parameter, value);
        return this;
    }
}
