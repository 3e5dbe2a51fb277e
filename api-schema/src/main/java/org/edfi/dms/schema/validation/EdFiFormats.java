package org.edfi.dms.schema.validation;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The {@code time} and {@code date-time} formats as Ed-Fi data uses them. JSON Schema's formats
 * follow RFC 3339 and demand a UTC offset, but Ed-Fi times are wall-clock times ({@code 08:15:00})
 * and the ODS/API accepts date-times without an offset; an offset is still allowed.
 */
final class EdFiFormats {

    private EdFiFormats() {}

    private static final Pattern TIME = Pattern.compile(
            "([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|z|[+-]([01]\\d|2[0-3]):[0-5]\\d)?");

    static final Format TIME_FORMAT = new Format() {
        @Override
        public String getName() {
            return "time";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return TIME.matcher(value).matches();
        }
    };

    static final Format DATE_TIME_FORMAT = new Format() {
        @Override
        public String getName() {
            return "date-time";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            if (value.length() < 19 || (value.charAt(10) != 'T' && value.charAt(10) != 't')) {
                return false;
            }
            try {
                OffsetDateTime.parse(value);
                return true;
            } catch (DateTimeParseException withoutOffset) {
                try {
                    LocalDateTime.parse(value);
                    return true;
                } catch (DateTimeParseException e) {
                    return false;
                }
            }
        }
    };
}
