package dev.reprise.replay;

import dev.reprise.api.OrchestrationContext;
import org.jboss.logging.Logger;

/**
 * A logger that drops messages while the orchestration replays, so each message appears once per actual step.
 */
final class ReplaySafeLogger extends Logger {

    private final Logger delegate;
    private final OrchestrationContext context;

    ReplaySafeLogger(Logger delegate, OrchestrationContext context) {
        super(delegate.getName());
        this.delegate = delegate;
        this.context = context;
    }

    @Override
    public boolean isEnabled(Level level) {
        return !context.isReplaying() && delegate.isEnabled(level);
    }

    @Override
    protected void doLog(Level level, String loggerClassName, Object message, Object[] parameters,
                         Throwable thrown) {
        if (!context.isReplaying()) {
            delegate.log(loggerClassName, level, message, parameters, thrown);
        }
    }

    @Override
    protected void doLogf(Level level, String loggerClassName, String format, Object[] parameters,
                          Throwable thrown) {
        if (!context.isReplaying()) {
            delegate.logf(loggerClassName, level, thrown, format, parameters);
        }
    }
}
