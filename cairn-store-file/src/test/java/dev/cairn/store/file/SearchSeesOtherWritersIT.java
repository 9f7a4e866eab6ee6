package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchParser;
import dev.cairn.core.store.CreateRunRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search checks of every run only meta.yaml and the files its filter and order_by name, a missing
 * key file by the stamp of its nearest existing directory, and reads runs whole only for the page;
 * concurrent searches share checks. Each of these must still show the next search whatever another
 * writer (a second store, or MLflow writing files in place) finished before it.
 */
class SearchSeesOtherWritersIT {
    @TempDir
    Path dir;

    FileTrackingStore writer;
    FileTrackingStore reader;
    ExperimentId exp;
    RunId run;

    @BeforeEach
    void open() {
        writer = new FileTrackingStore(dir, null);
        // Probing even when a page has room for every run, so these small experiments take the path of big ones.
        reader = new FileTrackingStore(dir, null, false);
        exp = writer.createExperiment("shared", null, List.of());
        run = writer.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), "r")).info().runId();
    }

    @Test
    void keysThatAppearAfterASearchFoundThemMissingAreSeen() {
        for (int i = 0; i < 20; i++) {
            String key = "k" + i;
            assertThat(search("tags." + key + " = 'v'")).isEmpty();
            writer.setTag(run, new Tag(key, "v"));
            assertThat(search("tags." + key + " = 'v'")).containsExactly(run);

            // nested keys: the folder on the way to the file does not exist yet either
            String nested = "group" + i + "/leaf";
            assertThat(search("params.`" + nested + "` = '1'")).isEmpty();
            writer.logBatch(run, List.of(), List.of(new Param(nested, "1")), List.of());
            assertThat(search("params.`" + nested + "` = '1'")).containsExactly(run);

            assertThat(search("metrics.m" + i + " >= 0")).isEmpty();
            writer.logMetric(run, new Metric("m" + i, i, 1L, 0));
            assertThat(search("metrics.m" + i + " >= 0")).containsExactly(run);
        }
    }

    @Test
    void keyFoldersThatDoNotExistYetAreWatchedThroughTheRunDirectory() throws Exception {
        Path runDir = dir.resolve(exp.value()).resolve(run.value());
        TestDirs.deleteRecursively(runDir.resolve("tags"));
        assertThat(search("tags.team = 'vision'")).isEmpty();
        // As MLflow writes a tag: the folder made, the file written in place, no rename.
        Files.createDirectories(runDir.resolve("tags"));
        Files.writeString(runDir.resolve("tags").resolve("team"), "vision");
        assertThat(search("tags.team = 'vision'")).containsExactly(run);
        TestDirs.deleteRecursively(runDir.resolve("tags"));
        assertThat(search("tags.team = 'vision'")).isEmpty();
    }

    @Test
    void filesRewrittenInPlaceAreSeenWhetherOrNotTheStampIsStillRacy() throws Exception {
        Path tag = dir.resolve(exp.value()).resolve(run.value()).resolve("tags").resolve("stage");
        writer.setTag(run, new Tag("stage", "dev1"));
        for (int i = 2; i < 12; i++) {
            assertThat(search("tags.stage = 'dev" + (i - 1) + "'")).containsExactly(run);
            if (i % 2 == 0) {
                // let the stamp the search just took become trustworthy, so only the rewrite can change it
                Thread.sleep(Stamp.RACY_WINDOW_NANOS / 1_000_000 + 50);
                assertThat(search("tags.stage = 'dev" + (i - 1) + "'")).containsExactly(run);
            }
            // same length, same inode: only the modification time tells
            Files.writeString(tag, "dev" + i);
            assertThat(search("tags.stage = 'dev" + i + "'")).containsExactly(run);
            assertThat(search("tags.stage = 'dev" + (i - 1) + "'")).isEmpty();
        }
    }

    /**
     * A param is written once, so a search stops statting its file once the stamp is trustworthy. Until
     * then it looks again: MLflow makes the file and then writes the value in place, and a search may land
     * in between. A trusted param still leaves the results with its run (meta.yaml is checked first).
     */
    @Test
    void aParamSeenHalfWrittenIsReadAgainAndATrustedOneLeavesWithItsRun() throws Exception {
        Path runDir = dir.resolve(exp.value()).resolve(run.value());
        Path param = runDir.resolve("params").resolve("opt");
        Files.createDirectories(param.getParent());
        Files.writeString(param, "");
        assertThat(search("params.opt = 'adam'")).isEmpty();
        Files.writeString(param, "adam");
        assertThat(search("params.opt = 'adam'")).containsExactly(run);
        Thread.sleep(Stamp.RACY_WINDOW_NANOS / 1_000_000 + 50);
        assertThat(search("params.opt = 'adam'")).containsExactly(run);
        assertThat(search("params.opt = 'adam'")).containsExactly(run);

        TestDirs.deleteRecursively(runDir);
        assertThat(search("params.opt = 'adam'")).isEmpty();
    }

    /**
     * Two changes within one timestamp tick leave the same mtime. Pinning the mtime (a little in the
     * future, so every stamp taken meanwhile is racy) makes that happen on purpose: a key file rewritten
     * in place with the same size, and a key file created in a folder whose mtime is then put back.
     */
    @Test
    void changesHiddenBehindAnUnchangedTimestampAreSeenWhileTheStampIsRacy() throws Exception {
        Path tags = dir.resolve(exp.value()).resolve(run.value()).resolve("tags");
        Path stage = tags.resolve("stage");
        java.nio.file.attribute.FileTime tick = java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(60));
        writer.setTag(run, new Tag("stage", "dev1"));
        Files.setLastModifiedTime(stage, tick);
        assertThat(search("tags.stage = 'dev1'")).containsExactly(run);
        Files.writeString(stage, "dev2");
        Files.setLastModifiedTime(stage, tick);
        assertThat(search("tags.stage = 'dev2'")).containsExactly(run);

        Files.setLastModifiedTime(tags, tick);
        assertThat(search("tags.late = 'yes'")).isEmpty();
        Files.writeString(tags.resolve("late"), "yes");
        Files.setLastModifiedTime(tags, tick);
        assertThat(search("tags.late = 'yes'")).containsExactly(run);
    }

    @Test
    void appendedMetricPointsDecideTheNextSearch() {
        for (int i = 0; i < 50; i++) {
            writer.logMetric(run, new Metric("loss", i, 1L, i));
            assertThat(search("metrics.loss = " + i)).containsExactly(run);
            assertThat(search("metrics.loss < " + i)).isEmpty();
        }
    }

    @Test
    void runsOffThePageAreStillFilteredOnFreshValuesAndThePageIsReadWhole() {
        List<RunId> runs = new ArrayList<>(List.of(run));
        for (int i = 1; i < 30; i++) {
            runs.add(writer.createRun(new CreateRunRequest(exp, "u", 1L + i, List.of(), "r" + i)).info().runId());
        }
        for (RunId id : runs) {
            writer.logBatch(id, List.of(new Metric("acc", 0.5, 1L, 0)), List.of(new Param("opt", "adam")), List.of(new Tag("note", "a")));
        }
        RunId last = runs.get(0);
        assertThat(search("params.opt = 'adam' and metrics.acc > 0.1", "metrics.acc DESC", 5)).hasSize(5);
        writer.logMetric(last, new Metric("acc", 0.9, 2L, 1));
        writer.setTag(last, new Tag("note", "b"));
        Run top = searchRuns("params.opt = 'adam' and metrics.acc > 0.1", "metrics.acc DESC", 5).get(0);
        assertThat(top.info().runId()).isEqualTo(last);
        // values the search did not name are read for the page, as they are now
        assertThat(top.data().tags()).contains(new Tag("note", "b"));
        assertThat(top.data().params()).containsExactly(new Param("opt", "adam"));
    }

    @Test
    void concurrentSearchesSharingChecksNeverHideAFinishedWrite() throws Exception {
        for (int i = 0; i < 50; i++) {
            writer.createRun(new CreateRunRequest(exp, "u", 100L + i, List.of(new Tag("parity", "none")), "other" + i));
        }
        String query = "tags.parity = 'even'";
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> searchers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            searchers.add(Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        search(query);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        try {
            for (int i = 0; i < 200; i++) {
                boolean even = i % 2 == 0;
                writer.setTag(run, new Tag("parity", even ? "even" : "odd"));
                if (even) {
                    assertThat(search(query)).as("after write %d", i).containsExactly(run);
                } else {
                    assertThat(search(query)).as("after write %d", i).isEmpty();
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : searchers) {
                t.join();
            }
        }
        assertThat(failure.get()).isNull();
    }

    @Test
    void keysThatNameNoFileOfTheRunMatchNothing() {
        writer.logBatch(run, List.of(), List.of(new Param("a/b", "1")), List.of(new Tag("t", "x")));
        assertThat(search("params.`a/b` = '1'")).containsExactly(run);
        assertThat(search("params.`a/./b` = '1'")).isEmpty();
        assertThat(search("params.`a//b` = '1'")).isEmpty();
        assertThat(search("params.`a/b/` = '1'")).isEmpty();
        assertThat(search("params.a = '1'")).isEmpty();
        assertThat(search("tags.`../meta.yaml` LIKE '%'")).isEmpty();
        assertThat(search("tags.`../../meta.yaml` LIKE '%'")).isEmpty();
        assertThat(search("tags.`/etc/hostname` LIKE '%'")).isEmpty();
        assertThat(search("tags.`t~1` LIKE '%'")).isEmpty();
    }

    @Test
    void runNameFromTheTagIsFilteredAndOrderedOn() {
        FileTrackingStore fixture = new FileTrackingStore(TestDirs.copyFixture(dir.resolve("fixture")), null, false);
        ExperimentId fixtureExp = ExperimentId.of("271828182845904523");
        List<Run> named = fixture.searchRuns(new RunSearch(List.of(fixtureExp),
                SearchParser.parseRunFilter("attributes.run_name = 'quiet-heron-7'"), ViewType.ACTIVE_ONLY, 10,
                List.of(), PageToken.FIRST)).items();
        assertThat(named).extracting(r -> r.info().runName()).containsExactly("quiet-heron-7");
        List<Run> ordered = fixture.searchRuns(new RunSearch(List.of(fixtureExp), SearchParser.parseRunFilter(""),
                ViewType.ACTIVE_ONLY, 10, SearchParser.parseRunOrderBy(List.of("attributes.run_name DESC")), PageToken.FIRST)).items();
        assertThat(ordered).extracting(r -> r.info().runName()).containsExactly("quiet-heron-7", "brave-otter-42");
    }

    private List<RunId> search(String filter) {
        return search(filter, null, 100);
    }

    private List<RunId> search(String filter, String orderBy, int max) {
        return searchRuns(filter, orderBy, max).stream().map(r -> r.info().runId()).toList();
    }

    private List<Run> searchRuns(String filter, String orderBy, int max) {
        return reader.searchRuns(new RunSearch(List.of(exp), SearchParser.parseRunFilter(filter), ViewType.ACTIVE_ONLY, max,
                SearchParser.parseRunOrderBy(orderBy == null ? List.of() : List.of(orderBy)), PageToken.FIRST)).items();
    }
}
