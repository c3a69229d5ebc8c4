package dev.reprise.dispatch;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * In-process wake-ups between the two dispatchers, so a commit in this replica is acted on without waiting for its
 * own NOTIFY to come back.
 */
@ApplicationScoped
public class Wakeups {

    private volatile Runnable orchestrations = () -> { };
    private volatile Runnable activities = () -> { };

    void register(Runnable orchestrations, Runnable activities) {
        this.orchestrations = orchestrations;
        this.activities = activities;
    }

    public void orchestrations() {
        orchestrations.run();
    }

    public void activities() {
        activities.run();
    }

    /** Both dispatchers: the polling fallback and wake-ups whose kind is unknown. */
    public void all() {
        orchestrations.run();
        activities.run();
    }
}
