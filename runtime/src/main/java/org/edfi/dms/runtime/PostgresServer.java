package org.edfi.dms.runtime;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edfi.dms.contracts.InstanceStore;

/**
 * A PostgreSQL server that holds instance databases, as the roles reach it: a JDBC URL without a
 * database ({@code jdbc:postgresql://host:5432/}), with the connection's parameters when it has any
 * ({@code jdbc:postgresql://host:5432/?sslmode=verify-full&sslrootcert=/certs/ca.pem}), a user and a
 * password. Every database URL made of it keeps the parameters, so a server that requires TLS is
 * reached with TLS by every connection to every database on it.
 */
public record PostgresServer(String url, String user, String password) {

    private static final String PREFIX = "jdbc:postgresql://";

    /** Keeps the server part and the parameters of {@code url}: a database named in it is ignored (each connection names its own). */
    public PostgresServer {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("A PostgreSQL JDBC URL starts with " + PREFIX + ", not " + url);
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String parameters = query < 0 ? "" : rest.substring(query + 1);
        String server = (query < 0 ? rest : rest.substring(0, query)).split("/", 2)[0];
        url = PREFIX + server + "/" + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** A JDBC URL for one database of this server, with its parameters and the credentials in it (the pool and LISTEN connections take it as is). */
    public String jdbcUrl(String database) {
        String parameters = parameterText();
        return PREFIX + serverPart() + "/" + database + "?" + (parameters.isEmpty() ? "" : parameters + "&") + "user=" + encode(user)
                + (password.isEmpty() ? "" : "&password=" + encode(password));
    }

    /** The connection's parameters as the URL gives them ({@code sslmode} to {@code require}), in order, decoded. */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : parameterText().split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                parameters.put(decode(equals < 0 ? pair : pair.substring(0, equals)), equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return parameters;
    }

    private String serverPart() {
        return url.substring(PREFIX.length(), url.indexOf('/', PREFIX.length()));
    }

    private String parameterText() {
        int query = url.indexOf('?');
        return query < 0 ? "" : url.substring(query + 1);
    }

    /** A JDBC URL for an instance's store: its database, with its schema first on the search path. */
    public String jdbcUrl(InstanceStore store) {
        return store.onSearchPath(jdbcUrl(store.database()));
    }

    public String host() {
        return URI.create("postgresql://" + serverPart() + "/").getHost();
    }

    public int port() {
        int port = URI.create("postgresql://" + serverPart() + "/").getPort();
        return port < 0 ? 5432 : port;
    }

    /** Creates an instance database unless it exists; safe to run from several processes at once. */
    public void ensureDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: another process made it meanwhile
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on " + url + ": " + e.getMessage(), e);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
