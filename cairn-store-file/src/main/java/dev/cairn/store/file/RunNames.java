package dev.cairn.store.file;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Readable names for runs created without one ("adjective-noun-number", the shape MLflow uses). */
final class RunNames {
    private static final List<String> ADJECTIVES = List.of(
            "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "daring", "eager", "gentle",
            "golden", "honest", "keen", "lively", "lucky", "mellow", "nimble", "quiet", "rapid", "silent",
            "steady", "sunny", "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty", "polished");
    private static final List<String> NOUNS = List.of(
            "badger", "beacon", "brook", "cairn", "cedar", "comet", "crane", "falcon", "fern", "glacier",
            "harbor", "heron", "lantern", "maple", "meadow", "otter", "pebble", "pine", "quarry", "raven",
            "ridge", "river", "robin", "sparrow", "summit", "thistle", "tundra", "valley", "willow", "wren");

    private RunNames() {}

    static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES.get(r.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(r.nextInt(NOUNS.size())) + "-" + r.nextInt(1000);
    }
}
