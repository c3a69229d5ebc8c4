package dev.reprise.dispatch;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * In-process wake-ups between the dispatchers, so a commit in this replica is acted on without waiting for its own
 * NOTIFY to come back.
 */
@ApplicationScoped
public class Wakeups {

    private volatile Runnable orchestrations = () -> { };
    private volatile Runnable activities = () -> { };
    private volatile Runnable entities = () -> { };

    void register(Runnable orchestrations, Runnable activities) {
        this.orchestrations = orchestrations;
        this.activities = activities;
    }

    void registerEntities(Runnable entities) {
        this.entities = entities;
    }

    public void orchestrations() {
        orchestrations.run();
    }

    public void activities() {
        activities.run();
    }

    public void entities() {
        entities.run();
    }

    /** Every dispatcher: the polling fallback and wake-ups whose kind is unknown. */
    public void all() {
        orchestrations.run();
        activities.run();
        entities.run();
    }
}
