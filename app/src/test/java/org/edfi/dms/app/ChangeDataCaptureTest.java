package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.runtime.instances.InstanceParts;
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an analytics team sees on {@code edfi.default.default.documents}: every change written
 * through the API, by real Debezium in a real Kafka Connect worker reading the embedded
 * PostgreSQL's WAL, in the contract of docs/topics.md; and nothing lost or repeated across a restart.
 * The node measures how far CDC is behind its store, on /metrics.
 */
class ChangeDataCaptureTest {

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedChangeReachesTheAnalyticsTopicInOrder() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        String schoolId;
        try (EmbeddedStack stack = EmbeddedStack.start(schema, dataDir, "127.0.0.1", 0, Duration.ofSeconds(10));
                KafkaConsumer<String, String> consumer = AnalyticsTopic.consumer(stack.bootstrapServers())) {
            String descriptorId = TestApi.idOf(send(stack, "POST", "/data/ed-fi/educationOrganizationCategoryDescriptors",
                    "{\"namespace\": \"uri://ed-fi.org/EducationOrganizationCategoryDescriptor\", \"codeValue\": \"School\", \"shortDescription\": \"School\"}", 201));
            send(stack, "POST", "/data/ed-fi/gradeLevelDescriptors", gradeLevel("Ninth grade"), 201);
            send(stack, "POST", "/data/ed-fi/courseIdentificationSystemDescriptors", "{\"namespace\": \"uri://ed-fi.org/CourseIdentificationSystemDescriptor\","
                    + " \"codeValue\": \"State course code\", \"shortDescription\": \"State course code\"}", 201);
            String school = """
                    {"schoolId": 255901001, "nameOfInstitution": "%s",
                     "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
                     "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}""";
            // The caller's trace: the answer names a span of it, and so does the school's change on the analytics topic.
            HttpResponse<String> created = TestApi.of(stack).send("POST", "/data/ed-fi/schools", school.formatted("Grand Bend High School"),
                    TraceParent.HEADER, CALLER_TRACE);
            assertEquals(201, created.statusCode(), created.body());
            schoolId = TestApi.idOf(created);
            TraceParent answered = TraceParent.parse(created.headers().firstValue(TraceParent.HEADER).orElseThrow()).orElseThrow();
            assertEquals(CALLER_TRACE_ID, answered.traceId(), "the answer's span belongs to the caller's trace");
            String courseId = TestApi.idOf(send(stack, "POST", "/data/ed-fi/courses", """
                    {"courseCode": "ALG-1", "courseTitle": "Algebra I", "numberOfParts": 1,
                     "identificationCodes": [{"identificationCode": "ALG-1",
                       "courseIdentificationSystemDescriptor": "uri://ed-fi.org/CourseIdentificationSystemDescriptor#State course code"}],
                     "educationOrganizationReference": {"educationOrganizationId": 255901001}}""", 201));
            JsonNode course = MessageCodec.MAPPER.readTree(send(stack, "GET", "/data/ed-fi/courses/" + courseId, null, 200).body());
            assertEquals("Algebra I", course.get("courseTitle").asText(), "read back as written");
            assertEquals("Grand Bend High School",
                    MessageCodec.MAPPER.readTree(send(stack, "GET", "/data/ed-fi/schools/" + schoolId, null, 200).body()).get("nameOfInstitution").asText());
            send(stack, "PUT", "/data/ed-fi/schools/" + schoolId,
                    "{\"id\": \"" + schoolId + "\"," + school.formatted("Grand Bend High").substring(1), 204);
            send(stack, "DELETE", "/data/ed-fi/courses/" + courseId, null, 204);
            send(stack, "DELETE", "/data/ed-fi/schools/" + schoolId, null, 204);

            awaitRecords(consumer, seen, 10);
            assertEquals(descriptorId, seen.get(0).key());
            assertEquals("educationOrganizationCategoryDescriptors", value(seen.get(0)).get("resource").asText());
            assertEquals("gradeLevelDescriptors", value(seen.get(1)).get("resource").asText());
            assertEquals("courseIdentificationSystemDescriptors", value(seen.get(2)).get("resource").asText());

            JsonNode insert = value(seen.get(3));
            assertEquals(schoolId, seen.get(3).key());
            assertEquals(CALLER_TRACE_ID, traceId(seen.get(3)), "the write's trace, from the HTTP answer to the CDC record");
            assertEquals(32, traceId(seen.get(0)).length(), "a write without a trace gets one at the edge, which CDC carries too");
            assertEquals(1, insert.get("version").asInt());
            assertEquals("ed-fi", insert.get("project").asText());
            assertEquals("schools", insert.get("resource").asText());
            assertEquals("School", insert.get("resourceName").asText());
            assertEquals(false, insert.get("deleted").asBoolean());
            assertTrue(insert.get("document").isObject(), "the Ed-Fi document is a JSON object, not a string");
            assertEquals(255901001, insert.get("document").get("schoolId").asLong());
            assertEquals("Grand Bend High School", insert.get("document").get("nameOfInstitution").asText());

            assertEquals(courseId, seen.get(4).key());
            assertEquals("ALG-1", value(seen.get(4)).get("document").get("courseCode").asText());

            JsonNode update = value(seen.get(5));
            assertEquals(schoolId, seen.get(5).key());
            assertEquals("Grand Bend High", update.get("document").get("nameOfInstitution").asText());
            assertTrue(update.get("changeVersion").asLong() > insert.get("changeVersion").asLong());

            assertEquals(courseId, seen.get(6).key());
            assertEquals(true, value(seen.get(6)).get("deleted").asBoolean());
            assertEquals(courseId, seen.get(7).key());
            assertNull(seen.get(7).value());

            JsonNode delete = value(seen.get(8));
            assertEquals(schoolId, seen.get(8).key());
            assertEquals(true, delete.get("deleted").asBoolean());
            assertTrue(delete.get("changeVersion").asLong() > value(seen.get(6)).get("changeVersion").asLong());
            assertEquals("255901001", delete.get("identity").get("$.schoolId").asText(), "a delete names what was deleted, by identity path");

            assertEquals(schoolId, seen.get(9).key());
            assertNull(seen.get(9).value(), "a tombstone follows, so a compacted topic forgets the school");

            // The node tells how far CDC is behind its store: each of the 8 changes timed from the sink's commit to the topic.
            TestApi node = TestApi.anonymous(stack.port());
            awaitCaptured(node, delete.get("changeVersion").asLong());
            assertEquals(8, node.sample("dms_cdc_lag_seconds_count", INSTANCE), "every change, tombstones aside");
            assertTrue(node.sample("dms_cdc_lag_seconds_max", INSTANCE) > 0);
            assertEquals(node.sample(InstanceParts.APPLIED.replace('.', '_'), INSTANCE), node.sample("dms_cdc_change_version", INSTANCE),
                    "CDC has caught up with the store");
        }

        // A clean restart resumes capture where it stopped: the next change arrives, nothing before it again.
        try (EmbeddedStack stack = EmbeddedStack.start(schema, dataDir, "127.0.0.1", 0, Duration.ofSeconds(10));
                KafkaConsumer<String, String> consumer = AnalyticsTopic.consumer(stack.bootstrapServers())) {
            send(stack, "POST", "/data/ed-fi/gradeLevelDescriptors", gradeLevel("Tenth grade"), 201);
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            awaitRecords(consumer, all, 11);
            Thread.sleep(500); // would a repeat of the earlier changes show up?
            all.addAll(poll(consumer));
            assertEquals(11, all.size(), "exactly one new message: " + all);
            assertEquals("gradeLevelDescriptors", value(all.get(10)).get("resource").asText());

            // Changes captured before the restart are known, not timed again.
            TestApi node = TestApi.anonymous(stack.port());
            awaitCaptured(node, value(all.get(10)).get("changeVersion").asLong());
            assertEquals(1, node.sample("dms_cdc_lag_seconds_count", INSTANCE), "only the change since the restart");
        }
    }

    private static final String INSTANCE = "instance=\"default.default\"";

    /** Waits until the node's CDC lag meter has seen {@code changeVersion} on the analytics topic. */
    private static void awaitCaptured(TestApi node, long changeVersion) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (node.sample("dms_cdc_change_version", INSTANCE) < changeVersion) {
            assertTrue(System.nanoTime() < deadline, "the CDC lag meter never saw change version " + changeVersion);
            Thread.sleep(50);
        }
    }

    private static final String CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_TRACE = "00-" + CALLER_TRACE_ID + "-00f067aa0ba902b7-01";

    /** The trace id of an analytics record's traceparent header. */
    private static String traceId(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(TraceParent.HEADER);
        assertNotNull(header, "a traceparent header on " + record);
        return TraceParent.parse(new String(header.value(), StandardCharsets.UTF_8)).orElseThrow().traceId();
    }

    private static String gradeLevel(String code) {
        return "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"" + code + "\", \"shortDescription\": \"" + code + "\"}";
    }

    private static void awaitRecords(KafkaConsumer<String, String> consumer, List<ConsumerRecord<String, String>> into, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (into.size() < count && System.nanoTime() < deadline) {
            into.addAll(poll(consumer));
        }
        assertEquals(count, into.size(), "changes on " + AnalyticsTopic.TOPIC + ": " + into);
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
    }

    private static JsonNode value(ConsumerRecord<String, String> record) throws Exception {
        return MessageCodec.MAPPER.readTree(record.value());
    }

    private static HttpResponse<String> send(EmbeddedStack stack, String method, String path, String body, int expected) throws Exception {
        return TestApi.of(stack).expect(expected, method, path, body);
    }
}
