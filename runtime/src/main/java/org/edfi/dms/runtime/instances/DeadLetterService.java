package org.edfi.dms.runtime.instances;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.Reply;
import org.edfi.dms.http.Requests;
import org.edfi.dms.http.Responses;
import org.edfi.dms.instances.Instance;
import org.edfi.dms.instances.InstanceRegistry;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.sink.DeadLetters;
import org.edfi.dms.sink.DeadLetters.DeadLetterException;
import org.edfi.dms.sink.DocumentWriter;
import org.edfi.dms.sink.SnapshotHistory;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API over an instance's dead letters, the changes its store refused and its sink parked
 * ({@link DeadLetters}, docs/operations.md#dead-letters), on the nodes with the admin API:
 * {@code GET .../dead-letters} lists them ({@code ?all=true}: the replayed and discarded too),
 * {@code POST .../dead-letters/{id}/replay} applies one again ({@code .../dead-letters/replay}: every
 * parked one), {@code DELETE .../dead-letters/{id}} discards one. Each request reaches the
 * instance's store over a connection of its own: these are rare operator requests.
 */
public final class DeadLetterService implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);
    private static final String LETTERS = "/admin/instances/{tenant}/{name}/dead-letters";

    private final InstanceRegistry registry;
    private final PostgresServers servers;
    private final RelationshipSecurity relationships;
    private final SnapshotHistory history;

    /** @param history what the instances' sinks keep for snapshots: a replay keeps the same */
    public DeadLetterService(InstanceRegistry registry, PostgresServers servers, RelationshipSecurity relationships, SnapshotHistory history) {
        this.registry = registry;
        this.servers = servers;
        this.relationships = relationships;
        this.history = history;
    }

    @Override
    public void routing(HttpRules http) {
        http.get(LETTERS, operation(req -> Reply.of(200, letters(of(req).list(Requests.query(req, "all").map("true"::equals).orElse(false))))))
                .post(LETTERS + "/replay", operation(req -> Reply.of(200, outcomes(of(req).replayAll()))))
                .post(LETTERS + "/{id}/replay", operation(req -> {
                    DeadLetters.Letter letter = of(req).replay(letterId(req));
                    LOG.info("Dead letter {} of {} (change version {}) replayed", letter.id(), id(req), letter.changeVersion());
                    return Reply.of(200, letter(letter));
                }))
                .delete(LETTERS + "/{id}", operation(req -> {
                    DeadLetters.Letter letter = of(req).discard(letterId(req));
                    LOG.warn("Dead letter {} of {} (change version {} of document {}) discarded: it will not be applied", letter.id(), id(req),
                            letter.changeVersion(), letter.documentId());
                    return Reply.of(200, letter(letter));
                }));
        Responses.notAllowed(http, LETTERS, List.of(Method.GET));
        Responses.notAllowed(http, LETTERS + "/replay", List.of(Method.POST));
        Responses.notAllowed(http, LETTERS + "/{id}", List.of(Method.DELETE));
        Responses.notAllowed(http, LETTERS + "/{id}/replay", List.of(Method.POST));
    }

    /** The dead letters of the ready instance the request names, in its store. */
    private DeadLetters of(ServerRequest req) {
        InstanceId id = id(req);
        Instance instance = registry.find(id).filter(Instance::ready)
                .orElseThrow(() -> new DeadLetterException(DeadLetterException.Kind.NOT_FOUND, "no ready instance " + id.tenant() + "/" + id.instance()));
        Jdbi store = Jdbi.create(servers.get(instance.server()).jdbcUrl(instance.store()));
        return new DeadLetters(store, new DocumentWriter(store, relationships, history));
    }

    private static InstanceId id(ServerRequest req) {
        String tenant = req.path().pathParameters().get("tenant");
        String name = req.path().pathParameters().get("name");
        try {
            return new InstanceId(tenant, name);
        } catch (IllegalArgumentException e) {
            throw new DeadLetterException(DeadLetterException.Kind.NOT_FOUND, "no instance " + tenant + "/" + name);
        }
    }

    private static long letterId(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new DeadLetterException(DeadLetterException.Kind.NOT_FOUND, "no dead letter " + id);
        }
    }

    private static ArrayNode letters(List<DeadLetters.Letter> letters) {
        ArrayNode array = MessageCodec.MAPPER.createArrayNode();
        letters.forEach(letter -> array.add(letter(letter)));
        return array;
    }

    private static ObjectNode letter(DeadLetters.Letter letter) {
        ObjectNode json = MessageCodec.MAPPER.createObjectNode()
                .put("id", letter.id()).put("state", letter.state())
                .put("topic", letter.topic()).put("partition", letter.partition()).put("offset", letter.offset())
                .put("changeVersion", letter.changeVersion()).put("documentId", letter.documentId().toString())
                .put("resource", letter.project() + "/" + letter.resource()).put("deleted", letter.deleted())
                .put("error", letter.error()).put("sqlState", letter.sqlState()).put("parkedAt", letter.parkedAt().toString());
        letter.replayedAt().ifPresent(at -> json.put("replayedAt", at.toString()));
        letter.discardedAt().ifPresent(at -> json.put("discardedAt", at.toString()));
        return json;
    }

    private static ArrayNode outcomes(List<String> outcomes) {
        ArrayNode array = MessageCodec.MAPPER.createArrayNode();
        outcomes.forEach(array::add);
        return array;
    }

    private static io.helidon.webserver.http.Handler operation(Function<ServerRequest, Reply> operation) {
        return Responses.replying(operation, DeadLetterService::refusal);
    }

    private static Optional<Problem> refusal(RuntimeException e) {
        return Optional.ofNullable(switch (e) {
            case DeadLetterException letter when letter.kind() == DeadLetterException.Kind.NOT_FOUND ->
                    Problem.notFound(Character.toUpperCase(letter.getMessage().charAt(0)) + letter.getMessage().substring(1) + ".");
            case DeadLetterException letter -> Problem.conflict(letter.getMessage());
            case JdbiException store -> {
                LOG.warn("The instance's store failed", store);
                yield Problem.serviceUnavailable("the instance's store is unavailable: " + store.getMessage());
            }
            default -> null;
        });
    }
}
