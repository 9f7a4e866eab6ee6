package dev.cairn.store.file;

import dev.cairn.core.model.Metric;
import dev.cairn.core.model.RunId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The second process of {@link SecondProcessIT}: appends points to one run through its own store. */
public final class MetricAppenderMain {
    private MetricAppenderMain() {}

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        RunId run = RunId.of(args[1]);
        int points = Integer.parseInt(args[2]);
        FileTrackingStore store = new FileTrackingStore(root, null);
        for (int i = 0; i < points; i += 10) {
            List<Metric> batch = new ArrayList<>();
            for (int j = i; j < Math.min(points, i + 10); j++) {
                batch.add(new Metric("loss", j, 1_700_000_000_000L + j, j));
            }
            store.logBatch(run, batch, List.of(), List.of());
        }
        store.setTag(run, new dev.cairn.core.model.Tag("appender", "done"));
    }
}
