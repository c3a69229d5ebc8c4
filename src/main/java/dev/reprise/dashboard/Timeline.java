package dev.reprise.dashboard;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gantt-style chart of an instance's current execution, built from its history: one row for the execution, then
 * one per activity, durable timer, sub-orchestration and external event, from when it was scheduled to when it ended
 * (or to now, while it runs). Rendered as SVG by the instance page: {@link #WIDTH} user units wide, labels on the
 * left, the time axis from {@link #CHART_START} to {@link #CHART_END}.
 *
 * @param bars    the rows, the execution first, then in order of their start
 * @param ticks   the time axis' marks, relative to the execution's first event
 * @param height  the chart's height in user units
 * @param omitted how many rows beyond {@link #MAX_BARS} were left out
 */
record Timeline(List<Bar> bars, List<Tick> ticks, String height, int omitted) {

    static final int WIDTH = 1000;
    static final double CHART_START = 300;
    /** Leaves room after the axis for the mark of a failed row that ends last. */
    static final double CHART_END = 915;
    /** Rows drawn at most: a 10,000-activity fan-out stays a readable page; the history table lists the rest. */
    static final int MAX_BARS = 300;
    private static final int AXIS = 30;
    private static final int ROW = 22;
    private static final int TICKS = 4;

    /**
     * One row.
     *
     * @param kind  {@code execution}, {@code activity}, {@code timer}, {@code suborchestration} or {@code event}
     * @param state {@code completed}, {@code failed}, {@code running}, {@code pending}, {@code terminated},
     *              {@code unfinished} or {@code point}: the CSS class that colours it; failed rows also get a mark after the bar
     * @param title the row's details, shown on hover
     */
    record Bar(String label, String kind, String state, String x, String y, String width, String textY, String markX,
               String title) {

        public boolean failed() {
            return state.equals("failed");
        }
    }

    /** A mark of the time axis. */
    record Tick(String x, String label) {
    }

    /** A row before it is laid out. */
    private static final class Span {
        final String label;
        final String kind;
        final Instant start;
        Instant end;
        String state;
        String detail;

        Span(String label, String kind, Instant start, String state) {
            this.label = label;
            this.kind = kind;
            this.start = start;
            this.state = state;
        }

        void end(Instant at, String endState, String why) {
            end = at;
            state = endState;
            detail = why;
        }
    }

    /**
     * @param now  the engine's clock: where rows still open end while the instance is live
     * @param live whether the instance is Pending, Running or Suspended (open rows then run to now)
     */
    static Timeline of(List<HistoryEvent> events, Instant now, boolean live) {
        if (events.isEmpty()) {
            return new Timeline(List.of(), List.of(), String.valueOf(AXIS), 0);
        }
        Span execution = null;
        List<Span> spans = new ArrayList<>();
        Map<Integer, Span> open = new HashMap<>();
        Instant origin = events.get(0).timestamp();
        Instant horizon = origin;
        for (HistoryEvent e : events) {
            origin = e.timestamp().isBefore(origin) ? e.timestamp() : origin;
            horizon = e.timestamp().isAfter(horizon) ? e.timestamp() : horizon;
            if (e instanceof HistoryEvent.ExecutionStarted s) {
                execution = new Span("orchestration " + s.name(), "execution", s.timestamp(), "running");
            } else if (!endsExecution(e, execution)) {
                read(e, spans, open);
            }
        }
        if (live && now.isAfter(horizon)) {
            horizon = now;
        }
        if (!live) {
            // Work the execution never saw end (it failed or was terminated first) ends with it, unfinished.
            spans.stream().filter(s -> s.end == null || s.state.equals("pending"))
                    .forEach(s -> s.state = "unfinished");
        }
        List<Span> rows = new ArrayList<>();
        if (execution != null) {
            rows.add(execution);
        }
        rows.addAll(spans);
        return layout(rows, origin, horizon);
    }

    /** The rows of activities, timers, sub-orchestrations and events: opened by one event, closed by another. */
    private static void read(HistoryEvent e, List<Span> spans, Map<Integer, Span> open) {
        if (e instanceof HistoryEvent.TaskScheduled s) {
            open.put(s.taskId(), add(spans, new Span(s.name(), "activity", s.timestamp(), "running")));
        } else if (e instanceof HistoryEvent.TaskCompleted c) {
            close(open, c.taskId(), c.timestamp(), "completed", null);
        } else if (e instanceof HistoryEvent.TaskFailed f) {
            close(open, f.taskId(), f.timestamp(), "failed", message(f.failure()));
        } else if (e instanceof HistoryEvent.TimerCreated t) {
            Span timer = add(spans, new Span("timer", "timer", t.timestamp(), "pending"));
            timer.detail = "due " + Format.time(t.fireAt());
            open.put(t.taskId(), timer);
        } else if (e instanceof HistoryEvent.TimerFired f) {
            close(open, f.taskId(), f.fireAt(), "completed", "due " + Format.time(f.fireAt()));
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCreated c) {
            open.put(c.taskId(), add(spans, new Span(c.name() + " " + c.instanceId(), "suborchestration",
                    c.timestamp(), "running")));
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCompleted c) {
            close(open, c.taskId(), c.timestamp(), "completed", null);
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceFailed f) {
            close(open, f.taskId(), f.timestamp(), "failed", message(f.failure()));
        } else if (e instanceof HistoryEvent.EventRaised r) {
            add(spans, point("event " + r.name(), r.timestamp()));
        } else if (e instanceof HistoryEvent.EventSent s) {
            add(spans, point("sent " + s.name() + " to " + s.targetInstanceId(), s.timestamp()));
        } else if (e instanceof HistoryEvent.ExecutionSuspended s) {
            add(spans, point("suspended", s.timestamp()));
        } else if (e instanceof HistoryEvent.ExecutionResumed r) {
            add(spans, point("resumed", r.timestamp()));
        } else if (e instanceof HistoryEvent.ExecutionRewound r) {
            add(spans, point("rewound", r.timestamp()));
        }
        // OrchestratorStarted/Completed mark steps, not work: the history table shows them.
    }

    /** Applies an event that ends the execution's row; {@code false} for any other event. */
    private static boolean endsExecution(HistoryEvent e, Span execution) {
        if (e instanceof HistoryEvent.ExecutionCompleted c) {
            boolean failed = c.status() == OrchestrationRuntimeStatus.Failed;
            endExecution(execution, c.timestamp(), failed ? "failed" : "completed", message(c.failure()));
        } else if (e instanceof HistoryEvent.ExecutionTerminated t) {
            endExecution(execution, t.timestamp(), "terminated", t.reason());
        } else if (e instanceof HistoryEvent.ContinueAsNew c) {
            endExecution(execution, c.timestamp(), "completed", "continued as new");
        } else {
            return false;
        }
        return true;
    }

    private static void endExecution(Span execution, Instant at, String state, String why) {
        if (execution != null) {
            execution.end(at, state, why);
        }
    }

    private static Timeline layout(List<Span> rows, Instant origin, Instant horizon) {
        double total = Math.max(1, Duration.between(origin, horizon).toMillis());
        double scale = (CHART_END - CHART_START) / total;
        List<Bar> bars = new ArrayList<>();
        for (Span s : rows.subList(0, Math.min(rows.size(), MAX_BARS))) {
            // A timer still waiting is drawn up to now; its due time is in its title.
            Instant end = s.end != null && !s.end.isAfter(horizon) ? s.end : horizon;
            double x = CHART_START + Duration.between(origin, s.start).toMillis() * scale;
            double width = Math.max(2, Duration.between(s.start, end).toMillis() * scale);
            int top = AXIS + bars.size() * ROW;
            String title = s.label + ": " + s.state + ", " + Format.duration(Duration.between(s.start, end))
                    + " from " + Format.time(s.start) + (s.detail == null ? "" : " — " + s.detail);
            bars.add(new Bar(Format.cut(s.label, 40), s.kind, s.state, Format.units(x), String.valueOf(top + 4),
                    Format.units(width), String.valueOf(top + 15), Format.units(x + width + 4), title));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= TICKS; i++) {
            double at = CHART_START + (CHART_END - CHART_START) * i / TICKS;
            ticks.add(new Tick(Format.units(at), "+" + Format.duration(Duration.ofMillis((long) (total * i / TICKS)))));
        }
        return new Timeline(bars, ticks, String.valueOf(AXIS + bars.size() * ROW + 6), rows.size() - bars.size());
    }

    private static Span add(List<Span> spans, Span span) {
        spans.add(span);
        return span;
    }

    private static Span point(String label, Instant at) {
        Span span = new Span(label, "event", at, "point");
        span.end = at;
        return span;
    }

    private static void close(Map<Integer, Span> open, int taskId, Instant at, String state, String why) {
        Span span = open.remove(taskId);
        if (span != null) {
            span.end(at, state, why);
        }
    }

    private static String message(FailureDetails failure) {
        return failure == null ? null : failure.errorType() + ": " + failure.errorMessage();
    }
}
