package org.edfi.dms.schema.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How Ed-Fi dates and date-times are read, the one rule the write path (a document's values) and
 * the read path (a query's filter values) share, so that a filter finds what a write stored. A
 * date-time is normalized as the DMS stores it, in UTC with {@code Z}: an offset is converted, a
 * value without one is read as UTC, a plain or slash date is midnight, and a 12-hour time with
 * AM/PM is read ({@code 2021-09-28 2:15:30 PM} is {@code 2021-09-28T14:15:30Z}). A date may be
 * written as a US slash date ({@code 8/23/2024}), month first as the ODS/API and DMS read an
 * ambiguous one.
 */
public final class EdFiDates {

    private EdFiDates() {}

    /** Month-first before day-first. */
    private static final List<DateTimeFormatter> SLASH_DATES = List.of(
            DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT));

    /** The readings of a date-time without an offset, each taken as UTC. */
    private static final List<DateTimeFormatter> LOCAL_DATE_TIMES = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME,
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("uuuu-MM-dd[' ']['T']h:mm[:ss] a").toFormatter(Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-MM-dd H:mm[:ss]").withResolverStyle(ResolverStyle.STRICT),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("M/d/uuuu h:mm[:ss] a").toFormatter(Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("M/d/uuuu H:mm[:ss]").withResolverStyle(ResolverStyle.STRICT));

    /** The date-time {@code text} names, in UTC with {@code Z}; empty when it names none. */
    public static Optional<String> dateTime(String text) {
        String value = text.strip();
        Instant instant = instant(value);
        if (instant == null) {
            LocalDate date = value.indexOf('/') >= 0 ? parseSlashDate(value) : isoDate(value);
            instant = date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Optional.ofNullable(instant).map(DateTimeFormatter.ISO_INSTANT::format);
    }

    /** The date a US slash date names; empty for any other text. */
    public static Optional<LocalDate> slashDate(String text) {
        return Optional.ofNullable(text.indexOf('/') < 0 ? null : parseSlashDate(text.strip()));
    }

    /** Date-times with a time, with or without an offset (read as UTC without one), in ISO form or with a space and AM/PM. */
    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            // try the readings without an offset
        }
        for (DateTimeFormatter format : LOCAL_DATE_TIMES) {
            try {
                return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next reading
            }
        }
        return null;
    }

    private static LocalDate parseSlashDate(String text) {
        for (DateTimeFormatter format : SLASH_DATES) {
            try {
                return LocalDate.parse(text, format);
            } catch (DateTimeParseException e) {
                // try the next reading
            }
        }
        return null;
    }

    private static LocalDate isoDate(String text) {
        if (text.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
