package dev.reprise.replay;

/**
 * How the engine around the replay core controls the run of orchestrator code in one step: the thread context the
 * code runs in (the step's trace and logging context), and whether the engine has given up on the step (it neither
 * finished nor waited in time), so the code must unwind at its next call to the context.
 */
public interface StepControl {

    /** No context to carry, never abandoned: for tests and tools. */
    StepControl NONE = new StepControl() {
        @Override
        public boolean abandoned() {
            return false;
        }

        @Override
        public Scope enter() {
            return () -> { };
        }
    };

    /** {@code true} once the engine gave up on the step; the code's next call to the context unwinds it. */
    boolean abandoned();

    /**
     * Called on the thread that is about to run the code (a session's own thread, or a replay thread); the scope is
     * closed when the code waits or ends, so the context never leaks to the next step.
     */
    Scope enter();

    /** What {@link #enter()} installed, undone by {@link #close()}. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
