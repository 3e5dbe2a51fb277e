package org.edfi.dms.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.Answer;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.KeyValues;

/**
 * The change queries of the Ed-Fi API (docs/change-queries.md), one short corridor each:
 * <pre>
 *   availableChangeVersions : the oldest (0, as the ODS/API) and newest readable change version
 *   /deletes, /keyChanges   : resolve resource, parse window and paging, choose snapshot (which cuts the window at it),
 *                             restrict to what ReadChanges reaches, read page, render
 * </pre>
 * The change version window of a plain GET-many is the {@link ReadPipeline}'s, under the Read action.
 */
public final class ChangeQueries {

    private static final Answer NOT_FOUND = Answer.of(Problem.notFound("The specified data could not be found."));

    private final ApiSchema schema;
    private final TrackedChangeReader reader;
    private final ReadAuthorization authorization;
    private final Snapshots snapshots;

    ChangeQueries(ApiSchema schema, TrackedChangeReader reader, ReadAuthorization authorization, Snapshots snapshots) {
        this.schema = schema;
        this.reader = reader;
        this.authorization = authorization;
        this.snapshots = snapshots;
    }

    /** {@code {"oldestChangeVersion": 0, "newestChangeVersion": N}}: N is applied by the store, so every change up to it is readable. */
    public Answer availableChangeVersions() {
        ObjectNode versions = MessageCodec.MAPPER.createObjectNode();
        versions.put("oldestChangeVersion", 0);
        versions.put("newestChangeVersion", reader.newestChangeVersion());
        return Answer.json(200, Map.of(), MessageCodec.encodeToString(versions));
    }

    /**
     * {@code GET .../{resource}/deletes}: {@code [{"id", "changeVersion", "keyValues"}]} in change version order; as of a
     * snapshot, those up to its change version.
     */
    public Answer deletes(String project, String resource, Map<String, String> parameters, Caller caller, SnapshotRequest snapshot) {
        return read(project, resource, parameters, caller, snapshot, (found, request) -> {
            TrackedChangeReader.Page<TrackedChangeReader.Delete> page = reader.deletes(found.projectEndpoint(), found.endpointName(),
                    request.window(), request.restriction(), request.paging());
            ArrayNode body = MessageCodec.MAPPER.createArrayNode();
            for (TrackedChangeReader.Delete delete : page.rows()) {
                ObjectNode item = body.addObject();
                item.put("id", delete.id().toString());
                item.put("changeVersion", delete.changeVersion());
                item.set("keyValues", delete.document() != null
                        ? KeyValues.named(found, json(delete.document()))
                        : KeyValues.fromCanonical(found, identity(delete.identity())));
            }
            return answer(body, page.totalCount(), request.snapshot());
        });
    }

    /**
     * {@code GET .../{resource}/keyChanges}: {@code [{"id", "changeVersion", "oldKeyValues", "newKeyValues"}]}, one per
     * document; as of a snapshot, up to its change version.
     */
    public Answer keyChanges(String project, String resource, Map<String, String> parameters, Caller caller, SnapshotRequest snapshot) {
        return read(project, resource, parameters, caller, snapshot, (found, request) -> {
            TrackedChangeReader.Page<TrackedChangeReader.KeyChange> page = reader.keyChanges(found.projectEndpoint(), found.endpointName(),
                    request.window(), request.restriction(), request.paging());
            ArrayNode body = MessageCodec.MAPPER.createArrayNode();
            for (TrackedChangeReader.KeyChange change : page.rows()) {
                ObjectNode item = body.addObject();
                item.put("id", change.id().toString());
                item.put("changeVersion", change.changeVersion());
                item.set("oldKeyValues", KeyValues.rename(found, json(change.oldKeyValues())));
                item.set("newKeyValues", KeyValues.rename(found, json(change.newKeyValues())));
            }
            return answer(body, page.totalCount(), request.snapshot());
        });
    }

    private record Request(ChangeVersionWindow window, Paging.Offset paging, RelationshipFilter.Predicate restriction, Snapshot snapshot) {}

    private interface Read {
        Answer page(ResourceSchema resource, Request request);
    }

    private Answer read(String project, String resource, Map<String, String> parameters, Caller caller, SnapshotRequest snapshotRequest,
            Read read) {
        Optional<ResourceSchema> found = schema.findResource(project, resource);
        if (found.isEmpty()) {
            return NOT_FOUND;
        }
        QueryParameters named = QueryParameters.of(parameters, QueryParameters.Operation.CHANGES, found.get());
        if (named.problem() != null) {
            return Answer.of(named.problem());
        }
        parameters = named.parameters();
        Paging.Parsed<Paging.Offset> paging = Paging.offsetOnly(parameters);
        if (paging.problem() != null) {
            return Answer.of(paging.problem());
        }
        ChangeVersionWindow.Parsed window = ChangeVersionWindow.parse(parameters);
        if (window.problem() != null) {
            return Answer.of(window.problem());
        }
        // Deletes and key changes are never pruned: a snapshot only cuts the window at its change version.
        Snapshots.Chosen snapshot = snapshots.choose(snapshotRequest, null);
        if (snapshot.problem() != null) {
            return Answer.of(snapshot.problem());
        }
        ChangeVersionWindow cut = snapshot.snapshot() == null ? window.window() : window.window().cutAt(snapshot.snapshot());
        ReadAuthorization.Restriction restriction = authorization.restriction(found.get(), caller, Action.READ_CHANGES);
        if (restriction.refusal() != null) {
            return Answer.of(restriction.refusal());
        }
        return read.page(found.get(), new Request(cut, paging.paging(), restriction.predicate().orElse(null), snapshot.snapshot()));
    }

    private static Answer answer(ArrayNode body, Long totalCount, Snapshot snapshot) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (totalCount != null) {
            headers.put("Total-Count", totalCount.toString());
        }
        ReadPipeline.named(snapshot, headers);
        return Answer.json(200, headers, MessageCodec.encodeToString(body));
    }

    /** JSON the store wrote (jsonb text): not parsing it is a fault of the store, not of the request. */
    private static JsonNode json(String text) {
        try {
            return MessageCodec.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The store holds a tracked change that is not JSON", e);
        }
    }

    private static Map<String, String> identity(String text) {
        Map<String, String> identity = new LinkedHashMap<>();
        json(text).properties().forEach(e -> identity.put(e.getKey(), e.getValue().asText()));
        return identity;
    }
}
