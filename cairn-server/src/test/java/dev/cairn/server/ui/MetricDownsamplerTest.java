package dev.cairn.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricDownsamplerTest {

    private static int[] run(long[] x, double[] y, Long min, Long max, int maxPoints) {
        return MetricDownsampler.downsample(x, y, MetricDownsampler.orderBy(x), min, max, maxPoints);
    }

    private static long[] steps(int n) {
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    @Test
    void returnsEverythingWhenTheSeriesIsSmall() {
        long[] x = {0, 1, 2};
        double[] y = {3, 1, 2};
        assertThat(run(x, y, null, null, 10)).containsExactly(0, 1, 2);
    }

    @Test
    void keepsEverySpikeAndDipOfAMillionPoints() {
        int n = 1_000_000;
        long[] x = steps(n);
        double[] y = new double[n];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble();
        }
        y[123_457] = 1_000;
        y[876_543] = -1_000;
        int[] kept = run(x, y, null, null, 2_000);

        assertThat(kept.length).isLessThanOrEqualTo(2_000).isGreaterThan(1_900);
        assertThat(kept).contains(0, n - 1, 123_457, 876_543);
        assertThat(kept).isSorted();
        double keptMax = Arrays.stream(kept).mapToDouble(i -> y[i]).max().orElseThrow();
        double keptMin = Arrays.stream(kept).mapToDouble(i -> y[i]).min().orElseThrow();
        assertThat(keptMax).isEqualTo(1_000);
        assertThat(keptMin).isEqualTo(-1_000);
    }

    @Test
    void restrictsToTheRequestedXRange() {
        long[] x = steps(10_000);
        double[] y = new double[10_000];
        int[] kept = run(x, y, 100L, 199L, 1_000);
        assertThat(kept).hasSize(100);
        assertThat(kept[0]).isEqualTo(100);
        assertThat(kept[99]).isEqualTo(199);
        assertThat(run(x, y, 20_000L, 30_000L, 1_000)).isEmpty();
    }

    @Test
    void bucketsByXNotByIndexSoSparseRegionsKeepTheirPoints() {
        // 10,000 points crowded in [0, 10) and 10 points spread over [1,000, 10,000].
        long[] x = new long[10_010];
        double[] y = new double[10_010];
        for (int i = 0; i < 10_000; i++) {
            x[i] = i / 1_000;
        }
        for (int i = 0; i < 10; i++) {
            x[10_000 + i] = 1_000 + i * 1_000L;
            y[10_000 + i] = i;
        }
        int[] kept = run(x, y, null, null, 200);
        for (int i = 10_000; i < 10_010; i++) {
            assertThat(kept).contains(i);
        }
    }

    @Test
    void nonFiniteValuesNeverWinABucketButLeaveAGap() {
        int n = 1_000;
        long[] x = steps(n);
        double[] y = new double[n];
        Arrays.fill(y, 1.0);
        Arrays.fill(y, 400, 600, Double.NaN);
        y[100] = Double.POSITIVE_INFINITY;
        y[101] = 5.0;
        int[] kept = run(x, y, null, null, 100);
        assertThat(kept).contains(101).doesNotContain(100);
        assertThat(Arrays.stream(kept).filter(i -> i >= 400 && i < 600)).isNotEmpty();
    }

    @Test
    void ordersByTimeWhenTimestampsAreNotMonotonicInStep() {
        long[] ts = {50, 10, 40, 20, 30};
        double[] y = {5, 1, 4, 2, 3};
        int[] order = MetricDownsampler.orderBy(ts);
        assertThat(order).containsExactly(1, 3, 4, 2, 0);
        assertThat(MetricDownsampler.downsample(ts, y, order, 15L, 45L, 10)).containsExactly(3, 4, 2);
    }

    @Test
    void refusesTooFewPoints() {
        assertThatThrownBy(() -> run(steps(10), new double[10], null, null, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
