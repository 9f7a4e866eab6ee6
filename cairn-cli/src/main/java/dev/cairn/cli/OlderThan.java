package dev.cairn.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code cairn gc --older-than}: an age in MLflow's format, days, hours, minutes and seconds in that order, each
 * optional but at least one, each number possibly fractional: {@code 30d}, {@code 1d2h3m4s}, {@code 1.5h},
 * {@code 0s}. A bad value is a command-line error, so picocli reports it with exit status 2.
 */
final class OlderThan implements ITypeConverter<Duration> {
    private static final String NUMBER = "(\\d+(?:\\.\\d*)?|\\.\\d+)";
    private static final Pattern FORMAT = Pattern.compile(
            "(?:" + NUMBER + "d)?(?:" + NUMBER + "h)?(?:" + NUMBER + "m)?(?:" + NUMBER + "s)?");
    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    /** Ten thousand years: any longer and "now minus the age" leaves what an Instant can hold. */
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(10_000L * 366 * 86_400_000L);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value == null ? "" : value.strip();
        Matcher m = FORMAT.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new TypeConversionException("'" + value + "' is not an age like 30d, 8h, 2d8h5m20s or 1.5h"
                    + " (days, hours, minutes, seconds, in that order).");
        }
        BigDecimal millis = BigDecimal.ZERO;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            if (m.group(i + 1) != null) {
                millis = millis.add(new BigDecimal(m.group(i + 1)).multiply(BigDecimal.valueOf(UNIT_MILLIS[i])));
            }
        }
        if (millis.compareTo(MAX_MILLIS) > 0) {
            throw new TypeConversionException("'" + value + "' is longer than ten thousand years.");
        }
        return Duration.ofMillis(millis.longValue());
    }
}
