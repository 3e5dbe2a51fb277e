package org.edfi.dms.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** log-format: what an operator's log shipper reads from standard error. */
class LoggingTest {

    private final PrintStream standardError = System.err;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        System.setErr(standardError);
        Logging.apply(Settings.LogFormat.TEXT);
    }

    @Test
    void jsonIsOneObjectALineWithTheRequestsCorrelationIdAndInstance() throws Exception {
        System.setErr(new PrintStream(written, true, StandardCharsets.UTF_8));
        Logging.apply(Settings.LogFormat.JSON);
        MDC.put("correlationId", "corr-42");
        MDC.put("instance", "district-a.2024");
        try {
            LoggerFactory.getLogger("org.edfi.dms.test").warn("The store is slow: {} ms", 1500);
            java.util.logging.Logger.getLogger("io.helidon.test").severe("A Helidon record");
        } finally {
            MDC.clear();
        }
        String[] lines = written.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode line = new ObjectMapper().readTree(Arrays.stream(lines).filter(l -> l.contains("The store is slow")).findFirst().orElseThrow());
        assertEquals("WARN", line.get("level").asText());
        assertEquals("org.edfi.dms.test", line.get("loggerName").asText());
        assertEquals("The store is slow: 1500 ms", line.path("formattedMessage").asText(), line.toString());
        assertEquals("corr-42", line.at("/mdc/correlationId").asText());
        assertEquals("district-a.2024", line.at("/mdc/instance").asText());
        assertTrue(Arrays.stream(lines).anyMatch(l -> l.startsWith("{") && l.contains("A Helidon record")),
                "java.util.logging's records come out as JSON lines too: " + Arrays.toString(lines));
    }

    @Test
    void textStaysQuietBelowWarnings() {
        System.setErr(new PrintStream(written, true, StandardCharsets.UTF_8));
        Logging.apply(Settings.LogFormat.TEXT);
        LoggerFactory.getLogger("org.edfi.dms.test").info("Not shown");
        LoggerFactory.getLogger("org.edfi.dms.test").warn("Shown");
        String text = written.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Shown") && !text.contains("Not shown"), text);
    }
}
