package dev.cairn.artifacts;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code download} for every repository, written once in terms of {@code list} and {@code open}. The
 * local destination is guarded too: a hostile listing from a remote store cannot name a file outside
 * {@code destination}, because each name is re-checked by {@link ArtifactPath} before it is joined.
 */
final class RepositoryDownloads {
    private RepositoryDownloads() {}

    static void download(ArtifactRepository repo, String path, Path destination) {
        String relative = ArtifactPath.normalize(path);
        try {
            Files.createDirectories(destination);
            List<FileInfo> children = repo.list(relative);
            if (children.isEmpty() && !relative.isEmpty() && isFile(repo, relative)) {
                copyFile(repo, relative, destination.resolve(ArtifactPath.fileName(relative)));
                return;
            }
            copyTree(repo, relative, children, destination);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot download '" + relative + "' to " + destination, e);
        }
    }

    private static void copyTree(ArtifactRepository repo, String dir, List<FileInfo> children, Path destination)
            throws IOException {
        for (FileInfo child : children) {
            String name = ArtifactPath.normalize(ArtifactPath.fileName(child.path()));
            if (name.isEmpty()) {
                continue;
            }
            String childPath = ArtifactPath.join(dir, name);
            Path local = ArtifactPath.resolveLocal(destination, name);
            if (child.isDir()) {
                Files.createDirectories(local);
                copyTree(repo, childPath, repo.list(childPath), local);
            } else {
                copyFile(repo, childPath, local);
            }
        }
    }

    private static boolean isFile(ArtifactRepository repo, String path) {
        try (InputStream ignored = repo.open(path)) {
            return true;
        } catch (CairnException e) {
            if (e.code() == dev.cairn.core.error.ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw CairnException.notFound("No artifact at '%s'.", path);
            }
            throw e;
        } catch (IOException e) {
            return true;
        }
    }

    private static void copyFile(ArtifactRepository repo, String path, Path local) throws IOException {
        Files.createDirectories(local.getParent());
        try (InputStream in = repo.open(path)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
