package org.edfi.dms.benchmarks.bench;

import java.io.OutputStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import org.postgresql.PGConnection;

/**
 * PostgreSQL's own limits on the server the system uses: documents written by single-row JSONB
 * INSERTs with synchronous commit (the least a store that makes each write durable can do) and by
 * COPY (the fastest way in), into a database of their own so the system's change capture does not
 * see them; and pages of 500 documents read from the system's store by the cheapest SQL there is.
 */
public final class PostgresCeiling implements AutoCloseable {

    private static final String DATABASE = "bench_ceiling";

    private final Connection connection;
    private final String databaseUrl;
    /** The connections of {@link #singleRowUpdates} clients, closed with this. */
    private final List<Connection> clients = new ArrayList<>();

    /** Connects to a scratch database beside the store at {@code storeJdbcUrl} (same server), creating it when missing. */
    public PostgresCeiling(String storeJdbcUrl) throws SQLException {
        String server = storeJdbcUrl.substring(0, storeJdbcUrl.indexOf('/', "jdbc:postgresql://".length()) + 1);
        try (Connection postgres = DriverManager.getConnection(server + "postgres?user=postgres"); Statement sql = postgres.createStatement();
                ResultSet exists = sql.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!exists.next()) {
                sql.execute("CREATE DATABASE " + DATABASE);
            }
        }
        databaseUrl = server + DATABASE + "?user=postgres";
        connection = DriverManager.getConnection(databaseUrl);
        try (Statement sql = connection.createStatement()) {
            sql.execute("SET synchronous_commit = on");
            sql.execute("DROP TABLE IF EXISTS ceiling_document");
            sql.execute("CREATE TABLE ceiling_document (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, doc jsonb NOT NULL)");
        }
    }

    /** {@code count} documents, each its own INSERT and commit. */
    Load.Outcome singleRowInserts(int count, IntFunction<String> document) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ceiling_document (doc) VALUES (CAST(? AS jsonb))")) {
            return Load.serial(count, (client, i) -> {
                insert.setString(1, document.apply((int) i));
                return insert.executeUpdate() == 1;
            });
        }
    }

    /** A document of the scratch table, numbered from 0 in the order {@link #copyIn} took them, and its new text. */
    record Row(int number, String document) {}

    /** Puts {@code documents} in the scratch table, numbered from 0 in this order, for {@link #singleRowUpdates}. */
    void copyIn(List<String> documents) throws Exception {
        try (Statement sql = connection.createStatement()) {
            sql.execute("TRUNCATE ceiling_document RESTART IDENTITY");
        }
        copy(documents.iterator());
    }

    /**
     * A closed loop's request replacing one document of the scratch table by its row number (an
     * UPDATE by primary key, its own synchronous commit), on a connection per client:
     * {@code row} answers which document a client's {@code i}-th request replaces and with what.
     */
    Load.Request singleRowUpdates(int clientCount, RowChange row) throws SQLException {
        List<PreparedStatement> updates = new ArrayList<>();
        for (int c = 0; c < clientCount; c++) {
            Connection client = DriverManager.getConnection(databaseUrl);
            clients.add(client);
            try (Statement sql = client.createStatement()) {
                sql.execute("SET synchronous_commit = on");
            }
            updates.add(client.prepareStatement("UPDATE ceiling_document SET doc = CAST(? AS jsonb) WHERE id = ?"));
        }
        return (client, i) -> {
            Row change = row.of(client, i);
            PreparedStatement update = updates.get(client);
            update.setString(1, change.document());
            update.setLong(2, change.number() + 1L); // identity numbers from 1
            return update.executeUpdate() == 1;
        };
    }

    /** Which row a client's {@code i}-th update replaces, and with what. */
    interface RowChange {
        Row of(int client, long i);
    }

    /** Seconds to COPY {@code documents} (JSON texts) in one transaction, streamed in chunks of about 16 MB. */
    public double copy(Iterator<String> documents) throws Exception {
        connection.setAutoCommit(false);
        try {
            long start = System.nanoTime();
            StringBuilder chunk = new StringBuilder();
            while (documents.hasNext()) {
                chunk.append(documents.next().replace("\\", "\\\\")).append('\n');
                if (chunk.length() > 16 << 20 || !documents.hasNext()) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY ceiling_document (doc) FROM STDIN", new StringReader(chunk.toString()));
                    chunk.setLength(0);
                }
            }
            connection.commit();
            return (System.nanoTime() - start) / 1e9;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Reads pages of {@code limit} documents of one resource from the system's store, each page found by
     * a key (keyset paging) rather than an offset: the cheapest way PostgreSQL can hand out a page.
     * {@code startAt} is the number of documents skipped before the first page.
     */
    static Load.Outcome keysetPages(String storeJdbcUrl, String resource, long startAt, int limit, int pages, boolean wrap) throws Exception {
        try (Connection store = DriverManager.getConnection(storeJdbcUrl);
                PreparedStatement first = store.prepareStatement("SELECT document_seq FROM document WHERE project = 'ed-fi' AND resource = ?"
                        + " ORDER BY document_seq OFFSET ? LIMIT 1");
                PreparedStatement page = store.prepareStatement("SELECT document_id, edfi_doc::text, etag, last_modified, document_seq FROM document"
                        + " WHERE project = 'ed-fi' AND resource = ? AND document_seq >= ? ORDER BY document_seq LIMIT ?")) {
            first.setString(1, resource);
            first.setLong(2, startAt);
            long startSeq;
            try (ResultSet rs = first.executeQuery()) {
                startSeq = rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
            }
            long[] next = {startSeq};
            return Load.serial(pages, (client, i) -> {
                page.setString(1, resource);
                page.setLong(2, next[0]);
                page.setInt(3, limit);
                long last = next[0];
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(2); // the document text, as a client gets it
                        last = rs.getLong(5);
                    }
                }
                // Successive pages walk on, or read the same page again when wrapping (deep paging samples one position).
                next[0] = wrap ? startSeq : last + 1;
                return true;
            });
        }
    }

    /**
     * Documents a second that {@code COPY ... TO STDOUT} hands out of one resource of the system's
     * store, in creation order, to a client that discards them: the fastest way out of PostgreSQL.
     */
    static double copyOut(String storeJdbcUrl, String resource) throws Exception {
        try (Connection store = DriverManager.getConnection(storeJdbcUrl)) {
            long start = System.nanoTime();
            long rows = store.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT document_id, edfi_doc, etag, last_modified FROM document"
                    + " WHERE project = 'ed-fi' AND resource = '" + resource + "' ORDER BY document_seq) TO STDOUT", OutputStream.nullOutputStream());
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void close() throws SQLException {
        for (Connection client : clients) {
            client.close();
        }
        try (Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS ceiling_document");
        }
        connection.close();
    }
}
