package io.tether.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The directory where the embedded defaults keep what must survive a restart: the embedded
 * PostgreSQL cluster and the secrets generated on first start.
 */
@ConfigurationProperties("tether")
public record DataDirectory(@DefaultValue("./data") Path dataDir) {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    public Path resolve(String name) {
        return dataDir.toAbsolutePath().normalize().resolve(name);
    }

    /**
     * Reads a secret kept in the data directory, generating it on first use into a file only the
     * owner can read. Secrets generated this way suit a developer machine, so each one is announced.
     */
    public String readOrGenerateSecret(String fileName, String environmentVariable, Supplier<String> generator) {
        return readOrGenerateOwnerOnly(fileName, () -> {
            log.warn("Generating {} because {} is not set; set it in any shared or production deployment",
                    resolve(fileName), environmentVariable);
            return generator.get();
        });
    }

    /**
     * Reads a secret kept in the data directory, generating it on first use into a file created readable and
     * writable by its owner only (never for a moment by anyone else).
     */
    public String readOrGenerateOwnerOnly(String fileName, Supplier<String> generator) {
        Path file = resolve(fileName);
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(file.getParent());
                Path written = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".new", ownerOnly(file));
                Files.writeString(written, generator.get());
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
