package org.edfi.dms.runtime;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.edfi.dms.contracts.InstanceStore;

/**
 * A PostgreSQL server that holds instance databases, as the roles reach it: a JDBC URL without a
 * database ({@code jdbc:postgresql://host:5432/}), a user and a password.
 */
public record PostgresServer(String url, String user, String password) {

    private static final String PREFIX = "jdbc:postgresql://";

    /** Keeps the server part of {@code url}: a database or parameters in it are ignored. */
    public PostgresServer {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("A PostgreSQL JDBC URL starts with " + PREFIX + ", not " + url);
        }
        String server = url.substring(PREFIX.length()).split("[/?]", 2)[0];
        url = PREFIX + server + "/";
    }

    /** A JDBC URL for one database of this server, with the credentials in it (the pool and LISTEN connections take it as is). */
    public String jdbcUrl(String database) {
        return url + database + "?user=" + encode(user) + (password.isEmpty() ? "" : "&password=" + encode(password));
    }

    /** A JDBC URL for an instance's store: its database, with its schema first on the search path. */
    public String jdbcUrl(InstanceStore store) {
        return store.onSearchPath(jdbcUrl(store.database()));
    }

    public String host() {
        return URI.create(url.substring("jdbc:".length())).getHost();
    }

    public int port() {
        int port = URI.create(url.substring("jdbc:".length())).getPort();
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
