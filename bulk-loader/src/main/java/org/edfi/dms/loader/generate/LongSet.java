package org.edfi.dms.loader.generate;

/**
 * A set of 64-bit hashes, open addressing over a {@code long[]}: the natural keys produced so far,
 * at 8 to 16 bytes each instead of the ~50 of a {@code HashSet<Long>} entry, since a resource may
 * have hundreds of thousands of documents.
 */
final class LongSet {

    private long[] slots = new long[64];
    private int size;
    private boolean hasZero;

    /** Adds {@code value}; false when it was there already. */
    boolean add(long value) {
        if (value == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        return insert(slots, value);
    }

    boolean contains(long value) {
        if (value == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = spread(value) & mask; slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == value) {
                return true;
            }
        }
        return false;
    }

    private boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int i = spread(value) & mask;
        while (table[i] != 0) {
            if (table[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = value;
        if (table == slots) {
            size++;
        }
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long value : old) {
            if (value != 0) {
                insert(slots, value);
            }
        }
    }

    private static int spread(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
