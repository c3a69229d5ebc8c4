package dev.reprise.ops;

import dev.reprise.store.InstanceRecord;
import dev.reprise.store.WorkItem;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spans for orchestration steps and activity executions, with the W3C trace context carried through the store: an
 * instance keeps the {@code traceparent} of the span that created it (the HTTP start request, or the parent's step for
 * a sub-orchestration), and a work item the {@code traceparent} of the step that scheduled it. A step's span is a child
 * of its instance's stored context, an activity's span a child of its work item's, so one trace runs from the start
 * request through every step and activity, on whichever replica they run.
 * <p>
 * With the OpenTelemetry SDK disabled (the default, {@code quarkus.otel.sdk.disabled=true}) or traces turned off
 * ({@code quarkus.otel.traces.enabled=false}), Reprise uses a no-op tracer and stores no context. (Quarkus still hands
 * out an SDK then, one that records spans and drops them, so the setting is checked here.)
 */
@Singleton
public class EngineTracing {

    /** The instrumentation scope of Reprise's spans. */
    public static final String SCOPE = "dev.reprise";
    public static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("reprise.instance.id");
    public static final AttributeKey<String> EXECUTION_ID = AttributeKey.stringKey("reprise.execution.id");
    public static final AttributeKey<String> ORCHESTRATION = AttributeKey.stringKey("reprise.orchestration.name");
    public static final AttributeKey<String> ACTIVITY = AttributeKey.stringKey("reprise.activity.name");
    public static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("reprise.task.id");
    public static final AttributeKey<Long> DELIVERY_COUNT = AttributeKey.longKey("reprise.activity.delivery.count");
    public static final AttributeKey<String> RUNTIME_STATUS = AttributeKey.stringKey("reprise.runtime.status");
    private static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final boolean enabled;
    private final Tracer tracer;

    EngineTracing(OpenTelemetry openTelemetry,
                  @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled,
                  @ConfigProperty(name = "quarkus.otel.traces.enabled", defaultValue = "true") boolean tracesEnabled) {
        this.enabled = !sdkDisabled && tracesEnabled;
        this.tracer = (enabled ? openTelemetry : OpenTelemetry.noop()).getTracer(SCOPE);
    }

    /** Whether Reprise records spans and stores trace context. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The {@code traceparent} of the current span, to store with what it creates; {@code null} when there is none or
     * tracing is off.
     */
    public String currentTraceParent() {
        return enabled ? traceParent(Context.current()) : null;
    }

    /** The {@code traceparent} of the span in {@code context}, or {@code null} when it has no valid span. */
    static String traceParent(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        PROPAGATOR.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a stored {@code traceparent} describes; the root context (a new trace) when there is none. */
    static Context parent(String traceParent) {
        if (traceParent == null || traceParent.isEmpty()) {
            return Context.root();
        }
        return PROPAGATOR.extract(Context.root(), traceParent, STORED);
    }

    /** Starts the span of one step of {@code instance}: "orchestration NAME step". */
    Span startStep(InstanceRecord instance) {
        return tracer.spanBuilder("orchestration " + instance.name() + " step")
                .setParent(parent(instance.traceParent()))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(ORCHESTRATION, instance.name())
                .setAttribute(INSTANCE_ID, instance.instanceId())
                .setAttribute(EXECUTION_ID, instance.executionId())
                .startSpan();
    }

    /** Starts the span of one execution of {@code item}: "activity NAME". */
    Span startActivity(WorkItem item) {
        return tracer.spanBuilder("activity " + item.name())
                .setParent(parent(item.traceParent()))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(ACTIVITY, item.name())
                .setAttribute(INSTANCE_ID, item.instanceId())
                .setAttribute(TASK_ID, (long) item.taskId())
                .setAttribute(DELIVERY_COUNT, (long) item.deliveryCount())
                .startSpan();
    }
}
