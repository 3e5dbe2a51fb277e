package org.edfi.dms.app.soak;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a soak did and found, as Markdown: the run (when, where, how long, how much), the kills each
 * role survived, and the counters, which must all be 0.
 *
 * @param findings by instance ({@code default/default}, {@code purge/default})
 */
public record SoakReport(Instant began, Duration elapsed, String machine, SoakPlan plan, long generated, long httpCreates, long kafkaCreates,
        long updates, long keyChanges, long deletes, long retries, long refused, List<String> refusals, long uncertain,
        Map<String, Integer> killsSurvived, int failedRestarts, long purges, long purgedRemembered, Map<String, SoakChecker.Findings> findings,
        Duration catchUp) {

    /** The sum of every counter that must be 0. */
    public long faults() {
        return refused + purgedRemembered + findings.values().stream().mapToLong(SoakChecker.Findings::faults).sum();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "## Soak of %s: %s%n%n", began.truncatedTo(ChronoUnit.SECONDS), faults() == 0 ? "every counter 0" : faults() + " FAULTS"));
        md.append(String.format(Locale.ROOT, "- Machine: %s%n", machine));
        md.append(String.format(Locale.ROOT, "- Ran %.1f min (asked: at least %.1f min, a kill every %d s), then %.0f s for the store to catch up%n",
                elapsed.toMillis() / 60_000.0, plan.minutes().toMillis() / 60_000.0, plan.killEvery().toSeconds(), catchUp.toMillis() / 1000.0));
        md.append(String.format(Locale.ROOT, "- Documents: %,d generated; acknowledged creates %,d over HTTP and %,d over Kafka; %,d updates, "
                + "%,d key changes, %,d deletes%n", generated, httpCreates, kafkaCreates, updates, keyChanges, deletes));
        md.append(String.format(Locale.ROOT, "- Writes sent again after no answer (5xx, 504, connection lost): %,d; **answered with a 4xx or never**: %,d; "
                + "documents left uncertain (last write never answered, not checked): %,d%n", retries, refused, uncertain));
        md.append(String.format(Locale.ROOT, "- Kills survived (kill -9, restarted, ready again): %s; restarts that failed: %d%n",
                String.join(", ", killsSurvived.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()), failedRestarts));
        md.append(String.format(Locale.ROOT, "- Purges of instance purge/default mid-load: %d; purged keys the processor still knew (200 instead of 201 "
                + "when written again): %d%n%n", purges, purgedRemembered));
        md.append("| Counter | ").append(String.join(" | ", findings.keySet())).append(" |\n");
        md.append("|---|").append("---:|".repeat(findings.size())).append('\n');
        row(md, "documents stored", SoakChecker.Findings::storedDocuments);
        row(md, "acknowledged documents checked", SoakChecker.Findings::checkedDocuments);
        row(md, "newest change version", SoakChecker.Findings::newestChangeVersion);
        row(md, "**acknowledged lost**", SoakChecker.Findings::acknowledgedLost);
        row(md, "**acknowledged stale**", SoakChecker.Findings::acknowledgedStale);
        row(md, "**deleted present**", SoakChecker.Findings::deletedPresent);
        row(md, "**former keys present**", SoakChecker.Findings::formerKeysPresent);
        row(md, "**duplicates**", SoakChecker.Findings::duplicates);
        row(md, "**dangling references**", SoakChecker.Findings::danglingReferences);
        row(md, "**purged present**", SoakChecker.Findings::purgedPresent);
        row(md, "**change versions repeated**", SoakChecker.Findings::changeVersionsRepeated);
        row(md, "**change version gaps**", SoakChecker.Findings::changeVersionGaps);
        row(md, "**processor state differs** (its changelog against the store)", SoakChecker.Findings::processorStateDiffers);
        row(md, "**analytics differs** (the CDC topic's latest against the store)", SoakChecker.Findings::analyticsDiffers);
        row(md, "**analytics versions unknown to the store**", SoakChecker.Findings::analyticsUnknownVersions);
        row(md, "analytics records sent again (at least once, dropped by change version)", SoakChecker.Findings::analyticsRepeats);
        List<String> examples = findings.entrySet().stream().flatMap(e -> e.getValue().examples().stream().map(x -> e.getKey() + ": " + x)).toList();
        if (!examples.isEmpty()) {
            md.append("\nFirst faults found:\n\n");
            examples.forEach(example -> md.append("- ").append(example).append('\n'));
        }
        if (!refusals.isEmpty()) {
            md.append("\nFirst writes refused or never answered:\n\n");
            refusals.forEach(refusal -> md.append("- ").append(refusal).append('\n'));
        }
        return md.toString();
    }

    private void row(StringBuilder md, String name, java.util.function.ToLongFunction<SoakChecker.Findings> value) {
        md.append("| ").append(name).append(" | ");
        md.append(String.join(" | ", findings.values().stream().map(f -> String.format(Locale.ROOT, "%,d", value.applyAsLong(f))).toList()));
        md.append(" |\n");
    }
}
