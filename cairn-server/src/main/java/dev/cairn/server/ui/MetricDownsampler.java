package dev.cairn.server.ui;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Reduces a metric series to at most {@code maxPoints} points for drawing, keeping its extremes.
 *
 * <p>The x range is cut into {@code (maxPoints - 2) / 2} equal-width buckets; each bucket keeps the
 * points holding its minimum and its maximum value, in x order, and the first and last points of
 * the range are always kept. A chart drawn from the result therefore shows every spike and dip of
 * the full series at pixel resolution (the idea of M4 / min-max decimation), which even sampling
 * (as get-history-bulk-interval does) silently drops. Non-finite values never win a bucket; a
 * bucket holding only non-finite values keeps its first point so the gap stays visible.
 */
public final class MetricDownsampler {
    private MetricDownsampler() {}

    /**
     * Indices into {@code x}/{@code y} of the kept points, ascending by x, restricted to
     * {@code xMin <= x <= xMax} (nulls mean open). {@code order} lists the point indices sorted by x.
     */
    public static int[] downsample(long[] x, double[] y, int[] order, Long xMin, Long xMax, int maxPoints) {
        requireNonNull(x, "x is null");
        requireNonNull(y, "y is null");
        requireNonNull(order, "order is null");
        if (maxPoints < 4) {
            throw new IllegalArgumentException("maxPoints must be at least 4, got " + maxPoints);
        }
        int from = xMin == null ? 0 : lowerBound(x, order, xMin);
        int to = xMax == null ? order.length : upperBound(x, order, xMax);
        int count = Math.max(0, to - from);
        if (count <= maxPoints) {
            return Arrays.copyOfRange(order, from, from + count);
        }
        long first = x[order[from]];
        long last = x[order[to - 1]];
        int buckets = (maxPoints - 2) / 2;
        double width = (double) (last - first + 1) / buckets;
        int[] out = new int[maxPoints];
        int n = 0;
        out[n++] = order[from];
        int bucket = -1;
        int minPos = -1;
        int maxPos = -1;
        int firstPos = -1;
        for (int k = from + 1; k < to - 1; k++) {
            int i = order[k];
            int b = Math.min(buckets - 1, (int) ((x[i] - first) / width));
            if (b != bucket) {
                n = flush(out, n, order, minPos, maxPos, firstPos);
                bucket = b;
                minPos = -1;
                maxPos = -1;
                firstPos = k;
            }
            double v = y[i];
            if (Double.isFinite(v)) {
                if (minPos < 0 || v < y[order[minPos]]) {
                    minPos = k;
                }
                if (maxPos < 0 || v > y[order[maxPos]]) {
                    maxPos = k;
                }
            }
        }
        n = flush(out, n, order, minPos, maxPos, firstPos);
        out[n++] = order[to - 1];
        return Arrays.copyOf(out, n);
    }

    /** Emits a bucket's minimum and maximum (positions in x order), or its first point when it has no finite value. */
    private static int flush(int[] out, int n, int[] order, int minPos, int maxPos, int firstPos) {
        if (firstPos < 0) {
            return n;
        }
        if (minPos < 0) {
            out[n++] = order[firstPos];
        } else if (minPos == maxPos) {
            out[n++] = order[minPos];
        } else {
            out[n++] = order[Math.min(minPos, maxPos)];
            out[n++] = order[Math.max(minPos, maxPos)];
        }
        return n;
    }

    /** First position in order whose x is >= bound. */
    static int lowerBound(long[] x, int[] order, long bound) {
        int lo = 0;
        int hi = order.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[order[mid]] < bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First position in order whose x is > bound. */
    static int upperBound(long[] x, int[] order, long bound) {
        int lo = 0;
        int hi = order.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[order[mid]] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Point indices sorted by x, stable (equal x keep the store's order); no copy when already sorted. */
    public static int[] orderBy(long[] x) {
        int n = x.length;
        int[] order = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (i > 0 && x[i] < x[i - 1]) {
                sorted = false;
            }
        }
        if (sorted) {
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(x[a], x[b]));
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }
}
