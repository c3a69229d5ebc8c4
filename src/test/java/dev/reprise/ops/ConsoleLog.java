package dev.reprise.ops;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.ConsoleHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;

/** The console handler Quarkus configured, and the text it writes for a record. */
final class ConsoleLog {

    private ConsoleLog() {
    }

    /** The console handlers attached (directly or through Quarkus's delayed handler) to the root logger. */
    static List<ConsoleHandler> handlers() {
        List<ConsoleHandler> out = new ArrayList<>();
        collect(LogManager.getLogManager().getLogger("").getHandlers(), out);
        return out;
    }

    private static void collect(Handler[] handlers, List<ConsoleHandler> out) {
        for (Handler h : handlers) {
            if (h instanceof ConsoleHandler console) {
                out.add(console);
            }
            if (h instanceof ExtHandler ext) {
                collect(ext.getHandlers(), out);
            }
        }
    }

    /** What {@code handler} writes for an INFO record of logger {@code dev.reprise.ops} (its formatter's output). */
    static String lineFor(ConsoleHandler handler, String message, Throwable thrown) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT,
                ConsoleLog.class.getName());
        record.setLoggerName("dev.reprise.ops");
        record.setThrown(thrown);
        return handler.getFormatter().format(record);
    }
}
