package org.edfi.dms.benchmarks.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** The count of documents an instance's store holds: a bulk load is over when every document it created is readable. */
public final class StoredDocuments {

    private StoredDocuments() {}

    /** Waits until the store at {@code storeJdbcUrl} (with the store's schema on the search path) holds at least {@code documents} documents. */
    public static void awaitAtLeast(String storeJdbcUrl, long documents) throws Exception {
        try (Connection db = DriverManager.getConnection(storeJdbcUrl)) {
            while (count(db) < documents) {
                Thread.sleep(20);
            }
        }
    }

    private static long count(Connection db) throws Exception {
        try (Statement count = db.createStatement(); ResultSet rs = count.executeQuery("SELECT count(*) FROM document")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
