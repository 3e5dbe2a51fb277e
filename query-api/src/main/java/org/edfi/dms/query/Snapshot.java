package org.edfi.dms.query;

/**
 * The instance as of one change version (docs/paging.md#snapshots): every document that existed at
 * it, each with its body as of it. A snapshot is named by its change version.
 */
record Snapshot(long changeVersion) {}
