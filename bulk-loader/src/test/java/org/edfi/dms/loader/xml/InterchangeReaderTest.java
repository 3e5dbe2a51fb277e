package org.edfi.dms.loader.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InterchangeReaderTest {

    private final List<Path> files = new ArrayList<>();

    private Path file(String content) {
        Path file = Xml.file(content);
        files.add(file);
        return file;
    }

    @AfterEach
    void deleteFiles() throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    private static List<XmlRecord> read(Path file) {
        List<XmlRecord> records = new ArrayList<>();
        InterchangeReader.forEach(file, records::add);
        return records;
    }

    @Test
    void yieldsEachChildOfTheRootAsARecordWithItsPositionAndLine() {
        Path file = file("""
                <?xml version="1.0" encoding="UTF-8"?>
                <InterchangeEducationOrganization xmlns="http://ed-fi.org/5.0.0">
                  <!-- a comment is no record -->
                  <LocalEducationAgency id="LEAG_255901">
                    <LocalEducationAgencyId>255901</LocalEducationAgencyId>
                  </LocalEducationAgency>
                  <School>
                    <SchoolId>255901001</SchoolId>
                  </School>
                </InterchangeEducationOrganization>
                """);

        List<XmlRecord> records = read(file);

        assertEquals(List.of("LocalEducationAgency", "School"), records.stream().map(r -> r.element().name()).toList());
        assertEquals(List.of(1, 2), records.stream().map(XmlRecord::position).toList());
        assertEquals(List.of(4, 7), records.stream().map(XmlRecord::line).toList());
        assertEquals(file, records.getFirst().file());
        assertEquals("255901001", records.get(1).element().child("SchoolId").orElseThrow().text());
    }

    @Test
    void anInterchangeWithoutRecordsYieldsNone() {
        assertEquals(List.of(), read(file("<InterchangeStudent xmlns=\"http://ed-fi.org/5.0.0\"/>")));
    }

    @Test
    void elementsDropTheNamespaceAndKeepTheirTextAsWritten() {
        XmlElement record = Xml.record("""
                <TribalAffiliationDescriptor id="TA1" xsi:nil="false">
                  <CodeValue>Little Shell Tribe </CodeValue>
                  <Description><![CDATA[Chippewa & Cree]]> of &quot;Montana&quot;</Description>
                  <Namespace>uri://ed-fi.org/TribalAffiliationDescriptor</Namespace>
                </TribalAffiliationDescriptor>""");

        assertEquals("TribalAffiliationDescriptor", record.name());
        // xsi: and other namespaced attributes are XML machinery, not Ed-Fi data.
        assertEquals(Map.of("id", "TA1"), record.attributes());
        // Between child elements the text is indentation, not a value.
        assertEquals("", record.text());
        assertFalse(record.isLeaf());
        assertEquals(List.of("CodeValue", "Description", "Namespace"), record.children().stream().map(XmlElement::name).toList());
        // A value's surrounding spaces are data: whoever validates decides about them.
        assertEquals("Little Shell Tribe ", record.child("CodeValue").orElseThrow().text());
        assertEquals("Chippewa & Cree of \"Montana\"", record.child("Description").orElseThrow().text());
        assertTrue(record.child("CodeValue").orElseThrow().isLeaf());
    }

    @Test
    void childrenAreFoundByName() {
        XmlElement school = Xml.record("""
                <School><GradeLevel>Ninth grade</GradeLevel><SchoolId>1</SchoolId><GradeLevel>Tenth grade</GradeLevel></School>""");

        assertEquals(List.of("Ninth grade", "Tenth grade"), school.children("GradeLevel").stream().map(XmlElement::text).toList());
        assertEquals("Ninth grade", school.child("GradeLevel").orElseThrow().text());
        assertTrue(school.child("Address").isEmpty());
        assertTrue(school.attribute("id").isEmpty());
    }

    @Test
    void handsEachRecordOverBeforeReadingTheNext() {
        // Memory stays flat because a record is handed over as soon as it is read: here the first
        // one arrives although the file breaks in the second.
        Path file = file("""
                <InterchangeStudent xmlns="http://ed-fi.org/5.0.0">
                  <Student><StudentUniqueId>604821</StudentUniqueId></Student>
                  <Student><StudentUniqueId>604822</Student>
                </InterchangeStudent>
                """);
        List<XmlRecord> records = new ArrayList<>();

        InterchangeReadException e = assertThrows(InterchangeReadException.class, () -> InterchangeReader.forEach(file, records::add));

        assertEquals(1, records.size());
        assertEquals(file, e.file());
        assertEquals(3, e.line());
        assertTrue(e.column() > 0);
        assertTrue(e.getMessage().startsWith(file + ":3:" + e.column() + ": not well-formed XML: "), e.getMessage());
    }

    @Test
    void refusesDtdsSoThatNoExternalEntityIsRead() {
        Path file = file("""
                <?xml version="1.0"?>
                <!DOCTYPE InterchangeStudent [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <InterchangeStudent><Student><StudentUniqueId>&secret;</StudentUniqueId></Student></InterchangeStudent>
                """);
        List<XmlRecord> records = new ArrayList<>();

        InterchangeReadException e = assertThrows(InterchangeReadException.class, () -> InterchangeReader.forEach(file, records::add));

        assertEquals(List.of(), records);
        assertEquals(3, e.line());
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }

    @Test
    void aMissingFileHasNoPosition() {
        Path missing = Path.of("no-such-interchange.xml");

        InterchangeReadException e = assertThrows(InterchangeReadException.class, () -> read(missing));

        assertEquals(-1, e.line());
        assertTrue(e.getMessage().startsWith("no-such-interchange.xml: cannot be read"), e.getMessage());
    }

    @Test
    void anExceptionOfTheActionStopsTheReadingUnchanged() {
        Path file = file("<InterchangeStudent><Student/><Student/></InterchangeStudent>");
        IllegalStateException thrown = new IllegalStateException("stop");
        List<XmlRecord> records = new ArrayList<>();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> InterchangeReader.forEach(file, record -> {
            records.add(record);
            throw thrown;
        }));

        assertSame(thrown, e);
        assertEquals(1, records.size());
    }
}
