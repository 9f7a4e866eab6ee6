package dev.cairn.store.file;

import dev.cairn.core.model.Metric;
import dev.cairn.core.store.MetricPointSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow's metric file format: one point per line, {@code "<timestamp> <value> <step>"} (older files
 * have no step, meaning 0). Values are written as Python prints floats ({@code nan}, {@code inf}),
 * and both that and Java's spelling are read.
 *
 * <p>A line only counts once its newline is there: a writer that crashed mid-line leaves a partial
 * last line, which readers skip rather than misread. Malformed complete lines are logged and skipped.
 */
final class MetricLines {
    private static final Logger LOG = LoggerFactory.getLogger(MetricLines.class);
    private static final int BUFFER = 64 * 1024;
    private static final int MIN_BUFFER = 256;

    /** MLflow's order of metric points (and of "latest": the max by step, timestamp, value). */
    static final Comparator<Metric> HISTORY_ORDER = Comparator.comparingLong(Metric::step)
            .thenComparingLong(Metric::timestamp)
            .thenComparing(Metric::value, Double::compare);

    private MetricLines() {}

    static String format(Metric metric) {
        return metric.timestamp() + " " + formatValue(metric.value()) + " " + metric.step() + "\n";
    }

    static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return Double.toString(value);
    }

    static double parseValue(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "+nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /**
     * Reads the complete lines from byte {@code offset} on, handing each parsed point to {@code sink}.
     * Returns the offset just past the last complete line (where the next incremental read starts), or
     * -1 when the file does not exist.
     */
    static long read(Path file, String key, long offset, Consumer<Metric> sink) {
        return read(file, key, offset, -1, sink);
    }

    /**
     * As {@link #read(Path, String, long, Consumer)}, for a file last seen {@code sizeHint} bytes long
     * (-1 if unknown): an index catching up on a few appended lines reads them with a buffer their size
     * rather than a whole one. The hint only sizes the buffer; whatever the file holds is read.
     */
    static long read(Path file, String key, long offset, long sizeHint, Consumer<Metric> sink) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            long expected = sizeHint < 0 ? BUFFER : sizeHint - offset + 1;
            byte[] buf = new byte[(int) Math.max(MIN_BUFFER, Math.min(BUFFER, expected))];
            byte[] carry = new byte[0];
            int carryLen = 0;
            long consumed = offset;
            int n;
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        if (carryLen > 0) {
                            byte[] line = new byte[carryLen + (i - start)];
                            System.arraycopy(carry, 0, line, 0, carryLen);
                            System.arraycopy(buf, start, line, carryLen, i - start);
                            parseLine(file, key, line, 0, line.length, sink);
                            consumed += line.length + 1;
                            carryLen = 0;
                        } else {
                            parseLine(file, key, buf, start, i - start, sink);
                            consumed += (i - start) + 1;
                        }
                        start = i + 1;
                    }
                }
                int rest = n - start;
                if (rest > 0) {
                    if (carry.length < carryLen + rest) {
                        carry = java.util.Arrays.copyOf(carry, Math.max(carry.length * 2, carryLen + rest));
                    }
                    System.arraycopy(buf, start, carry, carryLen, rest);
                    carryLen += rest;
                }
            }
            return consumed;
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw StoreFiles.ioFailure("read metric file", file, e);
        }
    }

    /** Every complete point of a metric file, in MLflow's history order. */
    static List<Metric> history(Path file, String key) {
        List<Metric> points = new ArrayList<>();
        read(file, key, 0, points::add);
        points.sort(HISTORY_ORDER);
        return points;
    }

    /**
     * Every complete point of a metric file handed to {@code sink} in MLflow's history order, held meanwhile
     * as primitive columns rather than records; returns the count (0 when the file does not exist). Files are
     * nearly always appended in step order, so the sort is usually just a check.
     */
    static long stream(Path file, String key, long fromStep, MetricPointSink sink) {
        Columns points = new Columns();
        read(file, key, 0, m -> {
            if (m.step() >= fromStep) {
                points.add(m.step(), m.timestamp(), m.value());
            }
        });
        int[] order = points.historyOrder();
        for (int i : order) {
            sink.accept(points.steps[i], points.timestamps[i], points.values[i]);
        }
        return order.length;
    }

    /** Growable parallel arrays of points. */
    private static final class Columns {
        long[] steps = new long[1024];
        long[] timestamps = new long[1024];
        double[] values = new double[1024];
        int size;

        void add(long step, long timestamp, double value) {
            if (size == steps.length) {
                steps = java.util.Arrays.copyOf(steps, size * 2);
                timestamps = java.util.Arrays.copyOf(timestamps, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            steps[size] = step;
            timestamps[size] = timestamp;
            values[size] = value;
            size++;
        }

        private int compare(int a, int b) {
            int c = Long.compare(steps[a], steps[b]);
            if (c == 0) {
                c = Long.compare(timestamps[a], timestamps[b]);
            }
            return c != 0 ? c : Double.compare(values[a], values[b]);
        }

        /** Positions in history order (as {@link #HISTORY_ORDER}); stable, and no sort when already ordered. */
        int[] historyOrder() {
            int[] order = new int[size];
            boolean sorted = true;
            for (int i = 0; i < size; i++) {
                order[i] = i;
                if (i > 0 && sorted && compare(i - 1, i) > 0) {
                    sorted = false;
                }
            }
            if (sorted) {
                return order;
            }
            Integer[] boxed = new Integer[size];
            for (int i = 0; i < size; i++) {
                boxed[i] = i;
            }
            java.util.Arrays.sort(boxed, this::compare);
            for (int i = 0; i < size; i++) {
                order[i] = boxed[i];
            }
            return order;
        }
    }

    private static int skipSpaces(String line, int from) {
        int i = from;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static void parseLine(Path file, String key, byte[] bytes, int from, int length, Consumer<Metric> sink) {
        int end = from + length;
        if (end > from && bytes[end - 1] == '\r') {
            end--;
        }
        String line = new String(bytes, from, end - from, StandardCharsets.UTF_8).strip();
        if (line.isEmpty()) {
            return;
        }
        try {
            int first = line.indexOf(' ');
            if (first < 0) {
                throw new IllegalArgumentException("expected 2 or 3 fields, found 1");
            }
            int valueStart = skipSpaces(line, first);
            int second = line.indexOf(' ', valueStart);
            long timestamp = Long.parseLong(line, 0, first, 10);
            double value;
            long step = 0;
            if (second < 0) {
                value = parseValue(line.substring(valueStart));
            } else {
                value = parseValue(line.substring(valueStart, second));
                int stepStart = skipSpaces(line, second);
                if (line.indexOf(' ', stepStart) >= 0) {
                    throw new IllegalArgumentException("expected 2 or 3 fields, found more");
                }
                step = Long.parseLong(line, stepStart, line.length(), 10);
            }
            sink.accept(new Metric(key, value, timestamp, step));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping malformed line '{}' in metric file {}: {}", line, file, e.getMessage());
        }
    }
}
