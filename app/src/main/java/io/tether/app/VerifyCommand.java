package io.tether.app;

import io.tether.infrastructure.audit.DigestVerifier;
import io.tether.infrastructure.audit.DigestVerifier.Finding;
import io.tether.infrastructure.audit.DigestVerifier.Report;
import io.tether.infrastructure.audit.ExportVerifier;
import io.tether.infrastructure.audit.ExportVerifier.ExportReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar tether.jar verify --digests <dir> [--database <jdbc-url>] [--user <name>] [--public-keys <file>]}:
 * the auditor's verifier, without starting Tether; {@code verify --export <file> [--public-keys <file>]} checks an
 * audit export made with {@code include=digests} on its own. The database password, if any, comes from
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
        if (!options.keySet().stream().allMatch(option -> option.matches("digests|database|user|public-keys|export"))) {
            return usage(err, "unknown option among " + options.keySet());
        }
        Path publicKeys = options.containsKey("public-keys") ? Path.of(options.get("public-keys")) : null;
        if (options.containsKey("export")) {
            if (options.containsKey("digests") || options.containsKey("database")) {
                return usage(err, "--export verifies an export file alone: no --digests, no --database");
            }
            if (!Files.isRegularFile(Path.of(options.get("export")))) {
                return usage(err, "--export must name an export file (include=digests)");
            }
            return verifyExport(Path.of(options.get("export")), publicKeys, out, err);
        }
        String digests = options.get("digests");
        if (digests == null || !Files.isDirectory(Path.of(digests))) {
            return usage(err, "--digests must name a directory of digests");
        }
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
            print(report.findings(), out);
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

    private static int verifyExport(Path export, Path publicKeys, PrintStream out, PrintStream err) {
        try {
            ExportReport report = ExportVerifier.verify(export, publicKeys);
            print(report.findings(), out);
            String checked = report.digests() + " digests, " + report.aggregatesChecked() + " aggregates, "
                    + report.eventsChecked() + " events of organization " + report.organizationId() + " from "
                    + (report.from() == null ? "the beginning" : report.from()) + " to "
                    + (report.to() == null ? "the export" : report.to());
            out.println(report.clean() ? "Clean: " + checked + " verified" : report.findings().size() + " findings in " + checked);
            out.println(report.eventsVouchedFor() + " of the " + report.eventsChecked()
                    + " events are covered by a digest in the export; the others came after its last digest");
            if (publicKeys == null) {
                out.println("Signatures were checked under the keys the export carries: compare them with the keys "
                        + "Tether publishes, or pass the ones you kept with --public-keys");
            }
            return report.clean() ? 0 : 1;
        } catch (Exception e) {
            err.println("Could not verify: " + e.getMessage());
            return 2;
        }
    }

    private static void print(List<Finding> findings, PrintStream out) {
        for (Finding finding : findings) {
            out.println(finding.problem().code() + ": " + finding.description());
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: java -jar tether.jar verify --digests <dir> [--database <jdbc-url>] [--user <name>]"
                + " [--public-keys <file>]   (database password from PGPASSWORD)");
        err.println("       java -jar tether.jar verify --export <audit-log.ndjson or .csv> [--public-keys <file>]"
                + "   (an export made with include=digests)");
        return 2;
    }
}
