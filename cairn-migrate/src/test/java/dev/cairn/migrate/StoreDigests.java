package dev.cairn.migrate;

import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.store.TrackingStore;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every entity of a store as a digest, artifact bytes included, with recorded locations left out (they differ
 * between stores by design), so two stores can be compared whole: same ids, same content.
 */
final class StoreDigests {
    private StoreDigests() {}

    static SortedMap<String, EntityDigest> of(MigrationEndpoint side) {
        TrackingStore store = side.store();
        SortedMap<String, EntityDigest> out = new TreeMap<>();
        for (Experiment e : RelocatingArtifactResolver.allExperiments(store)) {
            out.put("experiment " + e.experimentId(), EntityDigest.experiment(e, "-"));
            PageToken token = PageToken.FIRST;
            while (true) {
                Page<Run> page = store.searchRuns(new RunSearch(List.of(e.experimentId()), SearchFilter.ALL, ViewType.ALL,
                        1000, List.of(), token));
                for (Run r : page.items()) {
                    RunContent content = RunContent.read(store, r.info().runId());
                    SortedMap<String, String> artifacts;
                    try (var repo = side.artifacts(r.info().artifactUri())) {
                        artifacts = ArtifactTrees.fingerprints(repo);
                    }
                    out.put("run " + r.info().runId(), EntityDigest.run(content.withArtifactUri("-"), artifacts));
                }
                if (page.nextPageToken() == null) {
                    break;
                }
                token = PageToken.parse(page.nextPageToken());
            }
        }
        return out;
    }

    /** Entities whose digests differ, with what differs; empty when the stores hold the same. */
    static Map<String, List<String>> differences(SortedMap<String, EntityDigest> a, SortedMap<String, EntityDigest> b) {
        Map<String, List<String>> out = new TreeMap<>();
        for (var e : a.entrySet()) {
            EntityDigest other = b.get(e.getKey());
            if (other == null) {
                out.put(e.getKey(), List.of("missing"));
            } else if (!e.getValue().differencesTo(other).isEmpty()) {
                out.put(e.getKey(), e.getValue().differencesTo(other));
            }
        }
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(k -> out.put(k, List.of("extra")));
        return out;
    }
}
