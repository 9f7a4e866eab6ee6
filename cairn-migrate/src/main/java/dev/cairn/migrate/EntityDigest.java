package dev.cairn.migrate;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.Tag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Counts and SHA-256 checksums of one experiment or run, part by part (info, params, tags, inputs, metrics,
 * artifacts), each over a canonical serialisation: entries sorted, every string length-prefixed UTF-8, every
 * number as its 8 bytes (doubles by their canonical bit pattern, so NaN equals NaN; -0.0 as 0.0). Two stores holding the
 * same entity give the same digest whatever their backend and whatever order they return things in.
 */
public record EntityDigest(String kind, String id, Map<String, Long> counts, Map<String, String> checksums) {
    public EntityDigest {
        requireNonNull(kind, "kind is null");
        requireNonNull(id, "id is null");
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        checksums = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
    }

    /** An experiment, with {@code location} standing for its artifact location (the expected one, on the target side). */
    static EntityDigest experiment(Experiment e, String location) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put("info", new Canonical().add(e.experimentId().value()).add(e.name()).add(nz(location))
                .add(e.lifecycleStage().wireName()).add(e.creationTime()).add(e.lastUpdateTime()).hex());
        counts.put("tags", (long) e.tags().size());
        sums.put("tags", tags(e.tags()));
        return new EntityDigest("experiment", e.experimentId().value(), counts, sums);
    }

    /** A run; {@code artifacts} is path → "size:sha256" of each artifact file, or null when artifacts are not compared. */
    static EntityDigest run(RunContent c, SortedMap<String, String> artifacts) {
        RunInfo i = c.info();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put("info", new Canonical().add(i.runId().value()).add(i.experimentId().value()).add(nz(i.runName()))
                .add(nz(i.userId())).add(i.status().name()).add(i.startTime()).add(i.endTime() == null ? -1 : i.endTime())
                .add(i.endTime() == null ? 0 : 1).add(i.artifactUri()).add(i.lifecycleStage().wireName()).hex());
        counts.put("params", (long) c.params().size());
        Canonical params = new Canonical();
        c.params().stream().sorted(Comparator.comparing(Param::key)).forEach(p -> params.add(p.key()).add(p.value()));
        sums.put("params", params.hex());
        counts.put("tags", (long) c.tags().size());
        sums.put("tags", tags(c.tags()));
        counts.put("inputs", (long) c.inputs().size());
        List<String> inputs = new ArrayList<>();
        for (DatasetInput in : c.inputs()) {
            Canonical one = new Canonical().add(in.dataset().name()).add(in.dataset().digest()).add(in.dataset().sourceType())
                    .add(in.dataset().source()).add(nz(in.dataset().schema())).add(nz(in.dataset().profile()));
            one.add(tags(in.tags()));
            inputs.add(one.hex());
        }
        Canonical inputSum = new Canonical();
        inputs.stream().sorted().forEach(inputSum::add);
        sums.put("inputs", inputSum.hex());
        counts.put("metric_points", (long) c.metricHistory().size());
        counts.put("metric_keys", c.metricHistory().stream().map(Metric::key).distinct().count());
        Canonical metrics = new Canonical();
        c.metricHistory().stream()
                .sorted(Comparator.comparing(Metric::key).thenComparingLong(Metric::step).thenComparingLong(Metric::timestamp)
                        .thenComparingLong(m -> bits(m.value())))
                .forEach(m -> metrics.add(m.key()).add(m.step()).add(m.timestamp()).add(bits(m.value())));
        sums.put("metrics", metrics.hex());
        if (artifacts != null) {
            counts.put("artifact_files", (long) artifacts.size());
            long bytes = 0;
            Canonical files = new Canonical();
            for (Map.Entry<String, String> f : artifacts.entrySet()) {
                files.add(f.getKey()).add(f.getValue());
                bytes += Long.parseLong(f.getValue().substring(0, f.getValue().indexOf(':')));
            }
            counts.put("artifact_bytes", bytes);
            sums.put("artifacts", files.hex());
        }
        return new EntityDigest("run", i.runId().value(), counts, sums);
    }

    /**
     * A value's canonical bits: -0.0 counts as 0.0, because SQLite stores an integral REAL as an integer and so
     * cannot keep the sign of zero; the two are equal as numbers, which is what a metric compares by.
     */
    private static long bits(double value) {
        return Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
    }

    /** Stores disagree on whether an absent name is null or empty; neither is data. */
    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String tags(List<Tag> tags) {
        Canonical c = new Canonical();
        tags.stream().sorted(Comparator.comparing(Tag::key)).forEach(t -> c.add(t.key()).add(t.value()));
        return c.hex();
    }

    /** The parts that differ, each described with both sides' counts and checksums; empty when identical. */
    public List<String> differencesTo(EntityDigest target) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> part : checksums.entrySet()) {
            String other = target.checksums.get(part.getKey());
            if (other == null || !other.equals(part.getValue())) {
                out.add(part.getKey() + ": source " + describe(part.getKey()) + ", target " + target.describe(part.getKey()));
            }
        }
        return out;
    }

    private String describe(String part) {
        String sum = checksums.get(part);
        StringBuilder s = new StringBuilder();
        counts.forEach((k, v) -> {
            if (k.startsWith(part.equals("metrics") ? "metric" : part.equals("artifacts") ? "artifact" : part)) {
                s.append(v).append(' ').append(k).append(", ");
            }
        });
        return s + "sha256 " + (sum == null ? "-" : sum.substring(0, 12));
    }

    /** One line: kind, id, counts and the first characters of each checksum. */
    public String summary() {
        StringBuilder s = new StringBuilder(kind).append(' ').append(id);
        counts.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        checksums.forEach((k, v) -> s.append(' ').append(k).append(":sha256=").append(v, 0, 16));
        return s.toString();
    }

    /** Length-prefixed canonical bytes fed straight into SHA-256. */
    static final class Canonical {
        private final MessageDigest sha = ArtifactTrees.sha256();
        private final ByteBuffer number = ByteBuffer.allocate(8);

        Canonical add(String s) {
            if (s == null) {
                return add(-1L);
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            add((long) bytes.length);
            sha.update(bytes);
            return this;
        }

        Canonical add(long n) {
            number.clear();
            number.putLong(n);
            sha.update(number.array());
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
