package org.edfi.dms.schema.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one level of a document keeps under a profile: a resource's content type, or an object,
 * collection item or extension within it, in the document's JSON member names (resolved against
 * the ApiSchema by {@link ProfileResolver}).
 *
 * @param named the members the level names ({@code Property}, {@code Object}, {@code Collection})
 * @param objects the named objects that narrow themselves further, by JSON name
 * @param collections the named collections, with their items' shape and filter, by JSON name
 * @param extensions the named extensions, by their {@code _ext} key
 */
public record ContentShape(MemberSelection selection, Set<String> named, Map<String, ContentShape> objects,
        Map<String, CollectionShape> collections, Map<String, ContentShape> extensions) {

    /** Everything, as a level the profile does not narrow. */
    public static final ContentShape ALL = new ContentShape(MemberSelection.INCLUDE_ALL, Set.of(), Map.of(), Map.of(), Map.of());

    public ContentShape {
        named = Set.copyOf(named);
        objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
        collections = Collections.unmodifiableMap(new LinkedHashMap<>(collections));
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** Whether a member of this level is kept. */
    public boolean includes(String member) {
        return switch (selection) {
            case INCLUDE_ALL -> true;
            case EXCLUDE_ALL -> false;
            case INCLUDE_ONLY -> named.contains(member);
            case EXCLUDE_ONLY -> !named.contains(member);
        };
    }

    /** Whether an extension ({@code _ext} key) of this level is kept. */
    public boolean includesExtension(String extension) {
        return switch (selection) {
            case INCLUDE_ALL -> true;
            case EXCLUDE_ALL -> false;
            case INCLUDE_ONLY -> extensions.containsKey(extension);
            case EXCLUDE_ONLY -> !extensions.containsKey(extension);
        };
    }

    /** The shape of a kept object member: its own when the profile narrows it, else all of it. */
    public ContentShape object(String member) {
        return selection == MemberSelection.EXCLUDE_ONLY ? ALL : objects.getOrDefault(member, ALL);
    }

    /** The shape of a kept collection member. */
    public CollectionShape collection(String member) {
        return selection == MemberSelection.EXCLUDE_ONLY ? CollectionShape.ALL : collections.getOrDefault(member, CollectionShape.ALL);
    }

    /** The shape of a kept extension. */
    public ContentShape extension(String key) {
        return selection == MemberSelection.EXCLUDE_ONLY ? ALL : extensions.getOrDefault(key, ALL);
    }

    /** Whether this level keeps everything, all the way down. */
    public boolean keepsEverything() {
        return selection == MemberSelection.INCLUDE_ALL && objects.values().stream().allMatch(ContentShape::keepsEverything)
                && collections.values().stream().allMatch(c -> c.filter().isEmpty() && c.items().keepsEverything())
                && extensions.values().stream().allMatch(ContentShape::keepsEverything);
    }

    /** A collection's items: their shape, and which of them the profile shows at all. */
    public record CollectionShape(ContentShape items, Optional<ItemFilter> filter) {

        public static final CollectionShape ALL = new CollectionShape(ContentShape.ALL, Optional.empty());
    }
}
