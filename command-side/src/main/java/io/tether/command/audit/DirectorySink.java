package io.tether.command.audit;

import io.tether.infrastructure.audit.AuditDigests;
import io.tether.infrastructure.audit.DigestKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One file per digest ({@code digest-0000000001.json}) and the signing keys ({@value AuditDigests#PUBLIC_KEYS_FILE})
 * in a directory; each file written whole under another name, then moved into place. A digest file already
 * there is never replaced: one that differs is an error for the operator to look at.
 */
final class DirectorySink implements DigestSink {

    private final Path directory;

    DirectorySink(Path directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public void deliver(long number, byte[] document, DigestKey key) throws IOException {
        Files.createDirectories(directory);
        publish(key);
        Path file = directory.resolve(AuditDigests.fileName(number));
        if (Files.exists(file)) {
            if (!Arrays.equals(Files.readAllBytes(file), document)) {
                throw new IOException(file + " exists and is not digest " + number + " as Tether wrote it; it is left as it is");
            }
            return;
        }
        write(file, document);
    }

    /** The key joins the published ones when it is new (a rotation): published keys are never removed. */
    private void publish(DigestKey key) throws IOException {
        Path file = directory.resolve(AuditDigests.PUBLIC_KEYS_FILE);
        List<DigestKey> keys = new ArrayList<>(Files.exists(file) ? AuditDigests.readPublicKeys(Files.readAllBytes(file)) : List.of());
        if (!keys.contains(key)) {
            keys.add(key);
            write(file, AuditDigests.publicKeys(keys));
        }
    }

    private void write(Path file, byte[] content) throws IOException {
        Path written = Files.createTempFile(directory, "." + file.getFileName(), ".new");
        Files.write(written, content);
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
