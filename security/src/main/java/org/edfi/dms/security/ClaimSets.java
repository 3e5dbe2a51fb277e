package org.edfi.dms.security;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.edfi.dms.contracts.MessageCodec;

/**
 * The claim sets: which actions a client may take on which resources. A claim set is a list of
 * rules, each naming resources and the actions allowed on them; resources are named generically,
 * by their endpoint name as in the URL (case-insensitive), so no Data Standard specific code exists:
 *
 * <ul>
 *   <li>an exact name: {@code students};
 *   <li>a glob, {@code *} standing for any characters: {@code studentAssessment*};
 *   <li>{@code descriptors}: every descriptor resource;
 *   <li>{@code *}: every resource.
 * </ul>
 *
 * The most specific rule that matches a resource decides alone: an exact name, then a glob (the one
 * with the most literal characters; equally specific globs allow what any of them allows), then
 * {@code descriptors}, then {@code *}. So {@code {"*": [read, ...], "descriptors": [read]}} lets a
 * client write every resource but descriptors. A claim set without a matching rule, and an
 * unknown claim set, allow nothing.
 *
 * <p>The built-in sets are in {@code claim-sets.json} beside this class; a file of the same format
 * adds sets or replaces built-in ones of the same name (docs/security.md).
 */
public final class ClaimSets {

    private static final String BUILT_IN = "claim-sets.json";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9*]+");
    private static final String DESCRIPTORS = "descriptors";
    private static final String EVERYTHING = "*";

    /** A rule's reach; the order is its specificity, most specific last. */
    private enum Kind { EVERYTHING, DESCRIPTORS, GLOB, EXACT }

    /** @param glob for a glob or an exact name, the lower-case pattern of the endpoint names it matches */
    private record Rule(String text, Kind kind, Pattern glob, int literals, Set<Action> actions) {

        boolean matches(String resource, boolean isDescriptor) {
            return switch (kind) {
                case EVERYTHING -> true;
                case DESCRIPTORS -> isDescriptor;
                case GLOB, EXACT -> glob.matcher(resource).matches();
            };
        }

        /** Higher is more specific. */
        long specificity() {
            return ((long) kind.ordinal() << 32) | literals;
        }
    }

    /** A named claim set: its description and rules, in file order, and whether it reaches the admin API. */
    public record ClaimSet(String name, String description, List<String> rules, boolean admin) {}

    private final Map<String, List<Rule>> sets;
    private final Map<String, ClaimSet> described;

    private ClaimSets(Map<String, List<Rule>> sets, Map<String, ClaimSet> described) {
        this.sets = Map.copyOf(sets);
        this.described = Collections.unmodifiableMap(new LinkedHashMap<>(described));
    }

    /** Whether a client of {@code claimSet} may use the admin API (tenants, instances, vendors, applications, clients, keys). */
    public boolean allowsAdmin(String claimSet) {
        ClaimSet set = claimSet == null ? null : described.get(claimSet);
        return set != null && set.admin();
    }

    /** The built-in claim sets. */
    public static ClaimSets builtIn() {
        return load(Optional.empty());
    }

    /**
     * The built-in claim sets, with those of {@code file} added over them (a set of the same name
     * replaces the built-in one).
     *
     * @throws IllegalArgumentException the file is unreadable or breaks the format: the message names the file and the place
     */
    public static ClaimSets load(Optional<Path> file) {
        Map<String, List<Rule>> sets = new LinkedHashMap<>();
        Map<String, ClaimSet> described = new LinkedHashMap<>();
        try (InputStream in = ClaimSets.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + BUILT_IN);
            }
            parse(in.readAllBytes(), "built-in " + BUILT_IN, sets, described);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (file.isPresent()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file.get());
            } catch (IOException e) {
                throw new IllegalArgumentException("Claim sets file " + file.get() + " cannot be read: " + e.getMessage(), e);
            }
            parse(bytes, "Claim sets file " + file.get(), sets, described);
        }
        return new ClaimSets(sets, described);
    }

    /** Whether a client of {@code claimSet} may take {@code action} on the resource of this endpoint name ({@code studentAssessments}). */
    public boolean allows(String claimSet, String resourceEndpointName, boolean isDescriptor, Action action) {
        List<Rule> rules = claimSet == null ? null : sets.get(claimSet);
        if (rules == null || resourceEndpointName == null) {
            return false;
        }
        String resource = resourceEndpointName.toLowerCase(Locale.ROOT);
        long best = -1;
        boolean allowed = false;
        for (Rule rule : rules) {
            if (!rule.matches(resource, isDescriptor)) {
                continue;
            }
            long specificity = rule.specificity();
            if (specificity > best) {
                best = specificity;
                allowed = rule.actions().contains(action);
            } else if (specificity == best) {
                allowed |= rule.actions().contains(action);
            }
        }
        return allowed;
    }

    public boolean contains(String claimSet) {
        return sets.containsKey(claimSet);
    }

    /** Every claim set, built-in ones first, in file order. */
    public List<ClaimSet> claimSets() {
        return List.copyOf(described.values());
    }

    public List<String> names() {
        return List.copyOf(described.keySet());
    }

    // ---- the file format -------------------------------------------------------------------

    /**
     * {@code {"<name>": {"description": "...", "admin": false, "rules": {"<resource rule>": ["create", "read", ...]}}}}.
     * Every error names its source and JSON path.
     */
    private static void parse(byte[] bytes, String source, Map<String, List<Rule>> sets, Map<String, ClaimSet> described) {
        JsonNode root;
        try {
            root = MessageCodec.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String place = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException(source + " is not valid JSON" + place + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw invalid(source, "$", "the file is a JSON object of claim sets by name");
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String name = entry.getKey();
            String path = "$." + name;
            if (!NAME.matcher(name).matches()) {
                throw invalid(source, path, "a claim set name is 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit");
            }
            JsonNode set = entry.getValue();
            if (!set.isObject()) {
                throw invalid(source, path, "a claim set is an object with \"rules\" and an optional \"description\"");
            }
            for (Map.Entry<String, JsonNode> field : set.properties()) {
                if (!List.of("rules", "description", "admin").contains(field.getKey())) {
                    throw invalid(source, path + "." + field.getKey(), "unknown field; the fields are description, rules, admin");
                }
            }
            JsonNode description = set.get("description");
            if (description != null && !description.isTextual()) {
                throw invalid(source, path + ".description", "a description is a string");
            }
            JsonNode admin = set.get("admin");
            if (admin != null && !admin.isBoolean()) {
                throw invalid(source, path + ".admin", "admin is true or false");
            }
            JsonNode rules = set.get("rules");
            if (rules == null || !rules.isObject()) {
                throw invalid(source, path + ".rules", "rules is an object of actions by resource rule, e.g. {\"descriptors\": [\"read\"]}");
            }
            List<Rule> parsed = new ArrayList<>();
            for (Map.Entry<String, JsonNode> rule : rules.properties()) {
                parsed.add(rule(source, path + ".rules." + rule.getKey(), rule.getKey(), rule.getValue()));
            }
            sets.put(name, List.copyOf(parsed));
            described.remove(name); // a replaced built-in moves to where the file puts it
            described.put(name, new ClaimSet(name, description == null ? "" : description.asText(),
                    parsed.stream().map(r -> r.text() + ": " + r.actions().stream().map(Action::label).collect(Collectors.joining(", "))).toList(),
                    admin != null && admin.asBoolean()));
        }
    }

    private static Rule rule(String source, String path, String text, JsonNode actionsJson) {
        if (!actionsJson.isArray()) {
            throw invalid(source, path, "a rule's actions are an array of create, read, update, delete");
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (int i = 0; i < actionsJson.size(); i++) {
            JsonNode action = actionsJson.get(i);
            Optional<Action> known = action.isTextual()
                    ? Arrays.stream(Action.values()).filter(a -> a.label().equals(action.asText())).findFirst()
                    : Optional.empty();
            if (known.isEmpty()) {
                throw invalid(source, path + "[" + i + "]", "unknown action " + action + "; the actions are create, read, update, delete");
            }
            actions.add(known.get());
        }
        String resource = text.toLowerCase(Locale.ROOT);
        if (text.equals(EVERYTHING)) {
            return new Rule(text, Kind.EVERYTHING, null, 0, actions);
        }
        if (text.equals(DESCRIPTORS)) {
            return new Rule(text, Kind.DESCRIPTORS, null, 0, actions);
        }
        if (!RESOURCE.matcher(text).matches()) {
            throw invalid(source, path, "a resource rule is \"*\", \"descriptors\", an endpoint name (students) or a glob of one (studentAssessment*)");
        }
        if (!text.contains("*")) {
            return new Rule(text, Kind.EXACT, Pattern.compile(Pattern.quote(resource)), resource.length(), actions);
        }
        String regex = Arrays.stream(resource.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return new Rule(text, Kind.GLOB, Pattern.compile(regex), resource.replace("*", "").length(), actions);
    }

    private static IllegalArgumentException invalid(String source, String path, String message) {
        return new IllegalArgumentException(source + ", at " + path + ": " + message);
    }
}
