package dev.cairn.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.testkit.ArtifactRepositoryContract;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract on a local directory, plus what only a local root can show: symlinks and sibling prefixes. */
class LocalArtifactRepositoryTest extends ArtifactRepositoryContract {
    private Path root;
    private Path canary;

    @Override
    protected ArtifactRepository newRepository() throws Exception {
        root = Files.createDirectories(scratch.resolve("root"));
        return new LocalArtifactRepository(root);
    }

    /** Planted beside the root; every test ends by checking it was neither read into the root, changed nor deleted. */
    @BeforeEach
    void plantCanary() throws Exception {
        canary = Files.writeString(scratch.resolve("canary.txt"), "canary");
    }

    @Test
    void symlinkToOutsideIsRefusedForEveryOperation() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), scratch);
        Files.createSymbolicLink(root.resolve("file-link"), canary);
        for (String path : new String[] {"escape/canary.txt", "file-link", "escape"}) {
            assertInvalid(() -> repo.open(path));
            assertInvalid(() -> repo.write(path, new ByteArrayInputStream(new byte[] {1}), 1));
            assertInvalid(() -> repo.delete(path));
            assertInvalid(() -> repo.list(path));
        }
        assertThat(canary).hasContent("canary");
        // Outward links are hidden from listings rather than shown and then refused.
        assertThat(repo.list("")).isEmpty();
    }

    @Test
    void danglingSymlinkIsNotWrittenThrough() throws Exception {
        Path target = scratch.resolve("created-outside.txt");
        Files.createSymbolicLink(root.resolve("dangling"), target);
        assertInvalid(() -> repo.write("dangling", new ByteArrayInputStream(new byte[] {1}), 1));
        assertThat(target).doesNotExist();
    }

    @Test
    void symlinkInsideTheRootIsFollowed() throws Exception {
        write("real/a.txt", "a");
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        assertThat(read("alias/a.txt")).isEqualTo("a");
    }

    @Test
    void siblingDirectorySharingTheRootPrefixIsOutside() throws Exception {
        Path sibling = Files.createDirectories(scratch.resolve("root-evil"));
        Files.writeString(sibling.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("s"), sibling);
        assertInvalid(() -> repo.open("s/secret.txt"));
        assertThat(ArtifactPath.resolveLocal(root, "x")).isEqualTo(root.toRealPath().resolve("x"));
    }

    @Test
    void deletingATreeRemovesLinksNotTheirTargets() throws Exception {
        write("tree/a.txt", "a");
        Files.createSymbolicLink(root.resolve("tree/inner-link"), root.resolve("tree/a.txt"));
        repo.delete("tree");
        assertThat(root.resolve("tree")).doesNotExist();
        assertThat(canary).hasContent("canary");
    }

    @Test
    void rootReachedThroughASymlinkWorks() throws Exception {
        Path link = Files.createSymbolicLink(scratch.resolve("root-link"), root);
        try (LocalArtifactRepository viaLink = new LocalArtifactRepository(link)) {
            write("x.txt", "x");
            assertThat(viaLink.list("")).containsExactly(new FileInfo("x.txt", false, 1L));
        }
    }

    @Test
    void writingOverADirectoryIsRefused() {
        write("d/x.txt", "x");
        assertInvalid(() -> repo.write("d", new ByteArrayInputStream(new byte[] {1}), 1));
    }

    @Test
    void truncatedUploadLeavesTheOldVersion() {
        write("f.txt", "old");
        assertInvalid(() -> repo.write("f.txt", new ByteArrayInputStream(new byte[] {1, 2}), 10));
        assertThat(root.resolve("f.txt")).hasContent("old");
        assertThat(repo.list("")).extracting(FileInfo::path).containsExactly("f.txt");
    }

    @Test
    void factoryOpensFileUrisAndPathsAndNamesKnownSchemes() throws Exception {
        write("x.txt", "x");
        try (ArtifactRepository byUri = ArtifactRepositories.open(root.toUri().toString());
                ArtifactRepository byPath = ArtifactRepositories.open(root.toString())) {
            assertThat(byUri.list("")).extracting(FileInfo::path).containsExactly("x.txt");
            assertThat(byPath.list("")).extracting(FileInfo::path).containsExactly("x.txt");
        }
        assertThatThrownBy(() -> ArtifactRepositories.open("gopher://x/y"))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("gopher")
                .hasMessageContaining("file")
                .hasMessageContaining("s3")
                .hasMessageContaining("sftp");
        assertInvalid(() -> ArtifactRepositories.open("file:///etc#"));
    }

    @org.junit.jupiter.api.AfterEach
    void canaryUntouched() {
        assertThat(canary).hasContent("canary");
        assertThat(scratch.resolve("x")).doesNotExist();
        assertThat(scratch.resolve("etc")).doesNotExist();
    }


    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
