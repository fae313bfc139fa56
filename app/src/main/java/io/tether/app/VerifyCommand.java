package io.tether.app;

import io.tether.infrastructure.audit.DigestVerifier;
import io.tether.infrastructure.audit.DigestVerifier.Finding;
import io.tether.infrastructure.audit.DigestVerifier.Report;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar tether.jar verify --digests <dir> [--database <jdbc-url>] [--user <name>] [--public-keys <file>]}:
 * the auditor's verifier, without starting Tether. The database password, if any, comes from
 * {@code PGPASSWORD}. Prints each finding in words; exits 0 when all is clean, 1 when something was found,
 * 2 when it could not verify.
 */
final class VerifyCommand {

    static final String NAME = "verify";

    private VerifyCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return usage(err, "unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        if (!options.keySet().stream().allMatch(option -> option.matches("digests|database|user|public-keys"))) {
            return usage(err, "unknown option among " + options.keySet());
        }
        String digests = options.get("digests");
        if (digests == null || !Files.isDirectory(Path.of(digests))) {
            return usage(err, "--digests must name a directory of digests");
        }
        Path publicKeys = options.containsKey("public-keys") ? Path.of(options.get("public-keys")) : null;
        try {
            Report report;
            if (options.containsKey("database")) {
                Properties login = new Properties();
                if (options.containsKey("user")) {
                    login.setProperty("user", options.get("user"));
                }
                if (System.getenv("PGPASSWORD") != null) {
                    login.setProperty("password", System.getenv("PGPASSWORD"));
                }
                try (Connection database = DriverManager.getConnection(options.get("database"), login)) {
                    report = DigestVerifier.verify(Path.of(digests), publicKeys, database);
                }
            } else {
                report = DigestVerifier.verify(Path.of(digests), publicKeys, null);
            }
            for (Finding finding : report.findings()) {
                out.println(finding.problem().code() + ": " + finding.description());
            }
            out.println(report.clean()
                    ? "Clean: " + report.digests() + " digests, " + report.aggregatesChecked() + " aggregates, "
                            + report.eventsChecked() + " events verified"
                    : report.findings().size() + " findings in " + report.digests() + " digests, "
                            + report.aggregatesChecked() + " aggregates, " + report.eventsChecked() + " events");
            return report.clean() ? 0 : 1;
        } catch (Exception e) {
            err.println("Could not verify: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: java -jar tether.jar verify --digests <dir> [--database <jdbc-url>] [--user <name>]"
                + " [--public-keys <file>]   (database password from PGPASSWORD)");
        return 2;
    }
}
