package org.edfi.dms.benchmarks.bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The load generator's HTTP client: Helidon's blocking WebClient over keep-alive connections,
 * called from virtual threads (the JDK's HttpClient spent more CPU than the server it measured).
 * Every request carries the bearer token (renewed as it nears expiry), as a real client's does;
 * each response body is read whole. A request that fails on the wire answers status -1.
 */
final class LoadClient {

    /** A response's status, for a create the new resource's id (from its Location), and the body of a refusal. */
    record Answer(int status, Optional<String> id, String refusal) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** This answer, or an exception saying what the server answered instead. */
        Answer expectOk(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " answered " + status + ": " + refusal);
            }
            return this;
        }
    }

    private final WebClient http = WebClient.create();
    private final Supplier<String> authorization;

    LoadClient(Supplier<String> authorization) {
        this.authorization = authorization;
    }

    Answer post(String url, String body) {
        return send(http.post(url), body);
    }

    /** A POST of a body in another media type than JSON (a profile's XML, say). */
    Answer postAs(String url, String contentType, String body) {
        try (HttpClientResponse response = http.post(url).header(HeaderNames.CONTENT_TYPE, contentType)
                .header(HeaderNames.AUTHORIZATION, authorization.get()).submit(body)) {
            return answer(response);
        } catch (RuntimeException e) {
            return new Answer(-1, Optional.empty(), e.toString());
        }
    }

    /** The body a POST is answered with (an admin API's new client, say); a refusal is an exception. */
    String postForBody(String url, String body) {
        try (HttpClientResponse response = http.post(url).header(HeaderValues.CONTENT_TYPE_JSON).header(HeaderNames.AUTHORIZATION, authorization.get())
                .submit(body)) {
            String text = response.as(String.class);
            if (response.status().code() / 100 != 2) {
                throw new IllegalStateException("POST " + url + " answered " + response.status().code() + ": " + text);
            }
            return text;
        }
    }

    Answer put(String url, String body) {
        return send(http.put(url), body);
    }

    Answer delete(String url) {
        try (HttpClientResponse response = http.delete(url).header(HeaderNames.AUTHORIZATION, authorization.get()).request()) {
            return answer(response);
        } catch (RuntimeException e) {
            return new Answer(-1, Optional.empty(), e.toString());
        }
    }

    /** A GET of {@code url} with query parameters given as name, value, name, value... */
    Answer get(String url, String... query) {
        HttpClientRequest request = http.get(url).header(HeaderNames.AUTHORIZATION, authorization.get());
        for (int i = 0; i + 1 < query.length; i += 2) {
            request.queryParam(query[i], query[i + 1]);
        }
        try (HttpClientResponse response = request.request()) {
            return answer(response);
        } catch (RuntimeException e) {
            return new Answer(-1, Optional.empty(), e.toString());
        }
    }

    /** The body of a GET that must answer 200, with query parameters given as name, value... */
    String body(String url, String... query) {
        HttpClientRequest request = http.get(url).header(HeaderNames.AUTHORIZATION, authorization.get());
        for (int i = 0; i + 1 < query.length; i += 2) {
            request.queryParam(query[i], query[i + 1]);
        }
        try (HttpClientResponse response = request.request()) {
            String body = response.as(String.class);
            if (response.status().code() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.status().code() + ": " + body);
            }
            return body;
        }
    }

    /** A page of a GET-many: its status, the documents it holds and the token of the next page, if one follows. */
    record Page(int status, int documents, Optional<String> nextPageToken) {}

    /**
     * A GET-many with query parameters given as name, value...; its documents are counted, not parsed
     * (each rendered document starts with {@code {"id": "}, which the bench's documents hold nowhere else).
     */
    Page page(String url, String... query) {
        HttpClientRequest request = http.get(url).header(HeaderNames.AUTHORIZATION, authorization.get());
        for (int i = 0; i + 1 < query.length; i += 2) {
            request.queryParam(query[i], query[i + 1]);
        }
        try (HttpClientResponse response = request.request()) {
            String body = response.as(String.class);
            int documents = 0;
            for (int at = body.indexOf("{\"id\": \""); at >= 0; at = body.indexOf("{\"id\": \"", at + 1)) {
                documents++;
            }
            return new Page(response.status().code(), documents, response.headers().first(HeaderNames.create("Next-Page-Token")));
        } catch (RuntimeException e) {
            return new Page(-1, 0, Optional.empty());
        }
    }

    private Answer send(HttpClientRequest request, String body) {
        try (HttpClientResponse response = request.header(HeaderValues.CONTENT_TYPE_JSON).header(HeaderNames.AUTHORIZATION, authorization.get())
                .submit(body)) {
            return answer(response);
        } catch (RuntimeException e) {
            return new Answer(-1, Optional.empty(), e.toString());
        }
    }

    private static Answer answer(HttpClientResponse response) {
        String body = response.entity().hasEntity() ? response.as(String.class) : ""; // read whole, as a client does
        int status = response.status().code();
        Optional<String> id = response.headers().first(HeaderNames.LOCATION).map(l -> l.substring(l.lastIndexOf('/') + 1));
        return new Answer(status, id, status >= 200 && status < 300 ? "" : body);
    }
}
