package org.edfi.dms.app.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where a dms process's log lines go and how they look: standard error, as text (logback.xml) or
 * as one JSON object a line (logback's JsonEncoder: time, level, logger, thread, message, the
 * request's correlation id and instance from the log context, and the exception). Helidon logs
 * through java.util.logging, which is bridged in so that its lines take the same form.
 */
public final class Logging {

    /** The level below which nothing is written (logback.xml reads it too): {@code -Ddms.log.level=info}. */
    public static final String LEVEL_PROPERTY = "dms.log.level";

    private Logging() {}

    /**
     * Helidon's clients and servers log through java.util.logging: below warnings, not at all, unless
     * a logging configuration file says otherwise. Cheap, so every command does it (logback itself
     * starts only when something logs, which keeps {@code dms --help} quick).
     */
    public static void quietJavaUtilLogging() {
        if (System.getProperty("java.util.logging.config.file") == null) {
            java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
        }
    }

    /**
     * Sets the format of every line written from now on (services call it once their settings are
     * read), and routes java.util.logging's records into the same lines.
     */
    public static void apply(Settings.LogFormat format) {
        quietJavaUtilLogging();
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J provider (a harness's): its own format
        }
        context.reset();
        if (format == Settings.LogFormat.JSON) {
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.setLevel(ch.qos.logback.classic.Level.toLevel(System.getProperty(LEVEL_PROPERTY), ch.qos.logback.classic.Level.WARN));
            root.addAppender(jsonConsole(context));
        } else {
            try {
                new ContextInitializer(context).autoConfig(); // logback.xml
            } catch (JoranException e) {
                throw new IllegalStateException("logback.xml cannot be read: " + e.getMessage(), e);
            }
        }
    }

    private static ConsoleAppender<ILoggingEvent> jsonConsole(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // The message as read, not its pattern and arguments apart.
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("json");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
