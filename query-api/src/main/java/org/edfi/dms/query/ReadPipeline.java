package org.edfi.dms.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.DocumentIds;
import org.edfi.dms.contracts.EntityTags;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.Answer;
import org.edfi.dms.http.ProfileNegotiation;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.profile.ProfileShaper;
import org.edfi.dms.schema.profile.ProfileUsage;
import org.edfi.dms.schema.profile.ResourceProfile;

/**
 * The corridor of a read, one short list of steps per operation:
 * <pre>
 *   GET by id    : resolve resource, parse id (400 when it is no document id), choose snapshot, read, confirm snapshot, 403 when the caller does not reach it,
 *                  304 when If-None-Match holds, render
 *   GET by query : resolve resource, name parameters (400 for one the read does not know), build filters, parse change version window and paging (a page token must verify for
 *                  them), choose snapshot (a walk's token carries its own), restrict to what the caller reaches (the Read action,
 *                  with or without a window, as the ODS/API), read page, confirm snapshot, render
 *   partitions   : resolve resource, name parameters, parse number, build filters, parse change version window, choose snapshot, restrict to what
 *                  the caller reaches, cut the query into runs, confirm snapshot, sign a token for each
 * </pre>
 * A snapshot read ({@link Snapshots}, docs/paging.md#snapshots) reads the instance as of one change version and
 * names it in the {@code Snapshot-Change-Version} header of its answer.
 * Parameter names match without case ({@link QueryParameters}); one that is neither paging, a change
 * version nor a query field of the resource is refused, as the DMS did before it chose to ignore them.
 * Deletes and key changes are {@link ChangeQueries}.
 * A caller reaches only the documents the read strategies of its claim set allow
 * ({@link ReadAuthorization}); none (the pipeline called directly) reaches all.
 */
public final class ReadPipeline {

    /** The response header of the token of the next page, when one follows. */
    public static final String NEXT_PAGE_TOKEN = "Next-Page-Token";

    private static final Answer NOT_FOUND = Answer.of(Problem.notFound("The specified data could not be found."));

    private final ApiSchema schema;
    private final DocumentReader reader;
    private final ReadAuthorization authorization;
    private final ChangeQueries changes;
    private final PageTokens tokens;
    private final Snapshots snapshots;

    /** A pipeline whose page tokens are signed with the default secret (tests, benchmarks). */
    public ReadPipeline(ApiSchema schema, DocumentReader reader) {
        this(schema, reader, PageTokens.withSecret(PageTokens.DEFAULT_SECRET));
    }

    /** @param tokens the signer of page tokens, bound to the instance {@code reader} reads */
    public ReadPipeline(ApiSchema schema, DocumentReader reader, PageTokens tokens) {
        this.schema = schema;
        this.reader = reader;
        this.authorization = new ReadAuthorization(schema);
        this.snapshots = new Snapshots(reader);
        this.changes = new ChangeQueries(schema, new TrackedChangeReader(reader.jdbi()), authorization, snapshots);
        this.tokens = tokens;
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
        return getById(project, resource, id, ifNoneMatch, caller, SnapshotRequest.NONE);
    }

    /** GET by id for {@code caller}, of the live document or as of the snapshot {@code snapshot} asks for. */
    public Answer getById(String project, String resource, String id, String ifNoneMatch, Caller caller, SnapshotRequest snapshotRequest) {
        Optional<ResourceSchema> found = schema.findResource(project, resource);
        if (found.isEmpty()) {
            return NOT_FOUND;
        }
        Optional<UUID> documentId = DocumentIds.parse(id);
        if (documentId.isEmpty()) {
            return Answer.of(Problem.invalidDocumentId(id));
        }
        Snapshots.Chosen snapshot = snapshots.choose(snapshotRequest, null);
        if (snapshot.problem() != null) {
            return Answer.of(snapshot.problem());
        }
        ReadAuthorization.Restriction restriction = authorization.restriction(found.get(), caller);
        if (restriction.refusal() != null) {
            return Answer.of(restriction.refusal());
        }
        List<ReadAuthorization.Requirement> requirements = restriction.requirements();
        Optional<DocumentReader.Found> read = reader.find(found.get().projectEndpoint(), found.get().endpointName(), documentId.get(),
                requirements.stream().map(ReadAuthorization.Requirement::condition).toList(), snapshot.snapshot());
        Optional<Problem> gone = snapshots.confirm(snapshot.snapshot());
        if (gone.isPresent()) {
            return Answer.of(gone.get());
        }
        if (read.isEmpty()) {
            return NOT_FOUND;
        }
        if (read.get().firstUnmet().isPresent()) {
            return Answer.of(requirements.get(read.get().firstUnmet().getAsInt()).denial());
        }
        DocumentReader.Row row = read.get().row();
        Map<String, String> headers = new LinkedHashMap<>(Map.ofEntries(Answer.etag(row.etag())));
        named(snapshot.snapshot(), headers);
        if (ifNoneMatch != null && EntityTags.matches(ifNoneMatch, row.etag())) {
            return Answer.success(304, headers);
        }
        ResourceProfile profile = readable(caller);
        if (profile != null) {
            headers.put("Content-Type", mediaType(profile));
        }
        return Answer.json(200, headers, render(row, profile));
    }

    public Answer query(String project, String resource, Map<String, String> parameters) {
        return query(project, resource, parameters, null);
    }

    /** GET by query for {@code caller} (null: not limited by relationships). */
    public Answer query(String project, String resource, Map<String, String> parameters, Caller caller) {
        return query(project, resource, parameters, caller, SnapshotRequest.NONE);
    }

    /** GET by query for {@code caller}, of the live documents or as of the snapshot {@code snapshotRequest} asks for (or its page token carries). */
    public Answer query(String project, String resource, Map<String, String> parameters, Caller caller, SnapshotRequest snapshotRequest) {
        Optional<ResourceSchema> found = schema.findResource(project, resource);
        if (found.isEmpty()) {
            return NOT_FOUND;
        }
        QueryParameters named = QueryParameters.of(parameters, QueryParameters.Operation.COLLECTION, found.get());
        if (named.problem() != null) {
            return Answer.of(named.problem());
        }
        parameters = named.parameters();
        QueryFilters.Result filters = QueryFilters.build(found.get(), named.filters());
        if (filters.problem() != null) {
            return Answer.of(filters.problem());
        }
        ChangeVersionWindow.Parsed window = ChangeVersionWindow.parse(parameters);
        if (window.problem() != null) {
            return Answer.of(window.problem());
        }
        PageScope scope = PageScope.of(found.get(), filters.filters(), window.window());
        Paging.Parsed<Paging> paging = Paging.parse(parameters, scope, tokens);
        if (paging.problem() != null) {
            return Answer.of(paging.problem());
        }
        // A walk continues within the segment it started in; an offset page's successor is in the whole collection.
        PageToken from = paging.paging() instanceof Paging.Cursor cursor ? cursor.from() : PageToken.FIRST;
        // A token at the very start continues nothing: a walk from it may still choose to be a snapshot's.
        Snapshots.Chosen snapshot = snapshots.choose(snapshotRequest, from.equals(PageToken.FIRST) ? null : from);
        if (snapshot.problem() != null) {
            return Answer.of(snapshot.problem());
        }
        from = from.asOf(snapshot.snapshot());
        ReadAuthorization.Restriction restriction = authorization.restriction(found.get(), caller);
        if (restriction.refusal() != null) {
            return Answer.of(restriction.refusal());
        }
        DocumentReader.Slice slice = switch (paging.paging()) {
            case Paging.Offset offset -> DocumentReader.Slice.offset(offset.limit(), offset.offset());
            case Paging.Cursor cursor -> DocumentReader.Slice.cursor(cursor.from(), cursor.size());
        };
        boolean totalCount = paging.paging() instanceof Paging.Offset offset && offset.totalCount();
        DocumentReader.Page page = reader.query(found.get().projectEndpoint(), found.get().endpointName(), filters.filters(),
                restriction.predicate().orElse(null), window.window(), snapshot.snapshot(), slice, totalCount);
        Optional<Problem> gone = snapshots.confirm(snapshot.snapshot());
        if (gone.isPresent()) {
            return Answer.of(gone.get());
        }
        StringBuilder body = new StringBuilder(page.rows().size() * 256 + 2).append('[');
        ResourceProfile profile = readable(caller);
        for (int i = 0; i < page.rows().size(); i++) {
            body.append(i > 0 ? "," : "").append(render(page.rows().get(i), profile));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (profile != null) {
            headers.put("Content-Type", mediaType(profile));
        }
        if (page.totalCount() != null) {
            headers.put("Total-Count", page.totalCount().toString());
        }
        if (page.next().isPresent()) {
            headers.put(NEXT_PAGE_TOKEN, tokens.encode(from.continuingAfter(page.next().getAsLong()), scope));
        }
        named(snapshot.snapshot(), headers);
        return Answer.json(200, headers, body.append(']').toString());
    }

    /** A snapshot read's answer names its snapshot, for the client's next reads of the same (GET by id, other resources). */
    static void named(Snapshot snapshot, Map<String, String> headers) {
        if (snapshot != null) {
            headers.put(SnapshotRequest.CHANGE_VERSION, Long.toString(snapshot.changeVersion()));
        }
    }

    /**
     * {@code GET .../{resource}/partitions}: page tokens that divide what the query (its filters, its
     * change version window, the caller's reach) holds into runs of about equal size, which together cover every position once,
     * so that as many workers can each walk one. The last run has no end: documents created during
     * the walks go there.
     */
    public Answer partitions(String project, String resource, Map<String, String> parameters, Caller caller) {
        return partitions(project, resource, parameters, caller, SnapshotRequest.NONE);
    }

    /** The partitions of the query as of the snapshot {@code snapshotRequest} asks for: each token's walk reads as of it. */
    public Answer partitions(String project, String resource, Map<String, String> parameters, Caller caller, SnapshotRequest snapshotRequest) {
        Optional<ResourceSchema> found = schema.findResource(project, resource);
        if (found.isEmpty()) {
            return NOT_FOUND;
        }
        QueryParameters named = QueryParameters.of(parameters, QueryParameters.Operation.PARTITIONS, found.get());
        if (named.problem() != null) {
            return Answer.of(named.problem());
        }
        parameters = named.parameters();
        PartitionParameters.Parsed number = PartitionParameters.parse(parameters);
        if (number.problem() != null) {
            return Answer.of(number.problem());
        }
        // Here "number" is the count of partitions, never a query field of that name: named.filters() leaves it out.
        QueryFilters.Result filters = QueryFilters.build(found.get(), named.filters());
        if (filters.problem() != null) {
            return Answer.of(filters.problem());
        }
        // The window the walks will read: the runs divide what is in it, and each token is signed for it.
        ChangeVersionWindow.Parsed window = ChangeVersionWindow.parse(parameters);
        if (window.problem() != null) {
            return Answer.of(window.problem());
        }
        Snapshots.Chosen snapshot = snapshots.choose(snapshotRequest, null);
        if (snapshot.problem() != null) {
            return Answer.of(snapshot.problem());
        }
        ReadAuthorization.Restriction restriction = authorization.restriction(found.get(), caller);
        if (restriction.refusal() != null) {
            return Answer.of(restriction.refusal());
        }
        List<Long> starts = reader.boundaries(found.get().projectEndpoint(), found.get().endpointName(), filters.filters(),
                restriction.predicate().orElse(null), window.window(), snapshot.snapshot(), number.number());
        Optional<Problem> gone = snapshots.confirm(snapshot.snapshot());
        if (gone.isPresent()) {
            return Answer.of(gone.get());
        }
        PageScope scope = PageScope.of(found.get(), filters.filters(), window.window());
        List<String> pageTokens = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            // The first run starts at the beginning and the last has no end, so that the runs tile every position.
            long after = i == 0 ? 0 : starts.get(i) - 1;
            long until = i == starts.size() - 1 ? Long.MAX_VALUE : starts.get(i + 1) - 1;
            pageTokens.add(tokens.encode(new PageToken(after, until, snapshot.snapshot()), scope));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        named(snapshot.snapshot(), headers);
        return Answer.json(200, headers, MessageCodec.encodeToString(Map.of("pageTokens", pageTokens)));
    }

    /** The readable profile the caller reads through; null for none. */
    private static ResourceProfile readable(Caller caller) {
        return caller == null ? null : caller.profile();
    }

    /** The readable profile's media type, which the answer is in, as the ODS/API answers. */
    private static String mediaType(ResourceProfile profile) {
        return ProfileNegotiation.mediaType(profile.resource(), profile.profileName(), ProfileUsage.READABLE);
    }

    /** A document as its reader's profile shows it (docs/profiles.md); as stored without one. */
    static String render(DocumentReader.Row row, ResourceProfile profile) {
        if (profile == null) {
            return render(row);
        }
        try {
            ObjectNode shaped = ProfileShaper.shape(profile.readable().orElseThrow(), (ObjectNode) MessageCodec.MAPPER.readTree(row.document()),
                    profile.identityMembers());
            return render(new DocumentReader.Row(row.id(), MessageCodec.encodeToString(shaped), row.etag(), row.lastModified()));
        } catch (IOException e) {
            throw new UncheckedIOException("A stored document is not JSON: " + row.id(), e);
        }
    }

    /** The stored document with the resource fields every read carries: id first, then _etag and _lastModifiedDate. */
    static String render(DocumentReader.Row row) {
        String document = row.document().strip();
        String fields = document.length() > 2 ? document.substring(1, document.length() - 1).strip() : "";
        return "{\"id\": \"" + row.id() + "\"" + (fields.isEmpty() ? "" : ", " + fields)
                + ", \"_etag\": \"" + row.etag() + "\", \"_lastModifiedDate\": \"" + row.lastModified() + "\"}";
    }
}
