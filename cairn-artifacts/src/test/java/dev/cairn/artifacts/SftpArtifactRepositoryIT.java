package dev.cairn.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.testkit.ArtifactRepositoryContract;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against an in-process MINA SSHD server whose SFTP file system is rooted in a temp dir. */
class SftpArtifactRepositoryIT extends ArtifactRepositoryContract {
    @TempDir
    static Path serverDir;

    private static SshServer sshd;
    private static KeyPair clientKey;
    private static PublicKey hostKey;
    private static Path sftpRoot;
    private static Path canary;

    @BeforeAll
    static void startSshd() throws Exception {
        sftpRoot = Files.createDirectories(serverDir.resolve("sftp-root"));
        canary = Files.writeString(serverDir.resolve("canary.txt"), "canary");
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        clientKey = gen.generateKeyPair();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(serverDir.resolve("host.key"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        sshd.setKeyPairProvider(hostKeys);
        sshd.setPasswordAuthenticator((user, password, session) -> user.equals("cairn") && password.equals("s3cret"));
        sshd.setPublickeyAuthenticator((user, key, session) -> user.equals("cairn") && KeyUtils.compareKeys(key, clientKey.getPublic()));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(sftpRoot));
        sshd.start();
        hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.stop(true);
        }
    }

    @AfterEach
    void canaryUntouched() {
        assertThat(canary).hasContent("canary");
        assertThat(serverDir.resolve("x")).doesNotExist();
    }

    private SftpArtifactRepository.Target passwordTarget(String root) {
        return new SftpArtifactRepository.Target("cairn", "127.0.0.1", sshd.getPort(), root, "s3cret", List.of(),
                (session, address, key) -> KeyUtils.compareKeys(key, hostKey), Duration.ofSeconds(10));
    }

    @Override
    protected ArtifactRepository newRepository() {
        return new SftpArtifactRepository(passwordTarget("/runs/" + UUID.randomUUID() + "/artifacts"));
    }

    @Test
    void keyAuthenticationAndKnownHostsFromTheEnvironment() throws Exception {
        Path key = scratch.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "cairn-test", null, out);
        }
        Path knownHosts = Files.writeString(scratch.resolve("known_hosts"),
                "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(hostKey) + "\n");
        Map<String, String> env = Map.of("CAIRN_SFTP_IDENTITY", key.toString(), "CAIRN_SFTP_KNOWN_HOSTS", knownHosts.toString());
        String uri = "sftp://cairn@127.0.0.1:" + sshd.getPort() + "/keyed";
        try (ArtifactRepository r = new SftpArtifactRepository(SftpArtifactRepositoryProvider.target(uri, env, scratch))) {
            r.write("k.txt", new ByteArrayInputStream(new byte[] {42}), 1);
            assertThat(r.list("")).containsExactly(new FileInfo("k.txt", false, 1L));
        }
        assertThat(sftpRoot.resolve("keyed/k.txt")).hasBinaryContent(new byte[] {42});
    }

    @Test
    void unknownHostKeyIsRefused() throws Exception {
        Path emptyKnownHosts = Files.writeString(scratch.resolve("known_hosts"), "");
        Map<String, String> env = Map.of("CAIRN_SFTP_KNOWN_HOSTS", emptyKnownHosts.toString());
        String uri = "sftp://cairn:s3cret@127.0.0.1:" + sshd.getPort() + "/x";
        assertThatThrownBy(() -> new SftpArtifactRepository(SftpArtifactRepositoryProvider.target(uri, env, scratch)))
                .isInstanceOf(CairnException.class);
    }

    @Test
    void wrongPasswordIsPermissionDenied() {
        var bad = new SftpArtifactRepository.Target("cairn", "127.0.0.1", sshd.getPort(), "/x", "wrong", List.of(),
                (session, address, key) -> true, Duration.ofSeconds(10));
        assertThatThrownBy(() -> new SftpArtifactRepository(bad)).isInstanceOfSatisfying(CairnException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    }

    @Test
    void unreachableServerFailsFastWithAClearError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var dead = new SftpArtifactRepository.Target("cairn", "127.0.0.1", closedPort, "/x", "s3cret", List.of(),
                (session, address, key) -> true, Duration.ofSeconds(5));
        long start = System.nanoTime();
        assertThatThrownBy(() -> new SftpArtifactRepository(dead)).isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
            assertThat(e.getMessage()).contains("Cannot reach SFTP server", String.valueOf(closedPort));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void rootWithDotDotIsRefused() {
        assertThatThrownBy(() -> SftpArtifactRepositoryProvider.target("sftp://u@h/a/../../etc", Map.of(), scratch))
                .isInstanceOfSatisfying(CairnException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
