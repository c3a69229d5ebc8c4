package dev.reprise.dispatch;

import dev.reprise.replay.StepControl;
import dev.reprise.store.InstanceRecord;
import org.jboss.logging.MDC;

import java.time.Instant;

/**
 * The control of one step's orchestrator code: on whichever thread runs it (a session's own, or a code thread) it
 * installs the step's trace (its span) and logging context (MDC {@code reprise.instance.id},
 * {@code reprise.orchestration.name}), and it records the thread, so the watchdog can abandon and interrupt code that
 * neither finishes nor waits in time.
 */
final class CodeControl implements StepControl {

    static final String MDC_INSTANCE = "reprise.instance.id";
    static final String MDC_ORCHESTRATION = "reprise.orchestration.name";

    private final InstanceRecord instance;
    private final Telemetry.Step observed;
    private final Instant started;
    private volatile boolean abandoned;
    private volatile Thread thread;

    CodeControl(InstanceRecord instance, Telemetry.Step observed, Instant started) {
        this.instance = instance;
        this.observed = observed;
        this.started = started;
    }

    @Override
    public boolean abandoned() {
        return abandoned;
    }

    @Override
    public StepControl.Scope enter() {
        thread = Thread.currentThread();
        io.opentelemetry.context.Scope span = observed.makeCurrent();
        Object previousInstance = MDC.put(MDC_INSTANCE, instance.instanceId());
        Object previousName = MDC.put(MDC_ORCHESTRATION, instance.name());
        return () -> {
            restore(MDC_INSTANCE, previousInstance);
            restore(MDC_ORCHESTRATION, previousName);
            span.close();
            thread = null;
        };
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }

    InstanceRecord instance() {
        return instance;
    }

    Instant started() {
        return started;
    }

    /** Where the code's thread is now; empty when no thread runs it. */
    StackTraceElement[] where() {
        Thread running = thread;
        return running == null ? new StackTraceElement[0] : running.getStackTrace();
    }

    /** Gives up on the code: its next call to the context unwinds it; a blocking call in it is interrupted. */
    void abandon() {
        abandoned = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }
}
