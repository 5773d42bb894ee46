package io.databroker.ingest.news.feed;

import java.text.DateFormatSymbols;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the dates feeds actually carry into instants: RFC 822/1123 with its variants (two-digit years, missing
 * seconds or weekday, named US zones, {@code Z}/{@code UT}, extra spaces, weekday and month names in other languages:
 * {@code mer, 16 nov 2022}), ISO 8601 / W3C-DTF (with or without seconds, fractions and zone, date only), the
 * {@code Dec 16 2023 02:02:33 PM} form, and {@code 2020/1/10 14:33:00}. A time without a zone is taken as UTC, which is
 * at most a few hours off and never depends on the JVM's default zone. Anything else is unknown (empty), never a guess.
 */
public final class FeedDates {

    private static final Pattern ISO = Pattern.compile(
            "^(\\d{4})-(\\d{1,2})(?:-(\\d{1,2}))?(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*(.*)$");
    private static final Pattern LEADING_WEEKDAY = Pattern.compile("^\\p{L}+\\.?,?\\s+(?=\\d|\\p{L})");
    /** {@code 16 Nov 2022 05:33:59 +0100}, {@code 4 Nov 2025 14:25 EST}, {@code 16-Nov-22 05:33}. */
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
            "^(\\d{1,2})[ -](\\p{L}+)\\.?[ -](\\d{2,4}),? (\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:[.,]\\d+)?(?: ?([AaPp][Mm]))?(?: (.+))?$");
    /** {@code Dec 16 2023 02:02:33 PM}, {@code November 4, 2025 2:25 pm EST}. */
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(
            "^(\\p{L}+)\\.? (\\d{1,2}),? (\\d{4}),? (\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?: ?([AaPp][Mm]))?(?: (.+))?$");
    /** {@code 16 Nov 2022} without a time. */
    private static final Pattern DAY_MONTH_YEAR_DATE = Pattern.compile("^(\\d{1,2})[ -](\\p{L}+)\\.?[ -](\\d{4})$");
    /** {@code 2020/1/10 14:33:00} (Chinese forum software). */
    private static final Pattern SLASHED = Pattern.compile(
            "^(\\d{4})/(\\d{1,2})/(\\d{1,2})(?: (\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?(?: (.+))?$");
    /** {@code 16.11.2022 05:33} (German sites). */
    private static final Pattern DOTTED = Pattern.compile(
            "^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})(?:,? (\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?(?: (.+))?$");
    private static final Pattern NUMERIC_OFFSET = Pattern.compile("^(?:GMT|UTC)?([+-])(\\d{1,2}):?(\\d{2})?$");

    /** RFC 822 §5.1 zones plus the abbreviations common in European and Pacific feeds. */
    private static final Map<String, Integer> ZONE_HOURS = Map.ofEntries(
            Map.entry("Z", 0), Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("WET", 0),
            Map.entry("EST", -5), Map.entry("EDT", -4), Map.entry("CST", -6), Map.entry("CDT", -5),
            Map.entry("MST", -7), Map.entry("MDT", -6), Map.entry("PST", -8), Map.entry("PDT", -7),
            Map.entry("AKST", -9), Map.entry("AKDT", -8), Map.entry("HST", -10),
            Map.entry("BST", 1), Map.entry("CET", 1), Map.entry("MET", 1), Map.entry("WEST", 1),
            Map.entry("CEST", 2), Map.entry("MEST", 2), Map.entry("EET", 2), Map.entry("EEST", 3), Map.entry("MSK", 3),
            Map.entry("JST", 9), Map.entry("KST", 9), Map.entry("AEST", 10), Map.entry("AEDT", 11),
            Map.entry("NZST", 12), Map.entry("NZDT", 13));

    private static final Map<String, Integer> MONTHS = monthNames();

    private FeedDates() {
    }

    /** The instant {@code raw} denotes, or empty when it is missing or not a date we can read for sure. */
    public static Optional<Instant> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String text = raw.strip().replaceAll("\\s+", " ");
        try {
            Matcher m = ISO.matcher(text);
            if (m.matches()) {
                return at(m.group(8), num(m.group(1)), num(m.group(2)), m.group(3) == null ? 1 : num(m.group(3)),
                        optNum(m.group(4)), optNum(m.group(5)), optNum(m.group(6)), nanos(m.group(7)), null);
            }
            m = SLASHED.matcher(text);
            if (m.matches()) {
                return at(m.group(7), num(m.group(1)), num(m.group(2)), num(m.group(3)),
                        optNum(m.group(4)), optNum(m.group(5)), optNum(m.group(6)), 0, null);
            }
            m = DOTTED.matcher(text);
            if (m.matches()) {
                return at(m.group(7), num(m.group(3)), num(m.group(2)), num(m.group(1)),
                        optNum(m.group(4)), optNum(m.group(5)), optNum(m.group(6)), 0, null);
            }
            String withoutWeekday = LEADING_WEEKDAY.matcher(text).replaceFirst("");
            m = DAY_MONTH_YEAR.matcher(withoutWeekday);
            if (m.matches()) {
                Integer month = month(m.group(2));
                return month == null ? Optional.empty() : at(m.group(8), year(m.group(3)), month, num(m.group(1)),
                        num(m.group(4)), num(m.group(5)), optNum(m.group(6)), 0, m.group(7));
            }
            m = MONTH_DAY_YEAR.matcher(withoutWeekday);
            if (!m.matches()) {
                m = MONTH_DAY_YEAR.matcher(text); // "Dec 16 2023 …": the month looked like a weekday
            }
            if (m.matches()) {
                Integer month = month(m.group(1));
                return month == null ? Optional.empty() : at(m.group(8), num(m.group(3)), month, num(m.group(2)),
                        num(m.group(4)), num(m.group(5)), optNum(m.group(6)), 0, m.group(7));
            }
            m = DAY_MONTH_YEAR_DATE.matcher(withoutWeekday);
            if (m.matches()) {
                Integer month = month(m.group(2));
                return month == null ? Optional.empty()
                        : at(null, num(m.group(3)), month, num(m.group(1)), 0, 0, 0, 0, null);
            }
        } catch (DateTimeException | NumberFormatException e) {
            // Day 31 of November, hour 25, an offset of +19:00: not a date, whatever the pattern said.
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Instant> at(String zone, int year, int month, int day, Integer hour, Integer minute,
                                        Integer second, int nanos, String amPm) {
        Optional<ZoneId> zoneId = zone(zone);
        if (zoneId.isEmpty()) {
            return Optional.empty();
        }
        int h = hour == null ? 0 : hour;
        if (amPm != null) {
            if (h < 1 || h > 12) {
                return Optional.empty();
            }
            boolean pm = amPm.equalsIgnoreCase("pm");
            h = h == 12 ? (pm ? 12 : 0) : (pm ? h + 12 : h);
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, h, minute == null ? 0 : minute,
                second == null ? 0 : second, nanos);
        return Optional.of(local.atZone(zoneId.get()).toInstant());
    }

    /** No zone: UTC. A zone we cannot place: empty, so the caller does not publish a time that is hours off. */
    private static Optional<ZoneId> zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return Optional.of(ZoneOffset.UTC);
        }
        String z = zone.strip();
        Integer hours = ZONE_HOURS.get(z.toUpperCase(Locale.ROOT));
        if (hours != null) {
            return Optional.of(ZoneOffset.ofHours(hours));
        }
        Matcher m = NUMERIC_OFFSET.matcher(z.toUpperCase(Locale.ROOT));
        if (m.matches()) {
            int h = Integer.parseInt(m.group(2));
            int min = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int sign = m.group(1).equals("-") ? -1 : 1;
            return Optional.of(ZoneOffset.ofHoursMinutes(sign * h, sign * min));
        }
        try {
            return Optional.of(ZoneId.of(z)); // "Europe/Berlin" happens
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** RFC 2822 §4.3: two-digit years below 50 are 20xx, the others 19xx; three digits count from 1900. */
    private static int year(String digits) {
        int y = Integer.parseInt(digits);
        if (digits.length() == 2) {
            return y < 50 ? 2000 + y : 1900 + y;
        }
        return digits.length() == 3 ? 1900 + y : y;
    }

    private static Integer month(String name) {
        return MONTHS.get(normalise(name));
    }

    private static int num(String digits) {
        return Integer.parseInt(digits);
    }

    private static Integer optNum(String digits) {
        return digits == null ? null : Integer.parseInt(digits);
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        return Integer.parseInt((fraction + "000000000").substring(0, 9));
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace(".", "").strip();
    }

    /** Month names and abbreviations in the languages of the feeds we have seen; English wins a clash. */
    private static Map<String, Integer> monthNames() {
        Map<String, Integer> months = new HashMap<>();
        for (Locale locale : List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.ITALIAN,
                Locale.forLanguageTag("es"), Locale.forLanguageTag("pt"), Locale.forLanguageTag("nl"))) {
            DateFormatSymbols symbols = DateFormatSymbols.getInstance(locale);
            for (int i = 0; i < 12; i++) {
                months.putIfAbsent(normalise(symbols.getShortMonths()[i]), i + 1);
                months.putIfAbsent(normalise(symbols.getMonths()[i]), i + 1);
                String full = normalise(symbols.getMonths()[i]);
                if (locale == Locale.ENGLISH || locale.getLanguage().equals("it")) {
                    months.putIfAbsent(full.substring(0, 3), i + 1); // "mag", "giu", "lug", "ott", "dic"
                }
            }
        }
        months.putIfAbsent("sept", 9);
        months.putIfAbsent("mrt", 3);
        return Map.copyOf(months);
    }
}
