package org.edfi.dms.schema;

import java.math.BigDecimal;

/**
 * The precision and scale the Data Standard gives a decimal property ({@code totalDigits} and
 * {@code fractionDigits} of its XSD type, or the ApiSchema's {@code decimalPropertyValidationInfos}),
 * which bound its value as the DMS bounds it: at most {@code totalDigits - fractionDigits} whole
 * digits, so {@code 5, 2} allows -999.99 to 999.99.
 *
 * @param path where the value sits, e.g. {@code $.yearsOfPriorProfessionalExperience}
 */
public record DecimalLimit(JsonPath path, int totalDigits, int fractionDigits) {

    public DecimalLimit {
        if (totalDigits < 1 || fractionDigits < 0 || fractionDigits > totalDigits) {
            throw new IllegalArgumentException("totalDigits " + totalDigits + " and fractionDigits " + fractionDigits + " at " + path);
        }
    }

    /** The largest value allowed, e.g. 999.99. */
    public BigDecimal max() {
        return BigDecimal.TEN.pow(totalDigits - fractionDigits).subtract(BigDecimal.ONE.movePointLeft(fractionDigits));
    }

    /** The smallest value allowed, e.g. -999.99. */
    public BigDecimal min() {
        return max().negate();
    }
}
