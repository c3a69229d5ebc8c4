package dev.reprise.dispatch;

import dev.reprise.api.HistoryEvent;
import dev.reprise.replay.ReplayResult;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.WorkItem;
import io.opentelemetry.context.Scope;

import java.time.Instant;

/**
 * What the dispatchers report about their work, so that metrics and tracing (package {@code ops}, which implements
 * this) can observe the engine without the engine depending on them. One call when a step or an activity execution
 * begins returns the object that records the rest. Every method is cheap and never blocks.
 */
public interface Telemetry {

    /** What a lease was held on, for takeover counts. */
    enum LeaseKind { ORCHESTRATION, ACTIVITY }

    /** An orchestration step of {@code instance} begins. */
    Step startStep(InstanceRecord instance);

    /** An execution (delivery) of {@code item} begins. */
    Activity startActivity(WorkItem item);

    /** A claim took work over from a process whose lease had expired. */
    void leaseTakenOver(LeaseKind kind);

    /**
     * The W3C {@code traceparent} of the caller's current span, to store on an instance it starts; {@code null}
     * without tracing.
     */
    String currentTraceParent();

    /** One orchestration step as it is observed. */
    interface Step {

        /**
         * The W3C {@code traceparent} of the step's span, stored on the work items and sub-orchestrations the step
         * creates; {@code null} without tracing.
         */
        String traceParent();

        /**
         * Makes the step's span current on this thread until the scope is closed: the thread that runs the
         * orchestrator's code, so its log lines carry the step's trace.
         */
        Scope makeCurrent();

        /** The orchestrator's code ran for this step: {@code nanos} from the step's start to its result. */
        void replayed(long nanos);

        /** The step committed: {@code before} is the instance as claimed, {@code now} the step's time. */
        void committed(InstanceRecord before, ReplayResult result, Instant now);

        /** The step is over, committed or not ({@code failure} is why not, or {@code null}). */
        void end(Throwable failure);
    }

    /** One execution (delivery) of an activity as it is observed. */
    interface Activity {

        /** Makes the execution's span current on this thread until the scope is closed. */
        Scope makeCurrent();

        /** The activity produced {@code outcome} (TaskCompleted or TaskFailed), before it is committed. */
        void finished(HistoryEvent outcome);

        /** The execution is over, its outcome recorded or not ({@code failure} is why not, or {@code null}). */
        void end(Throwable failure);
    }
}
