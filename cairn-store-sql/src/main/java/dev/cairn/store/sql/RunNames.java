package dev.cairn.store.sql;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Readable names for runs created without one, in MLflow's "adjective-noun-number" shape. */
final class RunNames {
    private static final List<String> ADJECTIVES = List.of(
            "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "daring", "eager", "gentle", "golden",
            "humble", "keen", "lively", "lucky", "mellow", "nimble", "proud", "quiet", "rapid", "silent", "steady",
            "swift", "tidy", "vivid", "warm", "wild", "wise", "zesty", "sunny");
    private static final List<String> NOUNS = List.of(
            "badger", "cairn", "cedar", "comet", "crane", "delta", "falcon", "fern", "fjord", "gecko", "glacier",
            "harbor", "heron", "lark", "lynx", "maple", "meadow", "otter", "pebble", "pine", "raven", "ridge",
            "river", "robin", "summit", "thicket", "tundra", "willow", "wren", "yak");

    private RunNames() {}

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size())) + "-"
                + random.nextInt(1000);
    }
}
