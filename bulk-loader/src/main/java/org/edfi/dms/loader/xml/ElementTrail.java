package org.edfi.dms.loader.xml;

/**
 * Where the mapper is inside a record, kept as a cheap linked list while converting and spelled out
 * only for an error message: {@code Section/ClassPeriodReference[2]/ClassPeriodIdentity}. The index
 * (1-based among same-named siblings) is shown only where the name repeats.
 */
record ElementTrail(ElementTrail parent, XmlElement element) {

    static ElementTrail of(XmlElement record) {
        return new ElementTrail(null, record);
    }

    ElementTrail child(XmlElement child) {
        return new ElementTrail(this, child);
    }

    @Override
    public String toString() {
        StringBuilder path = new StringBuilder();
        append(path);
        return path.toString();
    }

    private void append(StringBuilder path) {
        if (parent == null) {
            path.append(element.name());
            element.attribute("id").ifPresent(id -> path.append("[id=").append(id).append(']'));
            return;
        }
        parent.append(path);
        path.append('/').append(element.name());
        int same = 0;
        int index = 0;
        for (XmlElement sibling : parent.element.children()) {
            if (sibling.name().equals(element.name())) {
                same++;
                if (sibling == element) {
                    index = same;
                }
            }
        }
        if (same > 1) {
            path.append('[').append(index).append(']');
        }
    }
}
