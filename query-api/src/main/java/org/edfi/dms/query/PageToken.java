package org.edfi.dms.query;

/**
 * A position in a resource's documents, in creation order ({@code document_seq}): the next page
 * holds the documents after {@code after} up to and including {@code until}. A walk from
 * {@link #FIRST} reads the whole collection; a partition's token carries the end of its segment as
 * {@code until}, so the walk that starts from it stays inside it.
 *
 * @param after the last position already read (0: none; positions start at 1)
 * @param until the last position of the walk's segment ({@link Long#MAX_VALUE}: no end, documents
 *     created during the walk are read too)
 */
record PageToken(long after, long until) {

    /** The whole collection, from its first document. */
    static final PageToken FIRST = new PageToken(0, Long.MAX_VALUE);

    PageToken {
        if (after < 0 || until < after) {
            throw new IllegalArgumentException("not a segment: (" + after + ", " + until + "]");
        }
    }

    /** The rest of this segment after {@code position}, the last position a page read. */
    PageToken continuingAfter(long position) {
        return new PageToken(position, until);
    }
}
