package dev.reprise.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Why a task or an orchestration failed, as Durable Task's {@code FailureDetails}.
 *
 * @param errorType    fully qualified class name of the original exception
 * @param errorMessage the original exception's message (may be {@code null})
 * @param stackTrace   the original stack trace as text (may be {@code null})
 * @param nonRetriable {@code true} when retrying cannot help (unknown function, bad input)
 * @param innerFailure the cause's details, or {@code null}
 */
@RegisterForReflection
public record FailureDetails(String errorType, String errorMessage, String stackTrace, boolean nonRetriable,
                             FailureDetails innerFailure) {

    /** Largest stack trace kept in history, in characters; deeper frames say nothing new and cost storage. */
    private static final int MAX_STACK_TRACE_CHARS = 8 * 1024;

    /** Builds details from a thrown exception; the cause chain becomes {@link #innerFailure()}. */
    public static FailureDetails from(Throwable t) {
        return from(t, false);
    }

    /** Builds details from a thrown exception, marking whether a retry could help. */
    public static FailureDetails from(Throwable t, boolean nonRetriable) {
        if (t instanceof TaskFailedException tfe && tfe.getFailureDetails() != null) {
            FailureDetails inner = tfe.getFailureDetails();
            return new FailureDetails(t.getClass().getName(), t.getMessage(), stackTraceOf(t), nonRetriable, inner);
        }
        FailureDetails inner = t.getCause() != null && t.getCause() != t ? from(t.getCause(), false) : null;
        return new FailureDetails(t.getClass().getName(), t.getMessage(), stackTraceOf(t), nonRetriable, inner);
    }

    /** Details for a failure that has no Java exception behind it. */
    public static FailureDetails of(String errorType, String errorMessage, boolean nonRetriable) {
        return new FailureDetails(errorType, errorMessage, null, nonRetriable, null);
    }

    /** {@code true} when this failure, or one of its inner failures, has the given error type. */
    public boolean isCausedBy(Class<? extends Throwable> type) {
        for (FailureDetails f = this; f != null; f = f.innerFailure()) {
            if (type.getName().equals(f.errorType())) {
                return true;
            }
        }
        return false;
    }

    private static String stackTraceOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        String text = out.toString();
        return text.length() > MAX_STACK_TRACE_CHARS ? text.substring(0, MAX_STACK_TRACE_CHARS) : text;
    }
}
