package io.tether.query.audit;

import static io.tether.api.problem.ProblemCode.INVALID_PARAMETER;

import io.tether.infrastructure.audit.DigestVerifier;
import io.tether.infrastructure.audit.DigestVerifier.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/** The event store verified against a directory of signed digests on this server, on one connection of the pool. */
@Component
class DigestVerification {

    private final DataSource dataSource;

    DigestVerification(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Report verify(String digests, String publicKeys) {
        Path directory = Path.of(digests);
        if (!Files.isDirectory(directory)) {
            throw INVALID_PARAMETER.exception("digests: " + digests + " is not a directory on this server");
        }
        Path keys = publicKeys == null ? null : Path.of(publicKeys);
        if (keys != null && !Files.isRegularFile(keys)) {
            throw INVALID_PARAMETER.exception("public_keys: " + publicKeys + " is not a file on this server");
        }
        try (Connection connection = dataSource.getConnection()) {
            return DigestVerifier.verify(directory, keys, connection);
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("The event store could not be read", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
