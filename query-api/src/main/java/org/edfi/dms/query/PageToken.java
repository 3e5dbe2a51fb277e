package org.edfi.dms.query;

/**
 * A position in a resource's documents, in creation order ({@code document_seq}): the next page
 * holds the documents after {@code after} up to and including {@code until}. A walk from
 * {@link #FIRST} reads the whole collection; a partition's token carries the end of its segment as
 * {@code until}, so the walk that starts from it stays inside it; a snapshot walk's carries its
 * snapshot, so that every page reads as of it.
 *
 * @param after the last position already read (0: none; positions start at 1)
 * @param until the last position of the walk's segment ({@link Long#MAX_VALUE}: no end, documents
 *     created during the walk are read too)
 * @param snapshot the snapshot the walk reads as of; null: the live documents
 */
record PageToken(long after, long until, Snapshot snapshot) {

    /** The whole collection, from its first document. */
    static final PageToken FIRST = new PageToken(0, Long.MAX_VALUE, null);

    PageToken {
        if (after < 0 || until < after) {
            throw new IllegalArgumentException("not a segment: (" + after + ", " + until + "]");
        }
    }

    /** A segment of the live documents. */
    PageToken(long after, long until) {
        this(after, until, null);
    }

    /** The rest of this segment after {@code position}, the last position a page read. */
    PageToken continuingAfter(long position) {
        return new PageToken(position, until, snapshot);
    }

    /** The same segment, read as of {@code as} (null: the live documents). */
    PageToken asOf(Snapshot as) {
        return new PageToken(after, until, as);
    }
}
