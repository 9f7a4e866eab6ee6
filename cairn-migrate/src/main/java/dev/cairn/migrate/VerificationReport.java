package dev.cairn.migrate;

import java.util.List;

/** The result of comparing source and target entity by entity after a migration. */
public record VerificationReport(List<Entry> entries) {
    /** One experiment or run: both sides' digests (null when missing) and what differs. */
    public record Entry(String kind, String id, EntityDigest source, EntityDigest target, List<String> differences) {
        public Entry {
            differences = List.copyOf(differences);
        }

        public boolean ok() {
            return differences.isEmpty();
        }
    }

    public VerificationReport {
        entries = List.copyOf(entries);
    }

    public boolean ok() {
        return entries.stream().allMatch(Entry::ok);
    }

    public List<Entry> differences() {
        return entries.stream().filter(e -> !e.ok()).toList();
    }

    public long count(String kind) {
        return entries.stream().filter(e -> e.kind().equals(kind)).count();
    }

    /** Sum of one count (e.g. "metric_points") over the source side of every entry. */
    public long total(String countName) {
        return entries.stream().filter(e -> e.source() != null)
                .mapToLong(e -> e.source().counts().getOrDefault(countName, 0L)).sum();
    }

    /** The full report: one line per entity with counts and checksums, then each difference. */
    public String render() {
        StringBuilder s = new StringBuilder();
        for (Entry e : entries) {
            s.append(e.ok() ? "OK   " : "DIFF ").append(e.source() != null ? e.source().summary() : e.kind() + " " + e.id())
                    .append('\n');
            for (String d : e.differences()) {
                s.append("       ").append(d).append('\n');
            }
        }
        s.append(summary()).append('\n');
        return s.toString();
    }

    public String summary() {
        return String.format("Verified %d experiments and %d runs (%d params, %d tags, %d metric points, %d artifact files,"
                        + " %d artifact bytes): %s", count("experiment"), count("run"), total("params"), total("tags"),
                total("metric_points"), total("artifact_files"), total("artifact_bytes"),
                ok() ? "source and target are identical" : differences().size() + " differ");
    }
}
