package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.artifact.UploadedPart;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link ArtifactRepository} must do, whatever stores the bytes. A backend's test extends this
 * class and returns a fresh, empty repository from {@link #newRepository()}; a case a backend cannot
 * support is overridden with {@code @Disabled("why")}, never skipped silently.
 */
public abstract class ArtifactRepositoryContract {
    @TempDir
    protected Path scratch;

    protected ArtifactRepository repo;

    /** A new repository rooted at an empty location private to this test. */
    protected abstract ArtifactRepository newRepository() throws Exception;

    /** Size of the streamed-write case; backends with multipart uploads pick one that spans several parts. */
    protected long largeFileBytes() {
        return 12L * 1024 * 1024 + 17;
    }

    @BeforeEach
    void openRepository() throws Exception {
        repo = newRepository();
    }

    @AfterEach
    void closeRepository() {
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void writeThenOpenReturnsTheSameBytes() throws IOException {
        write("a/b/hello.txt", "hello");
        assertThat(read("a/b/hello.txt")).isEqualTo("hello");
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        write("f.txt", "first, longer content");
        write("f.txt", "second");
        assertThat(read("f.txt")).isEqualTo("second");
    }

    @Test
    void emptyFilesRoundTrip() throws IOException {
        write("empty.bin", "");
        assertThat(read("empty.bin")).isEmpty();
        assertThat(repo.list("")).containsExactly(new FileInfo("empty.bin", false, 0L));
    }

    @Test
    void namesWithSpacesAndUnicodeRoundTrip() throws IOException {
        write("dir with space/Grüße ✓ (1).txt", "x");
        assertThat(read("dir with space/Grüße ✓ (1).txt")).isEqualTo("x");
        assertThat(repo.list("dir with space")).extracting(FileInfo::path)
                .containsExactly("dir with space/Grüße ✓ (1).txt");
    }

    @Test
    void listShowsDirectChildrenSortedWithSizes() {
        write("m/b.txt", "bb");
        write("m/a.txt", "a");
        write("m/sub/deep.txt", "deep");
        write("top.txt", "t");
        assertThat(repo.list("m")).containsExactly(
                new FileInfo("m/a.txt", false, 1L),
                new FileInfo("m/b.txt", false, 2L),
                new FileInfo("m/sub", true, null));
        assertThat(repo.list("")).containsExactly(new FileInfo("m", true, null), new FileInfo("top.txt", false, 1L));
        assertThat(repo.list(null)).isEqualTo(repo.list(""));
    }

    @Test
    void listAcceptsATrailingSlash() {
        write("d/x.txt", "x");
        assertThat(repo.list("d/")).isEqualTo(repo.list("d"));
    }

    @Test
    void listOfMissingPathOrFileIsEmpty() {
        write("file.txt", "x");
        assertThat(repo.list("nothing/here")).isEmpty();
        assertThat(repo.list("file.txt")).isEmpty();
    }

    @Test
    void listOfAnEmptyRepositoryIsEmpty() {
        assertThat(repo.list("")).isEmpty();
    }

    @Test
    void openOfMissingFileIsNotFound() {
        assertThatThrownBy(() -> repo.open("missing.txt"))
                .isInstanceOfSatisfying(CairnException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void logArtifactStoresUnderTheFileName() throws IOException {
        Path file = Files.writeString(scratch.resolve("model.pkl"), "weights");
        repo.logArtifact(file, "models");
        repo.logArtifact(file, null);
        assertThat(read("models/model.pkl")).isEqualTo("weights");
        assertThat(read("model.pkl")).isEqualTo("weights");
    }

    @Test
    void logArtifactsCopiesATreeRecursively() throws IOException {
        Path dir = scratch.resolve("out");
        Files.createDirectories(dir.resolve("nested/deeper"));
        Files.writeString(dir.resolve("one.txt"), "1");
        Files.writeString(dir.resolve("nested/two.txt"), "22");
        Files.writeString(dir.resolve("nested/deeper/three.txt"), "333");
        repo.logArtifacts(dir, "run-output");
        assertThat(read("run-output/one.txt")).isEqualTo("1");
        assertThat(read("run-output/nested/two.txt")).isEqualTo("22");
        assertThat(read("run-output/nested/deeper/three.txt")).isEqualTo("333");
        assertThat(repo.list("run-output/nested")).extracting(FileInfo::path)
                .containsExactly("run-output/nested/deeper", "run-output/nested/two.txt");
    }

    @Test
    void downloadCopiesAFileOrATree() throws IOException {
        write("t/a.txt", "a");
        write("t/s/b.txt", "bb");
        Path fileDest = scratch.resolve("dl-file");
        repo.download("t/a.txt", fileDest);
        assertThat(fileDest.resolve("a.txt")).hasContent("a");

        Path treeDest = scratch.resolve("dl-tree");
        repo.download("t", treeDest);
        assertThat(treeDest.resolve("a.txt")).hasContent("a");
        assertThat(treeDest.resolve("s/b.txt")).hasContent("bb");
    }

    @Test
    void downloadOfMissingPathIsNotFound() {
        assertThatThrownBy(() -> repo.download("nope", scratch.resolve("dl")))
                .isInstanceOfSatisfying(CairnException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void deleteRemovesAFileOrATreeAndIgnoresMissingPaths() {
        write("keep.txt", "k");
        write("gone.txt", "g");
        write("tree/a.txt", "a");
        write("tree/sub/b.txt", "b");
        write("treehouse/c.txt", "c");
        repo.delete("gone.txt");
        repo.delete("tree");
        repo.delete("never/was");
        assertThat(repo.list("")).extracting(FileInfo::path).containsExactly("keep.txt", "treehouse");
        assertThat(repo.list("treehouse")).extracting(FileInfo::path).containsExactly("treehouse/c.txt");
    }

    @Test
    void largeWritesStreamWithoutLoss() throws Exception {
        long size = largeFileBytes();
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new java.security.DigestInputStream(new PatternStream(size), sent)) {
            repo.write("big/blob.bin", in, size);
        }
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long count = 0;
        try (InputStream in = repo.open("big/blob.bin")) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                received.update(buf, 0, n);
                count += n;
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(received.digest()).isEqualTo(sent.digest());
        assertThat(repo.list("big")).containsExactly(new FileInfo("big/blob.bin", false, size));
    }

    @Test
    void writeWithUnknownLengthStreams() throws IOException {
        repo.write("unknown.txt", new ByteArrayInputStream("no length".getBytes(StandardCharsets.UTF_8)), -1);
        assertThat(read("unknown.txt")).isEqualTo("no length");
    }

    /** Paths that must be refused by every operation before storage is touched. */
    public static Stream<String> hostilePaths() {
        return Stream.of(
                "..", "../x", "a/../../x", "a/..", "./../x",
                "%2e%2e/x", "%2E%2E%2Fx", "..%2fx", "%252e%252e/x", "a%00b",
                "..\\x", "a\\..\\..\\x", "\\\\server\\share\\x",
                "/etc/passwd", "//etc/passwd", "~/x",
                "C:\\windows\\x", "C:/windows/x", "c:x",
                "a#../../x", "a?x=../../y", "x\0.txt", "a/\u0001b",
                "\uFF0E\uFF0E/x", "..\uFFFDx", "..\uFF0Fx", ".. /x", "... /x",
                "n".repeat(256), "d/".repeat(2100));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void hostilePathsAreRefusedByEveryOperation(String path) {
        assertRefused(() -> repo.write(path, new ByteArrayInputStream(new byte[] {1}), 1));
        assertRefused(() -> repo.open(path));
        assertRefused(() -> repo.list(path));
        assertRefused(() -> repo.delete(path));
        assertRefused(() -> repo.download(path, scratch.resolve("dl")));
        assertRefused(() -> repo.logArtifact(scratch, path));
        repo.multipartUploads().ifPresent(m -> assertRefused(() -> m.create(path, 1)));
    }

    // --- multipart uploads ---

    /** Size of the non-last parts in the multipart cases; S3 takes no smaller ones. */
    protected long multipartPartBytes() {
        return 5L * 1024 * 1024;
    }

    /**
     * Why this repository offers no multipart uploads, or null when it must. A reason turns the multipart
     * cases into reported skips naming it; without one, a repository lacking them fails those cases.
     */
    protected String multipartUnsupportedReason() {
        return null;
    }

    private MultipartUploads multipart() {
        String reason = multipartUnsupportedReason();
        org.junit.jupiter.api.Assumptions.assumeTrue(reason == null, reason);
        return repo.multipartUploads().orElseThrow(() -> new AssertionError(getClass().getSimpleName()
                + " offers no multipart uploads; name the reason in multipartUnsupportedReason()"));
    }

    private static byte[] slice(byte[] all, long from, long to) {
        return java.util.Arrays.copyOfRange(all, (int) from, (int) to);
    }

    private String putPart(MultipartUploads m, String path, String id, int number, byte[] bytes) {
        return m.uploadPart(path, id, number, new ByteArrayInputStream(bytes), bytes.length);
    }

    @Test
    void multipartPartsSentInAnyOrderBecomeOneFile() throws IOException {
        MultipartUploads m = multipart();
        long part = multipartPartBytes();
        long size = 2 * part + 1234;
        byte[] all = new PatternStream(size).readAllBytes();
        String id = m.create("mp/data.bin", 3);
        String e3 = putPart(m, "mp/data.bin", id, 3, slice(all, 2 * part, size));
        String e1 = putPart(m, "mp/data.bin", id, 1, slice(all, 0, part));
        String e2 = putPart(m, "mp/data.bin", id, 2, slice(all, part, 2 * part));
        // Order of the list does not matter, and quoted ETags (as HTTP carries them) are accepted.
        m.complete("mp/data.bin", id, List.of(new UploadedPart(2, "\"" + e2 + "\""), new UploadedPart(1, e1),
                new UploadedPart(3, e3)));
        try (InputStream in = repo.open("mp/data.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(all);
        }
        // Whatever the upload kept in storage is gone and never was visible.
        assertThat(repo.list("")).containsExactly(new FileInfo("mp", true, null));
        assertThat(repo.list("mp")).containsExactly(new FileInfo("mp/data.bin", false, size));
        assertNotFound(() -> m.abort("mp/data.bin", id));
    }

    @Test
    void multipartStagingNeverShowsInListings() {
        MultipartUploads m = multipart();
        write("kept.txt", "k");
        String id = m.create("dir/f.bin", 2);
        putPart(m, "dir/f.bin", id, 1, new byte[(int) multipartPartBytes()]);
        assertThat(repo.list("")).containsExactly(new FileInfo("kept.txt", false, 1L));
        assertThat(repo.list("dir")).isEmpty();
        m.abort("dir/f.bin", id);
    }

    @Test
    void multipartAbortRemovesTheParts() {
        MultipartUploads m = multipart();
        String id = m.create("ab/x.bin", 2);
        putPart(m, "ab/x.bin", id, 1, new byte[(int) multipartPartBytes()]);
        m.abort("ab/x.bin", id);
        assertThat(repo.list("")).isEmpty();
        assertNotFound(() -> m.abort("ab/x.bin", id));
        assertThatThrownBy(() -> repo.open("ab/x.bin")).isInstanceOf(CairnException.class);
    }

    @Test
    public void multipartCallsOnAnAbortedUploadAreRefused() {
        MultipartUploads m = multipart();
        String id = m.create("ab/y.bin", 2);
        String etag = putPart(m, "ab/y.bin", id, 1, new byte[] {1});
        m.abort("ab/y.bin", id);
        assertNotFound(() -> putPart(m, "ab/y.bin", id, 2, new byte[] {1}));
        assertNotFound(() -> m.complete("ab/y.bin", id, List.of(new UploadedPart(1, etag))));
    }

    @Test
    void multipartCompletionChecksPartsAndEtags() throws IOException {
        MultipartUploads m = multipart();
        byte[] first = new PatternStream(multipartPartBytes()).readAllBytes();
        String id = m.create("e/f.bin", 3);
        String e1 = putPart(m, "e/f.bin", id, 1, first);
        String e2 = putPart(m, "e/f.bin", id, 2, new byte[] {9, 8, 7});
        assertRefused(() -> m.complete("e/f.bin", id, List.of(new UploadedPart(1, e1), new UploadedPart(3, e2))));
        assertRefused(() -> m.complete("e/f.bin", id, List.of()));
        assertRefused(() -> m.complete("e/f.bin", id, List.of(new UploadedPart(1, e1), new UploadedPart(2, "not-" + e2))));
        // A refused completion leaves the upload open; the right parts still complete it, ETags optional.
        m.complete("e/f.bin", id, List.of(new UploadedPart(1, e1), new UploadedPart(2, null)));
        try (InputStream in = repo.open("e/f.bin")) {
            byte[] got = in.readAllBytes();
            assertThat(got).hasSize(first.length + 3);
            assertThat(slice(got, 0, first.length)).isEqualTo(first);
        }
    }

    /** Ids that are not the shape any implementation hands out; refused before storage is asked. */
    public static Stream<String> hostileUploadIds() {
        return Stream.of("../../etc", "..", ".", "a/b", "", " ", "x\0y", "x\ny", "%2e%2e", "a\\b", "x".repeat(2000));
    }

    @ParameterizedTest
    @MethodSource("hostileUploadIds")
    void multipartRefusesMalformedUploadIds(String id) {
        MultipartUploads m = multipart();
        assertRefused(() -> putPart(m, "f.bin", id, 1, new byte[] {1}));
        assertRefused(() -> m.complete("f.bin", id, List.of(new UploadedPart(1, null))));
        assertRefused(() -> m.abort("f.bin", id));
        assertRefused(() -> m.abort("f.bin", null));
        assertThat(repo.list("")).isEmpty();
    }

    @Test
    void multipartRefusesBadPartNumbersPathsAndUnknownUploads() {
        MultipartUploads m = multipart();
        assertRefused(() -> m.create("f.bin", 0));
        assertRefused(() -> m.create("f.bin", MultipartUploads.MAX_PARTS + 1));
        assertRefused(() -> m.create("", 1));
        assertRefused(() -> m.create(MultipartUploads.STAGING_DIR + "/x", 1));
        String id = m.create("f.bin", 2);
        assertRefused(() -> putPart(m, "f.bin", id, 0, new byte[] {1}));
        assertRefused(() -> putPart(m, "f.bin", id, MultipartUploads.MAX_PARTS + 1, new byte[] {1}));
        String unknown = java.util.UUID.randomUUID().toString();
        assertNotFound(() -> m.abort("f.bin", unknown));
        assertNotFound(() -> m.complete("f.bin", unknown, List.of(new UploadedPart(1, "x"))));
        m.abort("f.bin", id);
    }

    private static void assertNotFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    protected void write(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        repo.write(path, new ByteArrayInputStream(bytes), bytes.length);
    }

    protected String read(String path) throws IOException {
        try (InputStream in = repo.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    protected List<String> paths(String dir) {
        return repo.list(dir).stream().map(FileInfo::path).toList();
    }

    /** A deterministic, non-repeating-per-block byte stream of a given length, generated without a buffer. */
    public static final class PatternStream extends InputStream {
        private final long size;
        private long position;

        public PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return byteAt(position++);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) byteAt(position + i);
            }
            position += n;
            return n;
        }

        private static int byteAt(long p) {
            return (int) ((p * 31 + (p >>> 13)) & 0xff);
        }
    }
}
