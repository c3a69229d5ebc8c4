package dev.reprise.config;

import dev.reprise.api.VersionFailureStrategy;
import dev.reprise.api.VersionMatchStrategy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import io.quarkus.runtime.configuration.MemorySize;

import java.time.Duration;
import java.util.Optional;

/**
 * Every {@code reprise.*} setting, with its default. Durations take ISO-8601 ({@code PT30S}) or the short form
 * ({@code 30s}, {@code 500ms}).
 */
@ConfigMapping(prefix = "reprise")
public interface RepriseConfig {

    /**
     * The task hub: the namespace of instances, history and queues in the database, as Durable Functions' task hub.
     * Apps sharing a database with different hubs never see each other's work.
     */
    @WithDefault("default")
    String taskHub();

    /** Where the durable store lives. */
    Datasource datasource();

    /** Orchestration step dispatch. */
    Orchestrations orchestrations();

    /** Activity work item dispatch. */
    Activities activities();

    /** Durable entity dispatch. */
    Entities entities();

    /**
     * How often the dispatchers look for due work when no LISTEN/NOTIFY wake-up arrived: the fallback that bounds how
     * late a durable timer or a message from another replica is picked up. At least 1s (quarkus-scheduler's
     * resolution); LISTEN/NOTIFY and the due-timer wake-up make the common case much faster.
     */
    @WithDefault("1s")
    Duration pollingInterval();

    /**
     * On shutdown (SIGTERM), how long steps and activities already running may take to finish and commit; claiming
     * stops at once.
     */
    @WithDefault("10s")
    Duration shutdownGracePeriod();

    /** The scale-to-zero wake-up endpoint ({@code POST /runtime/webhooks/durabletask/tick}). */
    Tick tick();

    /**
     * Apply the schema migrations and exit without starting the engine: the mode of the Kubernetes migration Job,
     * so service pods start without migrating.
     */
    @WithDefault("false")
    boolean migrateAndExit();

    /** The sample orchestrations. */
    Samples samples();

    /** Reprise's own metrics (at /q/metrics). */
    Metrics metrics();

    /** Upkeep of the store's tables. */
    Maintenance maintenance();

    interface Datasource {
        /** PostgreSQL host. */
        @WithDefault("127.0.0.1")
        String host();

        /** PostgreSQL port. */
        @WithDefault("5432")
        int port();

        /** Database name; created on first start when {@link #createDatabase()} is on and it is missing. */
        @WithDefault("reprise")
        String database();

        /** Database user. */
        @WithDefault("postgres")
        String username();

        /** Database password (empty for trust authentication). */
        Optional<String> password();

        /** Reactive connections to the database (feeds {@code quarkus.datasource.reactive.max-size}). */
        @WithDefault("20")
        int poolSize();

        /** Create the database at start when it does not exist (needs CREATEDB rights). */
        @WithDefault("true")
        boolean createDatabase();

        /** Apply the Flyway schema migrations at start. */
        @WithDefault("true")
        boolean migrateAtStart();
    }

    interface Orchestrations {
        /** Orchestration steps replayed at once by this process. */
        @WithDefault("16")
        int concurrency();

        /** How long a claimed instance stays locked to this process; after that another replica may take it over. */
        @WithDefault("30s")
        Duration leaseDuration();

        /**
         * Durable operations (activities, timers, sub-orchestrations, events sent) one execution may schedule before
         * it fails, as Durable Functions' {@code maxOrchestrationActions}.
         */
        @WithDefault("100000")
        int maxActions();

        /**
         * Largest history an instance may reach, in bytes of stored JSON; an instance past it fails instead of being
         * loaded again. Use continueAsNew to keep long-running orchestrations small.
         */
        @WithDefault("64M")
        MemorySize maxHistorySize();

        /** Most inbox messages one step applies; more wait for the next step, so a flood cannot blow one replay up. */
        @WithDefault("10000")
        int maxMessagesPerStep();

        /**
         * Most orchestrations kept as extended sessions (as Durable Functions' {@code extendedSessionsEnabled}):
         * each keeps its code parked on a thread, so its next step in this process continues the code instead of
         * replaying it. 0 turns sessions off (kept instances then replay their kept history).
         */
        @WithDefault("256")
        int sessions();

        /**
         * Extended sessions are kept only for orchestrations whose history has at least this many events; below it,
         * replaying the kept history costs less than a parked thread.
         */
        @WithDefault("40")
        int sessionMinHistory();

        /**
         * Memory this process may spend keeping instances between steps (sticky instances: their histories and
         * extended sessions), estimated from their stored history size. Least recently used idle instances are let
         * go beyond it (their leases released). 0 keeps no instance: every step claims and loads.
         */
        @WithDefault("64M")
        MemorySize sessionMemory();

        /**
         * How long orchestrator code may run in one step without finishing or waiting for a durable task (engine
         * time); past it the code is abandoned and its instance fails with {@code PotentialDeadlockException}.
         */
        @WithDefault("10s")
        Duration stepTimeout();

        /**
         * The orchestration version of instances this process starts without an explicit one, as Durable Functions'
         * {@code defaultVersion} (e.g. {@code 1.2}); none by default (the empty version). Sub-orchestrations and
         * continue-as-new executions keep their instance's version. Read it in code with
         * {@code OrchestrationContext.getVersion()}.
         */
        Optional<String> version();

        /** Which instances this process runs by their version, and what becomes of the others. */
        Versioning versioning();
    }

    /**
     * Orchestration versioning, as Durable Functions' {@code versionMatchStrategy} and {@code versionFailureStrategy}:
     * instances are compared with this process's {@code reprise.orchestrations.version}.
     */
    interface Versioning {
        /**
         * {@code none} runs every instance; {@code strict} only those of this process's version;
         * {@code current-or-older} those of its version or an older one.
         */
        @WithDefault("none")
        VersionMatchStrategy match();

        /**
         * For an instance the match strategy does not accept: {@code reject} leaves it (not claimed) for a process
         * that accepts it; {@code fail} fails it with {@code VersionMismatchException} without running its code.
         */
        @WithDefault("reject")
        VersionFailureStrategy failure();
    }

    interface Activities {
        /** Activity executions at once by this process (blocking activities each hold a worker thread). */
        @WithDefault("16")
        int concurrency();

        /**
         * How long a claimed work item stays locked to this process. The lease is renewed every third of this while
         * the activity runs, so this bounds how soon a crashed process's activities are delivered again, not how
         * long an activity may run.
         */
        @WithDefault("60s")
        Duration leaseDuration();
    }

    interface Entities {
        /**
         * Entity batches in flight at once in this process. A batch holds a worker thread only while its operations
         * run; most of its time it waits for its commit, so more batches than orchestration steps fit (with 16,
         * signals spread over 1,000 counters ran at 5,012 operations/s on the project's machine; with 64, 7,311).
         */
        @WithDefault("64")
        int concurrency();

        /**
         * How long a claimed entity stays locked to this process while its batch runs; a batch not committed by then
         * may be run again by another replica (the late commit is refused, so nothing is applied twice).
         */
        @WithDefault("30s")
        Duration leaseDuration();

        /** Most operations (messages) one batch of an entity takes; more wait for its next batch. */
        @WithDefault("1000")
        int maxBatch();
    }

    interface Tick {
        /**
         * Longest time one tick drains work before it answers; keep it below the caller's timeout (a PingSource
         * delivery, the Knative request timeout).
         */
        @WithDefault("30s")
        Duration maxDuration();
    }

    interface Metrics {
        /**
         * How often the backlog gauges ({@code reprise.inbox.due}, {@code reprise.work.items.due}) are counted again
         * in the database. The count runs in the background; reading the gauges never queries.
         */
        @WithDefault("5s")
        Duration backlogRefreshInterval();
    }

    interface Maintenance {
        /**
         * How often the queue tables (inbox, work items, instances, history) are vacuumed when the database's own
         * autovacuum is off: every step deletes rows from them, and unvacuumed dead rows make every claim slower. One
         * replica at a time does it (an advisory lock). Nothing runs while autovacuum is on.
         */
        @WithDefault("30s")
        Duration vacuumInterval();
    }

    interface Samples {
        /** Register the sample orchestrations and activities of {@code dev.reprise.samples}. */
        @WithDefault("true")
        boolean enabled();
    }
}
