package org.edfi.dms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.profile.Profile;
import org.edfi.dms.schema.profile.ProfileResolver;
import org.edfi.dms.schema.profile.ProfileUsage;
import org.edfi.dms.schema.profile.ProfileXml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which profile a request goes through, and each refusal's status and type, as the ODS/API decides them. */
class ProfileNegotiationTest {

    static ApiSchema schema;
    static ResourceSchema students;
    static Function<String, Optional<Profile>> profiles;

    @BeforeAll
    static void load() throws Exception {
        schema = ApiSchemaLoader.load(Fixtures.dataStandard50());
        students = schema.findResource("ed-fi", "students").orElseThrow();
        ProfileResolver resolver = new ProfileResolver(schema);
        Map<String, Profile> byName = Map.of(
                "a", profile(resolver, "<Profile name='A'><Resource name='Student'><ReadContentType memberSelection='IncludeAll'/>"
                        + "<WriteContentType memberSelection='IncludeAll'/></Resource></Profile>"),
                "b", profile(resolver, "<Profile name='B'><Resource name='Student'><ReadContentType memberSelection='IncludeAll'/></Resource></Profile>"),
                "schools", profile(resolver, "<Profile name='Schools'><Resource name='School'><ReadContentType memberSelection='IncludeAll'/></Resource></Profile>"));
        profiles = name -> Optional.ofNullable(byName.get(name.toLowerCase()));
    }

    static Profile profile(ProfileResolver resolver, String xml) {
        return resolver.resolve(ProfileXml.read(xml.getBytes(StandardCharsets.UTF_8)).getFirst());
    }

    static ProfileNegotiation.Outcome read(String accept, String... assigned) {
        return ProfileNegotiation.negotiate(ProfileUsage.READABLE, Optional.ofNullable(accept), students, List.of(assigned), profiles);
    }

    static ProfileNegotiation.Outcome write(String contentType, String... assigned) {
        return ProfileNegotiation.negotiate(ProfileUsage.WRITABLE, Optional.ofNullable(contentType), students, List.of(assigned), profiles);
    }

    static void refused(ProfileNegotiation.Outcome outcome, int status, String type) {
        assertTrue(outcome.refusal().isPresent(), "refused");
        assertEquals(status, outcome.refusal().get().status(), outcome.refusal().get().toString());
        assertEquals(type, outcome.refusal().get().type());
    }

    static final String INVALID = "urn:ed-fi:api:profile:invalid-profile-usage";
    static final String INCORRECT = "urn:ed-fi:api:security:data-policy:incorrect-usage";

    @Test
    void noProfileOneImplicitOrOneNamed() {
        assertTrue(read(null).profile().isEmpty() && read(null).refusal().isEmpty());
        assertTrue(read("application/json", "Schools").profile().isEmpty(), "a profile not covering the resource does not apply");
        assertEquals("A", read(null, "A").profile().orElseThrow().profileName());
        assertEquals("A", read("application/json, */*", "A", "Schools").profile().orElseThrow().profileName());
        assertEquals("B", read("application/vnd.ed-fi.student.b.readable+json;q=1", "A", "B").profile().orElseThrow().profileName());
        assertEquals("A", write("application/vnd.ed-fi.Student.A.writable+json; charset=utf-8", "A", "B").profile().orElseThrow().profileName());
    }

    @Test
    void onlyProfilesCoveringTheResourceForTheRequestsUsageApply() {
        // As the ODS/API's EnforceAssignedProfileUsageFilter: a GET weighs the assigned profiles that read the resource, a write those that write it.
        Optional<Problem> none = Optional.empty();
        assertEquals(none, write(null, "B").refusal(), "B only reads students: a write goes without a profile");
        assertTrue(write(null, "B").profile().isEmpty());
        assertEquals("A", write(null, "A", "B").profile().orElseThrow().profileName(), "A is the one assigned profile that writes students");
        refused(read(null, "A", "B"), 403, INCORRECT);
    }

    @Test
    void aClientWithNoProfileForTheResourceMayNameAnyProfile() {
        // The ODS/API checks assignment only when a profile assigned to the client covers the resource for the usage: a profile only narrows.
        assertEquals("B", read("application/vnd.ed-fi.student.b.readable+json").profile().orElseThrow().profileName());
        assertEquals("A", write("application/vnd.ed-fi.student.a.writable+json", "B").profile().orElseThrow().profileName());
        assertEquals("A", read("application/vnd.ed-fi.student.a.readable+json", "Schools").profile().orElseThrow().profileName());
    }

    @Test
    void everyRefusal() {
        refused(read(null, "A", "B"), 403, INCORRECT);
        refused(read("application/vnd.ed-fi.student.b.readable+json", "A"), 403, INCORRECT);
        assertTrue(write("application/vnd.ed-fi.student.b.writable+json", "A").refusal().orElseThrow().errors().getFirst()
                .contains("required when updating this resource: 'application/vnd.ed-fi.student.a.writable+json'"));
        refused(read("application/vnd.ed-fi.student.a.writable+json", "A"), 400, INVALID);
        refused(write("application/vnd.ed-fi.student.a.readable+json", "A"), 400, INVALID);
        refused(read("application/vnd.ed-fi.student.nope.readable+json", "A"), 406, INVALID);
        refused(write("application/vnd.ed-fi.student.nope.writable+json", "A"), 415, INVALID);
        refused(read("application/vnd.ed-fi.student+json", "A"), 400, INVALID);
        refused(read("application/vnd.ed-fi.student.a.changeable+json", "A"), 400, INVALID);
        refused(read("application/vnd.ed-fi.school.a.readable+json", "A"), 400, INVALID);
        refused(read("application/vnd.ed-fi.student.schools.readable+json", "Schools"), 400, INVALID);
        refused(write("application/vnd.ed-fi.student.b.writable+json", "B"), 405, "urn:ed-fi:api:profile:method-usage");
        refused(read(null, "Gone"), 406, INVALID);
        refused(read("application/vnd.ed-fi.student.b.readable+json", "Gone"), 406, INVALID);
    }
}
