package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.http.Answer;
import org.edfi.dms.query.DocumentReader;
import org.edfi.dms.query.ReadPipeline;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.sink.DocumentWriter;
import org.edfi.dms.sink.StoreSchema;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET by id and GET by query against a real PostgreSQL holding what the store-sink wrote: paging
 * edges, every filter type of the Data Standard's query fields, totalCount, ETags.
 */
class ReadPathTest {

    @TempDir
    static Path dir;

    private static EmbeddedPostgresServer postgres;
    private static ReadPipeline reads;
    private static DocumentWriter writer;
    private static final List<UUID> associations = new ArrayList<>();
    private static long version;

    @BeforeAll
    static void load() throws Exception {
        ApiSchema schema = ApiSchemaLoader.load(Path.of(System.getProperty("dms.home", "..")).resolve("../shared/edfi/ds-5.0/ApiSchema.json"));
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        postgres.createDatabase("reads");
        DataSource store = EmbeddedPostgresServer.dataSource(new InstanceStore("reads", "dms").onSearchPath(postgres.jdbcUrl("reads")));
        StoreSchema.migrate(store);
        Jdbi jdbi = Jdbi.create(store);
        writer = new DocumentWriter(jdbi, RelationshipSecurity.of(schema));
        reads = new ReadPipeline(schema, new DocumentReader(jdbi));

        List<DocumentEnvelope> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID id = UUID.randomUUID();
            associations.add(id);
            batch.add(association(id, i));
        }
        writer.apply("documents", 0, batch, batch.size());
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    /** Student i enrolled in school 255901001 (even i) or 255901044 (odd i), on 2021-08-(10 + i mod 10). */
    private static DocumentEnvelope association(UUID id, int i) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode();
        body.putObject("studentReference").put("studentUniqueId", "S" + i);
        body.putObject("schoolReference").put("schoolId", i % 2 == 0 ? 255901001 : 255901044);
        body.put("entryDate", "2021-08-" + (10 + i % 10));
        body.put("entryGradeLevelDescriptor", "uri://ed-fi.org/GradeLevelDescriptor#" + (i < 10 ? "Ninth grade" : "Tenth grade"));
        body.put("repeatGradeIndicator", i % 3 == 0);
        body.put("fullTimeEquivalency", i % 5 == 0 ? 0.5 : 1.0);
        return new DocumentEnvelope(1, id, "ed-fi", "studentSchoolAssociations", "StudentSchoolAssociation", UUID.randomUUID(),
                Map.of("$.studentReference.studentUniqueId", "S" + i), body, "etag-" + i, Instant.parse("2026-11-21T10:00:00Z"), ++version, false, null);
    }

    private static JsonNode page(String... parameters) throws Exception {
        Answer answer = query(parameters);
        assertEquals(200, answer.status(), String.valueOf(answer.problem()));
        return MessageCodec.MAPPER.readTree(answer.body());
    }

    private static Answer query(String... parameters) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], parameters[i + 1]);
        }
        return reads.query("ed-fi", "studentSchoolAssociations", map);
    }

    private static List<String> students(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.forEach(d -> ids.add(d.at("/studentReference/studentUniqueId").asText()));
        return ids;
    }

    @Test
    void pagesFollowCreationOrderWithTheDefaultLimitOf25() throws Exception {
        assertEquals(25, page().size());
        assertEquals(List.of("S25", "S26", "S27", "S28", "S29"), students(page("offset", "25")));
        assertEquals(List.of("S10", "S11"), students(page("limit", "2", "offset", "10")));
        assertEquals(0, page("offset", "30").size());
        assertEquals(0, page("limit", "0").size());
        assertEquals(30, page("limit", "500").size());
    }

    @Test
    void pagingOutsideItsBoundsIsAParameterValidationProblem() {
        for (String[] bad : new String[][] {{"limit", "501"}, {"limit", "-1"}, {"limit", "x"}, {"offset", "-5"}, {"totalCount", "yes"}}) {
            Answer answer = query(bad);
            assertEquals(400, answer.status(), String.join("=", bad));
            assertEquals(Problem.PARAMETER_VALIDATION_FAILED, answer.problem().type());
        }
        assertTrue(query("limit", "501").problem().errors().getFirst().contains("between 0 and 500"));
    }

    @Test
    void totalCountIsGivenWhenAskedFor() {
        assertEquals("30", query("totalCount", "true", "limit", "1").headers().get("Total-Count"));
        assertEquals("15", query("totalCount", "true", "schoolId", "255901044").headers().get("Total-Count"));
        assertNull(query().headers().get("Total-Count"));
    }

    @Test
    void filtersByNumberStringDateBooleanAndDescriptor() throws Exception {
        assertEquals(15, page("schoolId", "255901001", "limit", "500").size(), "a number through a reference");
        assertEquals(List.of("S7"), students(page("studentUniqueId", "S7")), "a string through a reference");
        assertEquals(3, page("entryDate", "2021-08-13").size(), "a date");
        assertEquals(10, page("repeatGradeIndicator", "true").size(), "a boolean");
        assertEquals(6, page("fullTimeEquivalency", "0.5").size(), "a decimal");
        assertEquals(10, page("entryGradeLevelDescriptor", "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade").size(), "a descriptor");
        assertEquals(List.of("S0", "S6", "S12", "S18", "S24"),
                students(page("schoolId", "255901001", "repeatGradeIndicator", "true")), "filters combine");
    }

    @Test
    void aParameterThatIsNeitherPagingNorAQueryFieldIsABadRequest() {
        Answer answer = query("notAField", "x", "limit", "500");
        assertEquals(Problem.BAD_REQUEST, answer.problem().type());
        assertEquals(List.of("The query field 'notAField' is not valid for this resource."), answer.problem().errors());
    }

    @Test
    void aValueThatDoesNotFitItsFieldIsADataValidationProblem() {
        Answer answer = query("schoolId", "abc");
        assertEquals(400, answer.status());
        assertEquals(Problem.DATA_VALIDATION_FAILED, answer.problem().type());
        assertEquals(List.of("The value 'abc' is not valid for schoolId."), answer.problem().validationErrors().get("$.schoolReference.schoolId"));
    }

    @Test
    void aDocumentReadByIdCarriesItsIdEtagAndLastModifiedDate() throws Exception {
        UUID id = associations.get(3);
        Answer answer = reads.getById("ed-fi", "studentSchoolAssociations", id.toString(), null);
        assertEquals(200, answer.status());
        assertEquals("\"etag-3\"", answer.headers().get("ETag"));
        JsonNode document = MessageCodec.MAPPER.readTree(answer.body());
        assertEquals(id.toString(), document.get("id").asText());
        assertEquals("id", document.fieldNames().next());
        assertEquals("etag-3", document.get("_etag").asText());
        assertEquals("2026-11-21T10:00:00Z", document.get("_lastModifiedDate").asText());
        assertEquals("S3", document.at("/studentReference/studentUniqueId").asText());

        assertEquals(304, reads.getById("ed-fi", "studentSchoolAssociations", id.toString(), "etag-3").status());
        assertEquals(200, reads.getById("ed-fi", "studentSchoolAssociations", id.toString(), "stale").status());
    }

    @Test
    void unknownOrOtherResourcesIdsAre404AndMalformedOnes400() {
        assertEquals(404, reads.getById("ed-fi", "studentSchoolAssociations", UUID.randomUUID().toString(), null).status());
        assertEquals(400, reads.getById("ed-fi", "studentSchoolAssociations", "not-a-uuid", null).status());
        assertEquals(404, reads.getById("ed-fi", "schools", associations.getFirst().toString(), null).status());
        assertEquals(404, reads.query("ed-fi", "spaceships", Map.of()).status());
    }

    @Test
    void anUpdatedDocumentKeepsItsPlaceInThePages() throws Exception {
        UUID id = associations.get(4);
        DocumentEnvelope updated = association(id, 4);
        writer.apply("documents", 0, List.of(updated), 31);
        assertEquals("S4", students(page("limit", "1", "offset", "4")).getFirst());
    }
}
