package org.edfi.dms.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.DocumentIds;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.Answer;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The corridor of a read, one short list of steps per operation:
 * <pre>
 *   GET by id    : resolve resource, parse id, read, 403 when the caller does not reach it, 304 when If-None-Match holds, render
 *   GET by query : resolve resource, parse paging and change version window, build filters, restrict to what the caller
 *                  reaches (the Read action, with or without a window, as the ODS/API), read page, render
 * </pre>
 * Parameters that are neither paging, a change version nor a query field of the resource are ignored, as the DMS does.
 * Deletes and key changes are {@link ChangeQueries}.
 * A caller reaches only the documents the read strategies of its claim set allow
 * ({@link ReadAuthorization}); none (the pipeline called directly) reaches all.
 */
public final class ReadPipeline {

    /** The ODS/API and DMS maximum page size. */
    public static final int MAX_LIMIT = Paging.MAX_LIMIT;
    public static final int DEFAULT_LIMIT = Paging.DEFAULT_LIMIT;

    private static final Answer NOT_FOUND = Answer.of(Problem.notFound("The specified data could not be found."));

    private final ApiSchema schema;
    private final DocumentReader reader;
    private final ReadAuthorization authorization;
    private final ChangeQueries changes;

    public ReadPipeline(ApiSchema schema, DocumentReader reader) {
        this.schema = schema;
        this.reader = reader;
        this.authorization = new ReadAuthorization(schema);
        this.changes = new ChangeQueries(schema, new TrackedChangeReader(reader.jdbi()), authorization);
    }

    /** The change queries of the same instance: available change versions, deletes and key changes. */
    public ChangeQueries changes() {
        return changes;
    }

    public Answer getById(String project, String resource, String id, String ifNoneMatch) {
        return getById(project, resource, id, ifNoneMatch, null);
    }

    /** GET by id for {@code caller} (null: not limited by relationships). */
    public Answer getById(String project, String resource, String id, String ifNoneMatch, Caller caller) {
        Optional<ResourceSchema> found = schema.findResource(project, resource);
        Optional<UUID> documentId = DocumentIds.parse(id);
        if (found.isEmpty() || documentId.isEmpty()) {
            return NOT_FOUND;
        }
        ReadAuthorization.Restriction restriction = authorization.restriction(found.get(), caller);
        if (restriction.refusal() != null) {
            return Answer.of(restriction.refusal());
        }
        List<ReadAuthorization.Requirement> requirements = restriction.requirements();
        Optional<DocumentReader.Found> read = reader.find(found.get().projectEndpoint(), found.get().endpointName(), documentId.get(),
                requirements.stream().map(ReadAuthorization.Requirement::condition).toList());
        if (read.isEmpty()) {
            return NOT_FOUND;
        }
        if (read.get().firstUnmet().isPresent()) {
            return Answer.of(requirements.get(read.get().firstUnmet().getAsInt()).denial());
        }
        DocumentReader.Row row = read.get().row();
        Map<String, String> headers = Map.ofEntries(Answer.etag(row.etag()));
        if (ifNoneMatch != null && ifNoneMatch.equals(row.etag())) {
            return Answer.success(304, headers);
        }
        return Answer.json(200, headers, render(row));
    }

    public Answer query(String project, String resource, Map<String, String> parameters) {
        return query(project, resource, parameters, null);
    }

    /** GET by query for {@code caller} (null: not limited by relationships). */
    public Answer query(String project, String resource, Map<String, String> parameters, Caller caller) {
        Optional<ResourceSchema> found = schema.findResource(project, resource);
        if (found.isEmpty()) {
            return NOT_FOUND;
        }
        Paging.Parsed paging = Paging.parse(parameters);
        if (paging.problem() != null) {
            return Answer.of(paging.problem());
        }
        ChangeVersionWindow.Parsed window = ChangeVersionWindow.parse(parameters);
        if (window.problem() != null) {
            return Answer.of(window.problem());
        }
        QueryFilters.Result filters = QueryFilters.build(found.get(), parameters);
        if (filters.invalid() != null) {
            return Answer.of(Problem.dataValidation(Map.of("$." + filters.invalid().parameter(), List.of(filters.invalid().message()))));
        }
        ReadAuthorization.Restriction restriction = authorization.restriction(found.get(), caller);
        if (restriction.refusal() != null) {
            return Answer.of(restriction.refusal());
        }
        DocumentReader.Page page = reader.query(found.get().projectEndpoint(), found.get().endpointName(), filters.filters(),
                restriction.predicate().orElse(null), window.window(), paging.paging().limit(), paging.paging().offset(),
                paging.paging().totalCount());
        StringBuilder body = new StringBuilder(page.rows().size() * 256 + 2).append('[');
        for (int i = 0; i < page.rows().size(); i++) {
            body.append(i > 0 ? "," : "").append(render(page.rows().get(i)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (page.totalCount() != null) {
            headers.put("Total-Count", page.totalCount().toString());
        }
        return Answer.json(200, headers, body.append(']').toString());
    }

    /** The stored document with the resource fields every read carries: id first, then _etag and _lastModifiedDate. */
    static String render(DocumentReader.Row row) {
        String document = row.document().strip();
        String fields = document.length() > 2 ? document.substring(1, document.length() - 1).strip() : "";
        return "{\"id\": \"" + row.id() + "\"" + (fields.isEmpty() ? "" : ", " + fields)
                + ", \"_etag\": \"" + row.etag() + "\", \"_lastModifiedDate\": \"" + row.lastModified() + "\"}";
    }
}
