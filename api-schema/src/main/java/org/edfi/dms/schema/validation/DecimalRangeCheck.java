package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import org.edfi.dms.schema.DecimalLimit;
import org.edfi.dms.schema.JsonPath;

/**
 * Decimals stay within the range their precision and scale allow, worded as the DMS words it:
 * {@code yearsOfPriorProfessionalExperience must be between -999.99 and 999.99.} As in the DMS, the
 * range is checked, not the number of fraction digits.
 */
final class DecimalRangeCheck {

    private DecimalRangeCheck() {}

    static void check(List<DecimalLimit> limits, JsonNode document, ValidationErrors errors) {
        for (DecimalLimit limit : limits) {
            for (JsonPath.Match match : limit.path().matches(document)) {
                if (!match.value().isNumber()) {
                    continue; // the schema tells a value that is not a number
                }
                BigDecimal value = match.value().decimalValue();
                if (value.compareTo(limit.min()) < 0 || value.compareTo(limit.max()) > 0) {
                    errors.add(match.path(), limit.path().toString().substring(2) + " must be between "
                            + limit.min().toPlainString() + " and " + limit.max().toPlainString() + ".");
                }
            }
        }
    }
}
