package dev.reprise.dispatch;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.VersionFailureStrategy;
import dev.reprise.api.VersionMatchStrategy;
import dev.reprise.api.VersionMismatchException;
import dev.reprise.config.RepriseConfig;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.VersionFilter;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Locale;

/**
 * This process's orchestration versioning, as Durable Functions' {@code versionMatchStrategy} and
 * {@code versionFailureStrategy}: which instances it runs ({@code reprise.orchestrations.versioning.match} against
 * {@code reprise.orchestrations.version}) and what becomes of the others. Under {@code reject} they are never claimed
 * nor started in place here; under {@code fail} they are claimed and their step fails them without running their code.
 */
@Singleton
class VersionGate {

    private static final Logger LOG = Logger.getLogger(VersionGate.class);

    private final VersionMatchStrategy match;
    private final VersionFailureStrategy failure;
    private final String version;
    private final VersionFilter claimFilter;

    VersionGate(RepriseConfig config) {
        this.match = config.orchestrations().versioning().match();
        this.failure = config.orchestrations().versioning().failure();
        this.version = config.orchestrations().version().orElse("");
        this.claimFilter = failure == VersionFailureStrategy.REJECT ? new VersionFilter(match, version)
                : VersionFilter.ANY;
        if (match != VersionMatchStrategy.NONE) {
            LOG.infof("Orchestration versioning: this process (version '%s') runs instances by match=%s; others: %s",
                    version, matchName(), failure.name().toLowerCase(Locale.ROOT));
        }
    }

    /** Which instances a claim of this process takes. */
    VersionFilter claimFilter() {
        return claimFilter;
    }

    /** Whether this process runs instances of {@code instanceVersion}. */
    boolean runs(String instanceVersion) {
        return match.accepts(instanceVersion, version);
    }

    /**
     * Why a step of {@code instance} must fail instead of running its code: its version is not accepted here and the
     * failure strategy is {@code fail}; {@code null} when the step runs (under {@code reject} the claim never takes a
     * mismatched instance).
     */
    FailureDetails mismatch(InstanceRecord instance) {
        if (failure != VersionFailureStrategy.FAIL || runs(instance.version())) {
            return null;
        }
        String message = "Orchestration '" + instance.name() + "' (instance '" + instance.instanceId()
                + "') has version '" + instance.version() + "', which this process (reprise.orchestrations.version '"
                + version + "', reprise.orchestrations.versioning.match=" + matchName() + ") does not run; with "
                + "reprise.orchestrations.versioning.failure=fail it fails instead of waiting. Run instances of that "
                + "version on a process whose version matches it, or set versioning.failure=reject to leave them "
                + "for one.";
        return FailureDetails.of(VersionMismatchException.class.getName(), message, true);
    }

    private String matchName() {
        return match.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
