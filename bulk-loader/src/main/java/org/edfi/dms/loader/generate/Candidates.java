package org.edfi.dms.loader.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.IdentityValues;

/**
 * The documents a reference may point to: those of its target, or, for an abstract target
 * (EducationOrganization), those of every generated subclass, one after the other in generation
 * order. Candidates are numbered from 0; {@link #value} gives a candidate's value of the target's
 * identity field {@code field}, in the order of {@link ReferenceDefinition#fields()}.
 *
 * <p>A document whose references share keys (a course offering's school and its session's school)
 * must pick later references among candidates that agree with what earlier ones fixed: {@link
 * #matching} answers that from an index of value to candidates, built the first time a combination
 * of fields is asked for. The target resources are complete by then, since they come earlier in
 * dependency order.
 */
final class Candidates {

    private final List<IdentityTable> tables;
    /** For each table, the table column of each target identity field. */
    private final int[][] columns;
    private final int[] starts;
    private final int size;
    private final List<String> fieldPaths;
    private final Map<String, Map<String, int[]>> indexes = new HashMap<>();

    private Candidates(List<IdentityTable> tables, int[][] columns, List<String> fieldPaths) {
        this.tables = List.copyOf(tables);
        this.columns = columns;
        this.fieldPaths = List.copyOf(fieldPaths);
        this.starts = new int[tables.size()];
        int total = 0;
        for (int i = 0; i < tables.size(); i++) {
            starts[i] = total;
            total += tables.get(i).size();
        }
        this.size = total;
    }

    /**
     * The candidates of a target whose identity paths (in reference field order) are {@code targetIdentity}.
     *
     * @param tables the target's table, or its generated subclasses' tables
     */
    static Candidates of(QualifiedResourceName target, List<JsonPath> targetIdentity, List<IdentityTable> tables) {
        int[][] columns = new int[tables.size()][];
        for (int t = 0; t < tables.size(); t++) {
            IdentityTable table = tables.get(t);
            columns[t] = new int[targetIdentity.size()];
            for (int f = 0; f < targetIdentity.size(); f++) {
                columns[t][f] = column(table, targetIdentity.get(f), target);
            }
        }
        return new Candidates(tables, columns, targetIdentity.stream().map(JsonPath::toString).toList());
    }

    /** Where a subclass keeps a superclass identity value: under the same path, or under its own name for the renamed one (School's schoolId). */
    private static int column(IdentityTable table, JsonPath targetPath, QualifiedResourceName target) {
        int column = table.paths().indexOf(targetPath);
        if (column >= 0) {
            return column;
        }
        ResourceSchema resource = table.resource();
        boolean renamed = resource.superclass().flatMap(s -> s.identityRename()).map(targetPath::equals).orElse(false);
        if (renamed && table.paths().size() == 1) {
            return 0;
        }
        throw new IllegalStateException(resource + " has no value for " + target + "'s " + targetPath);
    }

    int size() {
        return size;
    }

    JsonNode value(int candidate, int field) {
        int table = tableOf(candidate);
        return tables.get(table).value(candidate - starts[table], columns[table][field]);
    }

    private int tableOf(int candidate) {
        int found = Arrays.binarySearch(starts, candidate);
        if (found >= 0) {
            // several empty tables may share a start; the candidate is in the last of them
            while (found + 1 < starts.length && starts[found + 1] == candidate) {
                found++;
            }
            return found;
        }
        return -found - 2;
    }

    /**
     * The candidates whose values of {@code fields} are {@code values} (canonical, see {@link #key}),
     * in candidate order; empty when none agrees.
     */
    int[] matching(int[] fields, List<JsonNode> values) {
        String signature = Arrays.toString(fields);
        Map<String, int[]> index = indexes.computeIfAbsent(signature, s -> index(fields));
        int[] found = index.get(key(fields, values));
        return found == null ? new int[0] : found;
    }

    private Map<String, int[]> index(int[] fields) {
        Map<String, List<Integer>> lists = new HashMap<>();
        List<JsonNode> values = new ArrayList<>(fields.length);
        for (int candidate = 0; candidate < size; candidate++) {
            values.clear();
            for (int field : fields) {
                values.add(value(candidate, field));
            }
            lists.computeIfAbsent(key(fields, values), k -> new ArrayList<>()).add(candidate);
        }
        Map<String, int[]> index = new HashMap<>();
        lists.forEach((key, list) -> index.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
        return index;
    }

    /** Values compared as the API compares them: numbers by value, descriptor URIs without case. */
    private String key(int[] fields, List<JsonNode> values) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            key.append(IdentityValues.canonical(fieldPaths.get(fields[i]), values.get(i))).append('\u001f');
        }
        return key.toString();
    }
}
