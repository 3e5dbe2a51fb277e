package org.edfi.dms.query;

/**
 * The snapshot headers of a read as sent (null: absent), docs/paging.md#snapshots: {@code Use-Snapshot: true}
 * reads the instance as of one change version, the newest readable one unless
 * {@code Snapshot-Change-Version} names another that an earlier answer gave.
 */
public record SnapshotRequest(String useSnapshot, String changeVersion) {

    /** The Ed-Fi request header that asks for a snapshot read. */
    public static final String USE_SNAPSHOT = "Use-Snapshot";
    /** The header that names a snapshot: the request's (which one to read) and every snapshot answer's (which one was read). */
    public static final String CHANGE_VERSION = "Snapshot-Change-Version";

    /** A read of the live documents. */
    public static final SnapshotRequest NONE = new SnapshotRequest(null, null);
}
