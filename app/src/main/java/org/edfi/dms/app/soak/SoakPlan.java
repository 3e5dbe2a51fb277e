package org.edfi.dms.app.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one soak does.
 *
 * @param documents   how many documents to generate and load at least (the generator's district scales by students)
 * @param minutes     how long the load and the chaos go on at least: after the first load, rounds of updates, key
 *                    changes and deletes follow until then, and until every role was killed at least once
 * @param killEvery   the pause between two kills of the chaos loop
 * @param workDir     where the broker, PostgreSQL, the roles' state and logs go (made by the soak, left for inspection)
 * @param home        the project directory, for the roles' JVMs
 * @param apiSchemas  the ApiSchema files, core first
 * @param seed        the generator's seed
 * @param kafkaShare  one document in this many of the first load goes over Kafka (the others over HTTP); 0: none
 */
public record SoakPlan(long documents, Duration minutes, Duration killEvery, Path workDir, Path home, List<Path> apiSchemas, long seed,
        int kafkaShare) {

    /** HTTP requests in flight at once. */
    static final int CONCURRENCY = 8;

    public SoakPlan {
        if (documents < 100) {
            throw new IllegalArgumentException("--documents must be at least 100");
        }
        if (killEvery.isNegative() || killEvery.isZero()) {
            throw new IllegalArgumentException("--kill-every must be more than 0 s");
        }
        apiSchemas = List.copyOf(apiSchemas);
    }
}
