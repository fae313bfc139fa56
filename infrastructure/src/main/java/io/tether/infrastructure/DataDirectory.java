package io.tether.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path file = resolve(fileName);
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, generator.get());
                restrictToOwner(file);
                log.warn("Generated {} because {} is not set; set it in any shared or production deployment",
                        file, environmentVariable);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
