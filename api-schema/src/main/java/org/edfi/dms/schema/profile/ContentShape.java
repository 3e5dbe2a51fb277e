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
 * <p>As the ODS/API reads a definition ({@code ProfileResourceMembersFilterProvider}): the level's
 * selection decides every member it names, {@code Property}, {@code Object}, {@code Collection} or
 * {@code Extension} alike. Under {@code IncludeOnly} the named ones are kept, under
 * {@code ExcludeOnly} they are dropped whole (an {@code ExcludeOnly} naming a collection hides the
 * collection, whatever the collection's own selection says). A named object, collection or
 * extension that is kept ({@code IncludeOnly}, {@code IncludeAll}) is narrowed by its own
 * selection and members, and dropped when that selection is {@code ExcludeAll}. The Ed-Fi DMS
 * differs here: it keeps a collection named under {@code ExcludeOnly} and narrows it.
 *
 * @param properties the members the level names with {@code Property}
 * @param objects the named objects, each with its own shape, by JSON name
 * @param collections the named collections, with their items' shape and filter, by JSON name
 * @param extensions the named extensions, by their {@code _ext} key
 */
public record ContentShape(MemberSelection selection, Set<String> properties, Map<String, ContentShape> objects,
        Map<String, CollectionShape> collections, Map<String, ContentShape> extensions) {

    /** Everything, as a level the profile does not narrow. */
    public static final ContentShape ALL = new ContentShape(MemberSelection.INCLUDE_ALL, Set.of(), Map.of(), Map.of(), Map.of());

    public ContentShape {
        properties = Set.copyOf(properties);
        objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
        collections = Collections.unmodifiableMap(new LinkedHashMap<>(collections));
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** Whether a member of this level is kept. */
    public boolean includes(String member) {
        ContentShape rule = objects.containsKey(member) ? objects.get(member)
                : collections.containsKey(member) ? collections.get(member).items() : null;
        if (rule != null) {
            return keepsNamed() && rule.selection() != MemberSelection.EXCLUDE_ALL;
        }
        return switch (selection) {
            case INCLUDE_ALL -> true;
            case EXCLUDE_ALL -> false;
            case INCLUDE_ONLY -> properties.contains(member);
            case EXCLUDE_ONLY -> !properties.contains(member);
        };
    }

    /** Whether an extension ({@code _ext} key) of this level is kept. */
    public boolean includesExtension(String extension) {
        if (extensions.containsKey(extension)) {
            return keepsNamed() && extensions.get(extension).selection() != MemberSelection.EXCLUDE_ALL;
        }
        return selection == MemberSelection.INCLUDE_ALL || selection == MemberSelection.EXCLUDE_ONLY;
    }

    /** Whether this level keeps the objects, collections and extensions it names (it drops them under ExcludeOnly and ExcludeAll). */
    private boolean keepsNamed() {
        return selection == MemberSelection.INCLUDE_ONLY || selection == MemberSelection.INCLUDE_ALL;
    }

    /** The shape of a kept object member: its own when the profile names it, else all of it. */
    public ContentShape object(String member) {
        return objects.getOrDefault(member, ALL);
    }

    /** The shape of a kept collection member. */
    public CollectionShape collection(String member) {
        return collections.getOrDefault(member, CollectionShape.ALL);
    }

    /** The shape of a kept extension. */
    public ContentShape extension(String key) {
        return extensions.getOrDefault(key, ALL);
    }

    /** Whether this level keeps everything, all the way down. */
    public boolean keepsEverything() {
        if (selection == MemberSelection.EXCLUDE_ONLY) {
            return properties.isEmpty() && objects.isEmpty() && collections.isEmpty() && extensions.isEmpty();
        }
        return selection == MemberSelection.INCLUDE_ALL && objects.values().stream().allMatch(ContentShape::keepsEverything)
                && collections.values().stream().allMatch(c -> c.filter().isEmpty() && c.items().keepsEverything())
                && extensions.values().stream().allMatch(ContentShape::keepsEverything);
    }

    /** A collection's items: their shape, and which of them the profile shows at all. */
    public record CollectionShape(ContentShape items, Optional<ItemFilter> filter) {

        public static final CollectionShape ALL = new CollectionShape(ContentShape.ALL, Optional.empty());
    }
}
